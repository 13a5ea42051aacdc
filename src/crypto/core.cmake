# Shared hashing used by both halves.
list(APPEND MSE_CRYPTO_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/hash.cc)
list(APPEND MSE_CRYPTO_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/hash_test.cc)
