# HTTP server sources: append to MSE_NET_SOURCES / MSE_NET_TESTS / MSE_NET_DEPS.
list(APPEND MSE_NET_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/http_server.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/http_server_body.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/http_server_message.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/http_server_session.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/tls_server_context.cc)
list(APPEND MSE_NET_TESTS
  ${CMAKE_CURRENT_SOURCE_DIR}/http_server_abuse_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/http_server_test.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/tls_server_test_client.cc)
list(APPEND MSE_NET_DEPS
  Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads nlohmann_json::nlohmann_json)
list(APPEND MSE_NET_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/port.cc)
