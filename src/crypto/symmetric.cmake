# Symmetric crypto, sealed box, Fernet, X25519/HKDF: list sources in MSE_CRYPTO_SOURCES, tests in MSE_CRYPTO_TESTS.
