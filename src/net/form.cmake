# URL and form encoding (application/x-www-form-urlencoded, query strings).
# Append to MSE_NET_SOURCES / MSE_NET_TESTS.
list(APPEND MSE_NET_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/url_form.cc)
list(APPEND MSE_NET_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/url_form_test.cc)
