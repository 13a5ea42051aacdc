# X.509, CRL, ECDSA P-256 and RSA signer keys for attestation.
list(APPEND MSE_CRYPTO_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/crl.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/ecdsa.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/pki_openssl.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/pki_rsa.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/x509.cc)
list(APPEND MSE_CRYPTO_TESTS
  ${CMAKE_CURRENT_SOURCE_DIR}/pki_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/x509_test.cc)

# Test-only helpers (test keys, re-issued certificates, CRLs): linked by
# test binaries only (crypto_test, attest_test).
mse_library(pki_testing
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/pki_testing.cc
  DEPS mse_crypto)
# crypto_test is defined after this file is included: link it at the end.
cmake_language(DEFER CALL target_link_libraries crypto_test PRIVATE mse_pki_testing)
