# X.509, CRL, ECDSA, hashing for attestation: list sources in MSE_CRYPTO_SOURCES, tests in MSE_CRYPTO_TESTS.
