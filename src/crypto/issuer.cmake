# Certificate/CRL issuance and raw ECDSA signing for the simulated SGX platform.
list(APPEND MSE_CRYPTO_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/issuer.cc)
list(APPEND MSE_CRYPTO_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/issuer_test.cc)
