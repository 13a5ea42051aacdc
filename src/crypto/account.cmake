# Accounts: password hashing (argon2id) and JWT signing (ES256).
# Append to MSE_CRYPTO_SOURCES / MSE_CRYPTO_TESTS.
list(APPEND MSE_CRYPTO_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/jwt.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/password.cc)
list(APPEND MSE_CRYPTO_TESTS
  ${CMAKE_CURRENT_SOURCE_DIR}/jwt_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/password_test.cc)
