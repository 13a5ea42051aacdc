#include "cli/pccs_fetch.h"

#include <memory>

#include "net/http_client.h"

namespace mse::cli {

attest::PccsHttpGet CurlPccsGet() {
  auto client = std::shared_ptr<net::HttpClient>(net::NewCurlHttpClient());
  return [client](const std::string& url) -> StatusOr<attest::PccsHttpResponse> {
    net::HttpRequest request;
    request.url = url;
    request.timeout = std::chrono::seconds(30);
    request.max_attempts = 3;
    MSE_ASSIGN_OR_RETURN(net::HttpResponse response, client->Send(request));
    return attest::PccsHttpResponse{response.status, response.headers, response.body};
  };
}

}  // namespace mse::cli
