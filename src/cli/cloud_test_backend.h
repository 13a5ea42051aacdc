// Test-only: a fake mse-cloud on 127.0.0.1 for the CLI's cloud tests. It
// serves the discovery document, the token endpoint, the REST API of
// formats.md §18 (in memory), the signer key, the simulated root and PCCS —
// and on POST /apps it plays the enclave: it measures the uploaded app.tar
// as the runtime would (simulated measurement), gets a simulated quote,
// and starts a TLS configuration server with the resulting RA-TLS
// certificate at <16 hex>.localhost:<its port>, which records the POSTed
// configuration. Hooks make it misbehave (tampered code, wrong signer, …).
#ifndef MSE_CLI_CLOUD_TEST_BACKEND_H_
#define MSE_CLI_CLOUD_TEST_BACKEND_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "attest/sim/measurement.h"
#include "attest/sim/platform.h"
#include "base/env.h"
#include "cloud/client/fake_http_server.h"
#include "cloud/client/models.h"

namespace mse::cli::testing {

// A `docker save` archive with one layer holding /etc/mse/trusted-paths and
// the file it lists. Returns the archive bytes; `image_id` gets its id.
std::string MakeImageTar(std::string* image_id);
// An uncompressed tar of (name, content) members.
std::string MakeTar(const std::vector<std::pair<std::string, std::string>>& members);

class FakeCloud {
 public:
  // `dir` (real file system) holds the simulated platform and the fake's
  // files; `image_tar` is the image the backend "runs". Aborts on failure.
  FakeCloud(const std::string& dir, const std::string& image_tar, Clock& clock);
  ~FakeCloud();

  std::string url() const { return api_->url(); }
  std::string root_pem() const { return platform_->RootPem(); }

  // Hooks (set before the request they affect).
  bool tamper_code = false;   // measure a different code than uploaded
  bool wrong_signer = false;  // /signer.pem serves another key
  std::string fail_status;    // "on_error": apps fail right after creation
  std::string docker_digest;  // App.docker_digest (default: the image's id)

  // Adds a live app of `name` in the default project (what a replace prompt sees).
  std::string AddLiveApp(const std::string& name);

  struct Recorded {
    std::vector<std::string> configuration_posts;  // bodies received by the enclaves
    std::vector<std::string> confs;                // `conf` parts of POST /apps
    std::vector<std::string> stopped;              // app ids
    int created = 0;                               // POST /apps
    std::vector<std::string> created_ids;
  };
  Recorded recorded() const;
  std::optional<cloud::api::App> app(const std::string& id) const;

 private:
  struct Enclave;
  net::ServerResponse Handle(const net::ServerRequest& request);
  std::optional<net::ServerResponse> HandlePublic(const net::ServerRequest& request);
  net::ServerResponse HandleApp(const std::string& path);
  net::ServerResponse CreateApp(const net::ServerRequest& request);
  net::ServerResponse GetApp(const std::string& id);
  net::ServerResponse ListApps(const std::string& target);
  StatusOr<net::TlsCredentials> EnclaveCredentials(const cloud::api::App& app,
                                                   const attest::sim::CodeFileSet& code);
  Status StartEnclave(cloud::api::App& app, const std::string& app_tar);
  cloud::api::App NewApp(const std::string& name, const std::string& status);

  std::string dir_;
  std::string image_tar_;
  std::string image_id_;
  Clock& clock_;
  std::unique_ptr<attest::sim::SimPlatform> platform_;
  std::string signer_pem_;
  std::string other_signer_pem_;
  mutable std::mutex mutex_;
  std::map<std::string, cloud::api::App> apps_;
  std::map<std::string, std::unique_ptr<Enclave>> enclaves_;
  Recorded recorded_;
  int counter_ = 0;
  std::unique_ptr<cloud::testing::FakeHttpServer> api_;
};

}  // namespace mse::cli::testing

#endif  // MSE_CLI_CLOUD_TEST_BACKEND_H_
