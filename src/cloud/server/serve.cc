#include "cloud/server/serve.h"

#include <iostream>
#include <mutex>
#include <thread>

#include "attest/collateral.h"
#include "attest/pccs_client.h"
#include "attest/quote.h"
#include "attest/ratls.h"
#include "attest/verifier.h"
#include "cloud/api/api_server.h"
#include "cloud/auth/oauth_server.h"
#include "cloud/router/router.h"
#include "cloud/server/data_dir.h"
#include "cloud/server/enclave_routes.h"
#include "crypto/pki_rsa.h"
#include "net/http_client.h"

namespace mse::cloud {
namespace {

class BearerAuthenticator : public api::Authenticator {
 public:
  explicit BearerAuthenticator(auth::TokenService& tokens) : tokens_(tokens) {}
  StatusOr<std::string> UserIdFromBearer(std::optional<std::string_view> header) override {
    if (!header) return UnauthenticatedError("Not authenticated: send `Authorization: Bearer <access token>`");
    return tokens_.AuthenticateBearer(*header);
  }

 private:
  auth::TokenService& tokens_;
};

class OAuthHandler : public net::HttpHandler {
 public:
  explicit OAuthHandler(auth::OAuthServer& server) : server_(server) {}
  net::ServerResponse Handle(const net::ServerRequest& request) override {
    auto response = server_.Dispatch(request);
    if (response) return *std::move(response);
    return net::ServerResponse::JsonError(404, "Not Found");
  }

