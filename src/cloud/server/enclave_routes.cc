#include "cloud/server/enclave_routes.h"

#include "crypto/x509.h"
#include "net/http_client.h"

namespace mse::cloud {
namespace {

net::HttpRequest Probe(const std::string& host, int router_port, const std::string& path) {
  net::HttpRequest request;
  const std::string port = std::to_string(router_port);
  request.url = "https://" + host + ":" + port + path;
  request.connect_to = {host + ":" + port + ":127.0.0.1:" + port};
  request.verify_tls = false;  // a readiness probe: nothing is sent
  request.timeout = std::chrono::seconds(3);
  return request;
}

}  // namespace

void RouterRoutes::Publish(const App& app) {
  if (app.port == 0) return;
  router::Route pass{app.id, "127.0.0.1", static_cast<uint16_t>(app.port), false, ""};
  Status st = table_->Set(app.config_domain_name, pass);
  if (st.ok() && app.domain_name != app.config_domain_name) {
    router::Route route = pass;
    if (app.dev_mode) {
      if (app.enclave_cert_pem.empty()) return;  // pinned once the enclave has shown its certificate
      route.terminate_tls = true;
      route.pinned_certificate_pem = app.enclave_cert_pem;
    }
    st = table_->Set(app.domain_name, route);
  }
  if (!st.ok() && log_) log_("router: cannot route app " + app.id + ": " + st.message());
}

void RouterRoutes::Withdraw(const App& app) {
  table_->Remove(app.config_domain_name);
  table_->Remove(app.domain_name);
}

StatusOr<EnclaveProbe::Configuration> RouterProbe::ProbeConfiguration(const App& app) {
  net::HttpRequest request = Probe(app.config_domain_name, router_port_, "/");
  Configuration result;
  request.peer_certificate_verifier = [&result](ByteView der) {
    auto cert = crypto::X509Certificate::FromDer(der);
    if (cert.ok()) result.certificate_pem = cert->ToPem();
    return Status::Ok();
  };
  MSE_ASSIGN_OR_RETURN(net::HttpResponse response, net::NewCurlHttpClient()->Send(request));
  result.waiting = response.status == 200 && !response.Header("Mse-Status").empty();
  return result;
}

StatusOr<bool> RouterProbe::ProbeHealth(const App& app) {
  MSE_ASSIGN_OR_RETURN(net::HttpResponse response,
                       net::NewCurlHttpClient()->Send(Probe(app.domain_name, router_port_, app.healthcheck_endpoint)));
  return response.status != 503 && response.Header("Mse-Status").empty();
}

}  // namespace mse::cloud
