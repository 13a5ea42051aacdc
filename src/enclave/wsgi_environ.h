// The CGI part of a WSGI environ (PEP 3333) built from an HTTP request, as
// plain byte strings; wsgi_host.cc turns them into Python "native strings"
// (latin-1 decoded) and adds the wsgi.* entries. See docs/enclave-runtime.md.
#ifndef MSE_ENCLAVE_WSGI_ENVIRON_H_
#define MSE_ENCLAVE_WSGI_ENVIRON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_server.h"

namespace mse::enclave {

struct WsgiServerInfo {
  std::string server_name = "localhost";  // SERVER_NAME (Host header is HTTP_HOST)
  uint16_t server_port = 443;
  std::string url_scheme = "https";
};

using CgiEnviron = std::vector<std::pair<std::string, std::string>>;

// REQUEST_METHOD, SCRIPT_NAME (""), PATH_INFO (percent-decoded path, bytes),
// QUERY_STRING (raw), CONTENT_TYPE, CONTENT_LENGTH (from the body actually
// received), SERVER_NAME, SERVER_PORT, SERVER_PROTOCOL, REMOTE_ADDR,
// REMOTE_PORT, and one HTTP_<NAME> per header (upper case, '-' -> '_',
// repeated headers joined with ","). Headers whose name contains '_' are
// dropped so that "X_Forwarded" cannot pose as "X-Forwarded". Content-Type
// and Content-Length never appear as HTTP_ variables.
CgiEnviron BuildCgiEnviron(const net::ServerRequest& request, const WsgiServerInfo& server);

// "%41b%2F" -> "Ab/"; malformed escapes are kept as they are.
std::string PercentDecode(std::string_view text);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_WSGI_ENVIRON_H_
