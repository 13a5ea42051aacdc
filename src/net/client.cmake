# HTTP client sources: append to MSE_NET_SOURCES / MSE_NET_TESTS / MSE_NET_DEPS.
