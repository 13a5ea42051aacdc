#include "cli/cloud_test_backend.h"

#include <archive.h>
#include <archive_entry.h>

#include <nlohmann/json.hpp>

#include "attest/sim/measurement.h"
#include "attest/sim/pccs.h"
#include "attest/sim/quote_provider.h"
#include "base/encoding.h"
#include "cloud/client/test_jwt.h"
#include "cloud/client/url.h"
#include "crypto/cert_builder.h"
#include "crypto/hash.h"
#include "crypto/p256.h"
#include "crypto/pki_testing.h"

namespace mse::cli::testing {

using cloud::testing::Json;
using Js = nlohmann::json;

struct FakeCloud::Enclave {
  std::unique_ptr<cloud::testing::FakeHttpServer> server;
  bool configured = false;
};

namespace {

constexpr char kProjectId[] = "11111111-2222-4333-8444-555555555555";

[[noreturn]] void Die(const std::string& what, const Status& s) {
  fprintf(stderr, "FakeCloud: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::abort();
}

template <typename T>
T OrDie(StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Die(what, value.status());
  return std::move(*value);
}

const std::string& SignerPem(int which) {
  static const std::string first = crypto::testing::GenerateRsaPublicKeyPem(3072, 3);
  static const std::string second = crypto::testing::GenerateRsaPublicKeyPem(3072, 3);
  return which == 0 ? first : second;
}

// The parts of a multipart/form-data body, by name.
std::map<std::string, std::string> MultipartParts(const net::ServerRequest& r) {
  std::map<std::string, std::string> parts;
  std::string type(r.Header("Content-Type").value_or(""));
  size_t b = type.find("boundary=");
  if (b == std::string::npos) return parts;
  const std::string dash = "--" + type.substr(b + 9);
  size_t pos = r.body.find(dash);
  while (pos != std::string::npos) {
    size_t head = pos + dash.size() + 2;
    size_t blank = r.body.find("\r\n\r\n", head);
    size_t next = r.body.find("\r\n" + dash, head);
    if (blank == std::string::npos || next == std::string::npos) break;
    std::string headers = r.body.substr(head, blank - head);
    size_t n = headers.find("name=\"");
    std::string name = headers.substr(n + 6, headers.find('"', n + 6) - n - 6);
    parts[name] = r.body.substr(blank + 4, next - blank - 4);
    pos = next + 2;
  }
  return parts;
}

std::string PathOf(const std::string& target) { return target.substr(0, target.find('?')); }

}  // namespace

std::string MakeTar(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out(4 << 20, '\0');
  size_t used = 0;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open_memory(a, out.data(), out.size(), &used);
  for (const auto& [path, content] : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_perm(e, 0644);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_write_header(a, e);
    archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

std::string MakeImageTar(std::string* image_id) {
  const std::string config = R"({"architecture":"amd64","os":"linux"})";
  std::string layer =
      MakeTar({{"etc/mse/trusted-paths", "/usr/bin/python3\n"}, {"usr/bin/python3", "python"}});
  if (image_id != nullptr) *image_id = "sha256:" + HexEncode(crypto::Sha256(AsBytes(config)));
  return MakeTar({{"manifest.json",
                   R"([{"Config":"cfg.json","RepoTags":["mse-base:0.1.0"],"Layers":["l1/layer.tar"]}])"},
                  {"cfg.json", config},
                  {"l1/layer.tar", layer}});
}

FakeCloud::FakeCloud(const std::string& dir, const std::string& image_tar, Clock& clock)
    : dir_(dir), image_tar_(image_tar), clock_(clock) {
  FileSystem& fs = RealFileSystem();
  platform_ = std::make_unique<attest::sim::SimPlatform>(
      OrDie(attest::sim::SimPlatform::Init(fs, clock, RealRandom(), JoinPath(dir, "sim")), "sim init"));
  signer_pem_ = SignerPem(0);
  other_signer_pem_ = SignerPem(1);
  MakeImageTar(&image_id_);  // the tests write MakeImageTar's archive
  docker_digest = image_id_;
  api_ = std::make_unique<cloud::testing::FakeHttpServer>(
      [this](const net::ServerRequest& r) { return Handle(r); });
}

FakeCloud::~FakeCloud() {
  api_.reset();
  enclaves_.clear();
}

cloud::api::App FakeCloud::NewApp(const std::string& name, const std::string& status) {
  cloud::api::App app;
  ++counter_;
  char id[64];
  snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", counter_);
  app.id = id;
  app.name = name;
  app.project_id = kProjectId;
  app.owner_id = "owner";
  app.domain_name =
      HexEncode(crypto::Sha256(AsBytes(name + std::to_string(counter_)))).substr(0, 16) + ".localhost";
  app.config_domain_name = app.domain_name;
  app.docker = "mse-base:0.1.0";
  app.created_at_us = (clock_.NowUnixSeconds() + counter_) * 1'000'000;
  app.status = status;
  app.hardware_name = "4g-eu-001";
  app.ssl_certificate_origin = "self";
  app.expires_at_us = (clock_.NowUnixSeconds() + 4 * 3600) * 1'000'000 + 123456;
  app.python_application = "app:app";
  app.healthcheck_endpoint = "/health";
  app.docker_digest = docker_digest;
  app.enclave_size = 1024;
  return app;
}

std::string FakeCloud::AddLiveApp(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  cloud::api::App app = NewApp(name, "running");
  apps_[app.id] = app;
  return app.id;
}

FakeCloud::Recorded FakeCloud::recorded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return recorded_;
}

std::optional<cloud::api::App> FakeCloud::app(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = apps_.find(id);
  if (it == apps_.end()) return std::nullopt;
  return it->second;
}

// Paths that need no token: discovery, OAuth, keys and PCCS.
std::optional<net::ServerResponse> FakeCloud::HandlePublic(const net::ServerRequest& r) {
  const std::string path = PathOf(r.target);
  if (path == "/.well-known/mse") {
    cloud::api::Discovery d{url(),
                            url() + "/authorize",
                            url() + "/oauth/token",
                            url() + "/oauth/revoke",
                            url() + "/logout",
                            url() + "/signer.pem",
                            url(),
                            "localhost",
                            8443,
                            true,
                            url() + "/sim-root.pem"};
    return Json(200, cloud::api::ToJson(d));
  }
  if (path == "/oauth/token") {
    auto form = cloud::ParseQuery("?" + r.body);
    if (form["refresh_token"] == "revoked")
      return Json(403, R"({"error_description": "Unknown or invalid refresh token."})");
    std::string exp = std::to_string(clock_.NowUnixSeconds() + 3600);
    return Json(200, R"({"access_token": ")" + cloud::testing::MakeJwt(R"({"exp": )" + exp + "}") +
                         R"(", "id_token": ")" +
                         cloud::testing::MakeJwt(R"({"email": "alice@example.com"})") +
                         R"(", "refresh_token": "refresh-ci", "expires_in": 3600})");
  }
  if (path == "/oauth/revoke" || path == "/logout") return Json(200, "{}");
  if (path == "/signer.pem")
    return net::ServerResponse::Text(200, wrong_signer ? other_signer_pem_ : signer_pem_);
  if (path == "/sim-root.pem") return net::ServerResponse::Text(200, platform_->RootPem());
  if (path.rfind("/sgx/", 0) == 0) {
    auto p = attest::sim::HandlePccsRequest(*platform_, r.method, r.target);
    net::ServerResponse response;
    response.status = p.status;
    response.headers = p.headers;
    response.body = p.body;
    return response;
  }
  return std::nullopt;
}

net::ServerResponse FakeCloud::Handle(const net::ServerRequest& r) {
  if (auto answer = HandlePublic(r)) return *answer;
  const std::string path = PathOf(r.target);
  if (r.Header("Authorization").value_or("").rfind("Bearer ", 0) != 0)
    return Json(401, R"({"detail": "no token"})");
  if (path == "/users/me") {
    return Json(200, cloud::api::ToJson(
                         cloud::api::User{"u1", "Alice", "Liddell", "alice@example.com", 0, true, true}));
  }
  if (path == "/apps/default") {
    return Json(200, cloud::api::ToJson(cloud::api::DefaultApp{"default", "mse-base:0.1.0", "4g-eu-001"}));
  }
  if (path == "/projects") {
    if (cloud::ParseQuery(r.target)["name"] != "default") return Json(200, "[]");
    cloud::api::Project p{kProjectId, "default", "", "u1", true, 0, std::nullopt};
    return Json(200, cloud::api::JsonArray({cloud::api::ToJson(p)}));
  }
  if (path.rfind("/hardwares/", 0) == 0) {
    if (path != "/hardwares/4g-eu-001") return Json(404, R"({"detail": "Hardware not found"})");
    return Json(200, cloud::api::ToJson(cloud::api::Hardware{"4g-eu-001", 4, 2, 1024}));
  }
  if (path == "/apps" && r.method == "POST") return CreateApp(r);
  if (path == "/apps") return ListApps(r.target);
  return HandleApp(path);
}

net::ServerResponse FakeCloud::HandleApp(const std::string& path) {
  std::string rest = path.substr(std::string("/apps/").size());
  std::string id = rest.substr(0, rest.find('/'));
  std::string action = rest.size() > id.size() ? rest.substr(id.size() + 1) : "";
  std::lock_guard<std::mutex> lock(mutex_);
  if (!apps_.count(id)) return Json(404, R"({"detail": "Cannot find the app with id )" + id + R"("})");
  if (action == "stop") {
    apps_[id].status = "stopped";
    recorded_.stopped.push_back(id);
    return Json(200, "{}");
  }
  if (action == "logs") return Json(200, R"({"stdout": "enclave output\n"})");
  if (action == "metrics") return Json(200, R"({"cpu_usage": [1700000000, "0.5"]})");
  return GetApp(id);
}

net::ServerResponse FakeCloud::GetApp(const std::string& id) {
  cloud::api::App& app = apps_[id];
  cloud::api::App shown = app;
  if (!fail_status.empty() && app.status != "stopped") {
    app.status = fail_status;
    app.status_reason = "the enclave container died";
    shown = app;
  } else if (app.status == "spawning") {
    app.status = "initializing";
  } else if (app.status == "initializing" && enclaves_.count(id) && enclaves_[id]->configured) {
    app.status = "running";
    shown = app;
  }
  return Json(200, cloud::api::ToJson(shown));
}

net::ServerResponse FakeCloud::ListApps(const std::string& target) {
  auto query = cloud::ParseQuery(target);
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> items;
  for (const auto& [id, app] : apps_) {
    if (query.count("name") && query["name"] != app.name) continue;
    if (query.count("status") && query["status"].find(app.status) == std::string::npos) continue;
    cloud::api::PartialApp p{app.id,          app.name,          app.domain_name, app.created_at_us,
                             app.ready_at_us, app.stopped_at_us, app.status,      app.hardware_name};
    items.push_back(cloud::api::ToJson(p));
  }
  return Json(200, cloud::api::JsonArray(items));
}

net::ServerResponse FakeCloud::CreateApp(const net::ServerRequest& r) {
  auto parts = MultipartParts(r);
  Js conf = Js::parse(parts["conf"], nullptr, false);
  if (!conf.is_object() || !parts.count("code")) return Json(422, R"({"detail": "bad multipart body"})");
  std::lock_guard<std::mutex> lock(mutex_);
  ++recorded_.created;
  cloud::api::App app = NewApp(conf.value("name", ""), "spawning");
  app.python_application = conf.value("python_application", "");
  recorded_.confs.push_back(parts["conf"]);
  if (conf["ssl_certificate"].is_string()) {  // cloud.md §1.9: owner if a certificate is sent
    app.ssl_certificate_origin = "owner";
    app.domain_name = conf.value("domain_name", "");
  } else if (conf.value("dev_mode", false)) {
    app.ssl_certificate_origin = "operator";
  }
  const std::string tar = JoinPath(dir_, "app-" + std::to_string(counter_) + ".tar");
  if (!RealFileSystem().WriteFile(tar, parts["code"]).ok()) return Json(500, "{}");
  Status started = StartEnclave(app, tar);
  if (!started.ok()) return Json(500, cloud::api::ErrorJson(started.message()));
  apps_[app.id] = app;
  recorded_.created_ids.push_back(app.id);
  return Json(201, cloud::api::ToJson(app));
}

// The RA-TLS certificate and key of an enclave running `code`.
StatusOr<net::TlsCredentials> FakeCloud::EnclaveCredentials(const cloud::api::App& app,
                                                            const attest::sim::CodeFileSet& code) {
  MSE_ASSIGN_OR_RETURN(auto trusted, attest::sim::TrustedFilesFromImageTar(RealFileSystem(), image_tar_));
  const std::string subject =
      "CN=" + app.config_domain_name + ",O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France";
  const int64_t expiration = app.expires_at_us / 1'000'000;
  attest::sim::SpawnArgs spawn{subject, app.config_domain_name, expiration, app.enclave_size,
                               app.id,  app.python_application};
  if (app.ssl_certificate_origin == "owner") spawn.expiration_date = std::nullopt;
  attest::sim::SimEnclaveIdentity identity;
  identity.mr_enclave = attest::sim::ComputeSimMrEnclave(trusted, spawn, code);
  MSE_ASSIGN_OR_RETURN(identity.mr_signer, attest::sim::ComputeSimMrSigner(signer_pem_));
  MSE_ASSIGN_OR_RETURN(auto quotes, attest::sim::SimQuoteProvider::Create(*platform_, identity));
  MSE_ASSIGN_OR_RETURN(crypto::P256PrivateKey key, crypto::P256PrivateKey::Generate());
  std::array<uint8_t, 64> report_data{};
  auto point = key.PublicPoint();
  auto digest = crypto::Sha256(ByteView(point.data(), point.size()));
  std::copy(digest.begin(), digest.end(), report_data.begin());
  crypto::RatlsCertificateSpec spec{
      subject, app.config_domain_name, clock_.NowUnixSeconds() - 60, expiration, {}};
  MSE_ASSIGN_OR_RETURN(spec.quote, quotes.GetQuote(report_data));
  MSE_ASSIGN_OR_RETURN(std::string cert, crypto::BuildRatlsCertificatePem(key, spec, RealRandom()));
  SecretBytes key_pem = key.ToPkcs8Pem();
  return net::TlsCredentials{cert, ToString(key_pem.view())};
}

Status FakeCloud::StartEnclave(cloud::api::App& app, const std::string& app_tar) {
  MSE_ASSIGN_OR_RETURN(auto code, attest::sim::CodeFilesFromTar(RealFileSystem(), app_tar));
  if (tamper_code) code["evil.py.enc"] = crypto::Sha256(AsBytes("swapped by the backend"));
  MSE_ASSIGN_OR_RETURN(net::TlsCredentials tls, EnclaveCredentials(app, code));
  auto enclave = std::make_unique<Enclave>();
  Enclave* raw = enclave.get();
  enclave->server = std::make_unique<cloud::testing::FakeHttpServer>(
      [this, raw](const net::ServerRequest& request) {
        if (request.method != "POST") {
          net::ServerResponse waiting =
              net::ServerResponse::Text(200, "Waiting for code secret key and/or ssl private key...");
          waiting.headers.emplace_back("Mse-Status", "Waiting");
          return waiting;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        recorded_.configuration_posts.push_back(request.body);
        raw->configured = true;
        return net::ServerResponse::Text(200, "");
      },
      tls);
  app.router_port = enclave->server->port();
  enclaves_[app.id] = std::move(enclave);
  return Status::Ok();
}

}  // namespace mse::cli::testing
