// PCCS v4 collateral client (formats.md §17, attestation.md §11) over an
// injected HTTP GET, so that it is testable with a fake. The caller provides
// timeouts (30 s) and the bounded retry, e.g. with net::HttpClient:
//   PccsClient pccs(url, [&](const std::string& u) -> StatusOr<PccsHttpResponse> {
//     net::HttpRequest r; r.url = u; r.timeout = 30s; r.max_attempts = 3;
//     MSE_ASSIGN_OR_RETURN(auto resp, http.Send(r));
//     return PccsHttpResponse{resp.status, resp.headers, resp.body};
//   });
#ifndef MSE_ATTEST_PCCS_CLIENT_H_
#define MSE_ATTEST_PCCS_CLIENT_H_

#include <functional>
#include <map>
#include <string>

#include "attest/collateral.h"
#include "attest/pck_extension.h"
#include "attest/quote.h"
#include "base/status.h"

namespace mse::attest {

struct PccsHttpResponse {
  long status = 0;  // NOLINT(runtime/int)
  std::map<std::string, std::string> headers;  // names compared case-insensitively
  std::string body;
};

using PccsHttpGet = std::function<StatusOr<PccsHttpResponse>(const std::string& url)>;

// Copyable (holds the base URL and the GET function).
class PccsClient {
 public:
  // `base_url` is scheme://host[:port]; a trailing '/' is removed.
  PccsClient(std::string base_url, PccsHttpGet get);

  // Each call fails when the transport fails, or with a status chosen from
  // the HTTP code (404 NotFound, 400 InvalidArgument, 401/403
  // PermissionDenied, 5xx Unavailable, other Internal) naming the URL.
  StatusOr<Bytes> GetRootCaCrl();  // DER (the body is hex)
  StatusOr<Collateral> GetPckCrl(PckCaType ca);  // pck_crl_der + issuer chain
  StatusOr<Collateral> GetTcbInfo(std::string_view fmspc_hex);  // body + issuer chain
  StatusOr<Collateral> GetQeIdentity();                         // body + issuer chain

  // The whole §11 procedure for a parsed quote: FMSPC and CA type from its
  // PCK chain, then the four requests. Bodies are kept verbatim.
  StatusOr<Collateral> FetchForQuote(const Quote& quote);

 private:
  StatusOr<PccsHttpResponse> Fetch(const std::string& path, std::string_view what);
  std::string base_url_;
  PccsHttpGet get_;
};

std::string PccsUrl(std::string_view base, std::string_view path);

}  // namespace mse::attest

#endif  // MSE_ATTEST_PCCS_CLIENT_H_
