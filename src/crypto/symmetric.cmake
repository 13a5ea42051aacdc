# Symmetric crypto, sealed box, Fernet, X25519/HKDF: list sources in MSE_CRYPTO_SOURCES, tests in MSE_CRYPTO_TESTS.
list(APPEND MSE_CRYPTO_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/sodium_init.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/secretbox_stream.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/secretbox.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/code_dir.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/sealed_box.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/x25519.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/fernet.cc)
list(APPEND MSE_CRYPTO_TESTS
  ${CMAKE_CURRENT_SOURCE_DIR}/secretbox_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/code_dir_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/sealed_box_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/x25519_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/fernet_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/cross_impl_test.cc)
# Provider-binding signatures and the enclave's sealed state (issue 13).
list(APPEND MSE_CRYPTO_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/aead.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/ed25519.cc)
list(APPEND MSE_CRYPTO_TESTS
  ${CMAKE_CURRENT_SOURCE_DIR}/aead_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/ed25519_test.cc)
