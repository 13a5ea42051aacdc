# HTTP client (libcurl): timeouts, bounded retry, unix sockets, TLS pinning
# and RA-TLS peer verification hooks.
list(APPEND MSE_NET_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/http_client.cc)
list(APPEND MSE_NET_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/http_client_test.cc)
list(APPEND MSE_NET_DEPS CURL::libcurl OpenSSL::SSL)
# The client test builds throw-away certificates with the crypto test helpers;
# net_test is defined after this file is included.
cmake_language(DEFER CALL target_link_libraries net_test PRIVATE mse_pki_testing)
