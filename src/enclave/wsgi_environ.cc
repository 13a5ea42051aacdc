#include "enclave/wsgi_environ.h"

#include <map>

namespace mse::enclave {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string CgiHeaderName(std::string_view name) {
  std::string out = "HTTP_";
  for (char c : name) {
    if (c == '-') {
      out += '_';
    } else if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else {
      out += c;
    }
  }
  return out;
}

// "http://host:1/p?q" (absolute form) -> "/p?q"; anything else unchanged.
std::string_view OriginForm(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.substr(0, scheme.size()) == scheme) {
      size_t slash = target.find('/', scheme.size());
      return slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  return target;
}

}  // namespace

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

CgiEnviron BuildCgiEnviron(const net::ServerRequest& request, const WsgiServerInfo& server) {
  std::string_view target = OriginForm(request.target);
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
  CgiEnviron env = {
      {"REQUEST_METHOD", request.method},
      {"SCRIPT_NAME", ""},
      {"PATH_INFO", PercentDecode(path)},
      {"QUERY_STRING", std::string(query)},
      {"SERVER_NAME", server.server_name},
      {"SERVER_PORT", std::to_string(server.server_port)},
      {"SERVER_PROTOCOL", request.version},
      {"REMOTE_ADDR", request.remote_address},
      {"REMOTE_PORT", std::to_string(request.remote_port)},
  };
  if (auto type = request.Header("Content-Type")) env.emplace_back("CONTENT_TYPE", *type);
  if (!request.body.empty() || request.Header("Content-Length")) {
    env.emplace_back("CONTENT_LENGTH", std::to_string(request.body.size()));
  }
  std::map<std::string, size_t> index;  // CGI name -> position in env
  for (const auto& [name, value] : request.headers) {
    if (name.find('_') != std::string::npos) continue;
    std::string cgi = CgiHeaderName(name);
    if (cgi == "HTTP_CONTENT_TYPE" || cgi == "HTTP_CONTENT_LENGTH") continue;
    auto [it, fresh] = index.emplace(cgi, env.size());
    if (fresh) {
      env.emplace_back(cgi, value);
    } else {
      env[it->second].second += "," + value;
    }
  }
  return env;
}

}  // namespace mse::enclave