 private:
  auth::OAuthServer& server_;
};

// The backend's own check of an operator-mode enclave before the router
// pins its certificate: full verification, MRSIGNER = our signer key.
std::function<Status(const App&, const std::string&)> EnclaveVerifier(
    const std::optional<attest::sim::SimPlatform>& sim, const std::string& signer_public_pem,
    const std::string& pccs_url, Env env) {
  return [&sim, signer_public_pem, pccs_url, env](const App&, const std::string& pem) -> Status {
    attest::Policy policy;
    MSE_ASSIGN_OR_RETURN(policy.expected_mr_signer, attest::MrSignerFromPem(signer_public_pem));
    attest::TrustAnchors anchors = attest::TrustAnchors::IntelOnly();
    attest::Collateral collateral;
    if (sim) {
      attest::sim::AddSimRoot(anchors, *sim);
      collateral = sim->collateral();
    } else {
      MSE_ASSIGN_OR_RETURN(auto ratls, attest::ParseRatlsCertificate(AsBytes(pem)));
      MSE_ASSIGN_OR_RETURN(attest::Quote quote, attest::ParseQuote(ratls.quote));
      attest::PccsClient pccs(pccs_url, [](const std::string& url) -> StatusOr<attest::PccsHttpResponse> {
        net::HttpRequest request;
        request.url = url;
        request.max_attempts = 3;
        MSE_ASSIGN_OR_RETURN(net::HttpResponse r, net::NewCurlHttpClient()->Send(request));
        return attest::PccsHttpResponse{r.status, r.headers, r.body};
      });
      MSE_ASSIGN_OR_RETURN(collateral, pccs.FetchForQuote(quote));
    }
    attest::Verdict v = attest::VerifyRatlsCertificate(AsBytes(pem), collateral, policy, anchors,
                                                       env.clock->NowUnixSeconds());
    if (!v.ok) return PermissionDeniedError(v.failure + ": " + v.next_step);
    return Status::Ok();
  };
}

struct Logger {
  std::function<void(std::string_view)> sink;
  void operator()(std::string_view line) const {
    if (sink) {
      sink(line);
      return;
    }
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    std::cout << line << std::endl;
  }
};

std::map<std::string, std::string> AppMetrics(const router::Router& r, const App& app) {
  router::RouteStats s = r.StatsFor(app.id);
  const uint64_t connects = s.backend_connects;
  auto ms = [](uint64_t micros, uint64_t n) { return std::to_string(n == 0 ? 0.0 : micros / 1000.0 / n); };
  return {{"amount_of_connection", std::to_string(s.connections)},
          {"active_connections", std::to_string(s.active_connections)},
          {"average_connect_time", ms(s.backend_connect_micros_total, connects)},
          {"throughput_in", std::to_string(s.bytes_client_to_enclave)},
          {"throughput_out", std::to_string(s.bytes_enclave_to_client)}};
}

std::string RouterPrometheus(const router::Router& r) {
  router::RouterGlobalStats g = r.GlobalStats();
  std::string out = "# HELP mse_cloud_router_connections_total Router connections by outcome.\n"
                    "# TYPE mse_cloud_router_connections_total counter\n";
  for (const auto& [outcome, n] : std::vector<std::pair<std::string, uint64_t>>{
           {"accepted", g.accepted},
           {"rejected_by_limit", g.rejected_by_limit},
           {"no_sni", g.no_sni},
           {"unknown_host", g.unknown_host},
           {"malformed_hello", g.malformed_hello},
           {"hello_timeout", g.hello_timeouts},
           {"backend_failure", g.backend_failures}}) {
    out += "mse_cloud_router_connections_total{outcome=\"" + outcome + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP mse_cloud_router_active_connections Connections open now.\n"
         "# TYPE mse_cloud_router_active_connections gauge\nmse_cloud_router_active_connections " +
         std::to_string(g.active_connections) + "\n";
  return out;
}

// The API on the given host, and on ::1 too when that host is 127.0.0.1
// (so `localhost`, which resolves to ::1 first, reaches it).
StatusOr<std::vector<std::unique_ptr<net::HttpServer>>> StartApi(const ServeOptions& o,
                                                                 std::shared_ptr<net::HttpHandler> handler,
                                                                 const Logger& log) {
  net::HttpServerOptions http;
  http.host = o.api_host;
  http.port = o.api_port;
  http.max_body_bytes = o.max_upload_bytes + (1 << 20);
  http.worker_threads = 16;
  http.body_timeout = std::chrono::minutes(10);
  http.access_log = [log](std::string_view line) { log(line); };
  std::vector<std::unique_ptr<net::HttpServer>> servers;
  MSE_ASSIGN_OR_RETURN(auto first, net::HttpServer::Start(http, handler));
  http.port = first->port();
  servers.push_back(std::move(first));
  if (o.api_host == "127.0.0.1") {
    http.host = "::1";
    auto second = net::HttpServer::Start(http, handler);
    if (second.ok()) servers.push_back(*std::move(second));
    else log("api: not listening on [::1]:" + std::to_string(http.port) + ": " + second.status().message());
  }
  return servers;
}

}  // namespace

Status RunServe(const ServeOptions& o, Env env, const std::atomic<bool>& stop) {
  Logger log{o.log};
  DataDir dir{o.data_dir, o.store_uri};
  MSE_ASSIGN_OR_RETURN(BackendSecrets secrets, PrepareDataDir(dir, o.base_domain, env));
  MSE_ASSIGN_OR_RETURN(auto store, OpenDataStore(dir));
  MSE_ASSIGN_OR_RETURN(auto sim, PrepareSimPlatform(dir, env));
  if (!sim && o.pccs_url.empty()) log("warning: SGX without --pccs: operator-mode apps cannot be verified");
  MSE_ASSIGN_OR_RETURN(auto node, NewDockerNode("local", o.docker_host));
  MSE_RETURN_IF_ERROR(node->Ping().WithContext("the Docker engine mse-cloud runs enclaves on"));

  router::RouterOptions ro;
  ro.port = o.router_port;
  ro.edge_tls.certificate_chain_pem = secrets.edge_cert_pem;
  ro.edge_tls.private_key_pem = std::string(AsStringView(secrets.edge_key_pem.view()));
  if (!o.edge_cert_path.empty()) {
    MSE_ASSIGN_OR_RETURN(ro.edge_tls.certificate_chain_pem, env.fs->ReadFile(o.edge_cert_path));
    MSE_ASSIGN_OR_RETURN(SecretBytes key, env.fs->ReadSecretFile(o.edge_key_path));
    ro.edge_tls.private_key_pem = std::string(AsStringView(key.view()));
  }
  ro.access_log = [log](std::string_view line) { log(line); };
  auto table = std::make_shared<router::RouteTable>();
  MSE_ASSIGN_OR_RETURN(auto router, router::Router::Start(ro, table));

  std::string public_url = o.public_url;
  auth::OAuthServerOptions ao;
  ao.tokens.signing_key_pem = std::string(AsStringView(secrets.jwt_key_pem.view()));
  ao.tokens.rotate_refresh_tokens = o.rotate_refresh_tokens;
  LifecycleOptions lo;
  lo.data_dir = dir.path;
  lo.signer_key_path = dir.SignerKeyPath();
  lo.sim_dir = sim ? dir.SimDir() : "";
  lo.verify_enclave = EnclaveVerifier(sim, secrets.signer_public_pem, o.pccs_url, env);
  lo.log = [log](std::string_view line) { log(line); };
  lo.tamper_code_tar = o.test_tamper_code_tar;
  if (!lo.tamper_code_tar.empty()) log("warning: TEST HOOK: every enclave gets " + lo.tamper_code_tar);
  RouterRoutes routes(table, lo.log);
  RouterProbe probe(router->port());
  Lifecycle lifecycle(*store, *node, routes, probe, env, lo);
  MSE_RETURN_IF_ERROR(lifecycle.Reconcile().WithContext("reconciling with the Docker engine"));

  api::ApiOptions api_options;
  api_options.base_domain = o.base_domain;
  api_options.router_port = router->port();
  api_options.max_upload_bytes = o.max_upload_bytes;
  api_options.signer_public_pem = secrets.signer_public_pem;
  api_options.domain_secret = std::string(AsStringView(secrets.domain_secret.view()));
  // The OAuth server needs the issuer URL, which needs the API's port: a
  // deferred handler bridges the two.
  struct Deferred : net::HttpHandler {
    std::shared_ptr<net::HttpHandler> target;
    net::ServerResponse Handle(const net::ServerRequest& r) override {
      if (!target) return net::ServerResponse::JsonError(503, "mse-cloud is starting");
      return target->Handle(r);
    }
  };
  auto deferred = std::make_shared<Deferred>();
  MSE_ASSIGN_OR_RETURN(auto api_servers, StartApi(o, deferred, log));
  const uint16_t api_port = api_servers.front()->port();
  if (public_url.empty()) public_url = "http://" + (o.api_host.find(':') != std::string::npos ? "[" + o.api_host + "]" : o.api_host) + ":" + std::to_string(api_port);
  ao.tokens.issuer = public_url;
  MSE_ASSIGN_OR_RETURN(auto oauth, auth::OAuthServer::New(std::move(ao), *store, env));
  BearerAuthenticator authenticator(oauth->tokens());
  api_options.api_url = public_url;
  api::ApiDeps deps;
  deps.store = store.get();
  deps.lifecycle = &lifecycle;
  deps.authenticator = &authenticator;
  deps.oauth = std::make_shared<OAuthHandler>(*oauth);
  deps.sim = sim ? &*sim : nullptr;
  deps.app_metrics = [&router](const App& app) { return AppMetrics(*router, app); };
  deps.extra_metrics = [&router] { return RouterPrometheus(*router); };
  deps.env = env;
  deferred->target = api::NewApiHandler(deps, api_options);
  lifecycle.Start();
  log("mse-cloud: API on " + public_url + ", router on port " + std::to_string(router->port()) + " (" +
      (sim ? "SIMULATED SGX: nothing is secure" : "SGX") + "), data in " + dir.path);
  if (o.on_ready) o.on_ready(api_port, router->port());

  int64_t last_renew = env.clock->NowUnixSeconds();
  while (!stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (env.clock->NowUnixSeconds() - last_renew >= 3600) {  // hourly housekeeping
      last_renew = env.clock->NowUnixSeconds();
      (void)store->DeleteExpiredAuthCodes(last_renew);
      auto renewed = sim ? sim->Renew(*env.fs, *env.clock) : StatusOr<bool>(false);
      if (renewed.ok() && *renewed) log("simulated collateral renewed");
    }
  }
  log("mse-cloud: stopping (apps keep running)");
  for (auto& server : api_servers) server->Stop();
  lifecycle.Stop();
  router->Stop();
  return Status::Ok();
}

}  // namespace mse::cloud
