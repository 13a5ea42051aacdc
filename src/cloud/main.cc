// mse-cloud: the self-hostable MSE cloud backend (docs/cloud-backend.md).
// Parses the command line and runs `serve` or one `admin` command; only
// this file exits.
#include <CLI/CLI.hpp>

#include <atomic>
#include <sys/stat.h>

#include <csignal>
#include <iostream>

#include "cloud/server/admin.h"
#include "cloud/server/serve.h"

namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop = true; }

// ADDR:PORT, [V6]:PORT or PORT.
bool ParseHostPort(const std::string& text, std::string* host, uint16_t* port) {
  std::string port_text = text;
  if (text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    *host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (size_t colon = text.rfind(':'); colon != std::string::npos) {
    *host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  try {
    int p = std::stoi(port_text);
    if (p < 0 || p > 65535 || std::to_string(p) != port_text) return false;
    *port = static_cast<uint16_t>(p);
    return true;
  } catch (...) {
    return false;
  }
}

std::string ReadPassword() {
  std::string password;
  std::getline(std::cin, password);
  return password;
}

int Finish(const mse::Status& status) {
  if (status.ok()) return 0;
  std::cerr << "error: " << status.message() << std::endl;
  return status.code() == mse::StatusCode::kUsage ? 2 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mse-cloud: the self-hostable MSE cloud backend (API, accounts, enclaves, SNI router)"};
  app.require_subcommand(1);
  std::string data_dir = "/var/lib/mse-cloud";

  mse::cloud::ServeOptions serve;
  std::string api = "127.0.0.1:8080";
  int router_port = 8443;
  uint64_t max_upload_mb = 256;
  auto* serve_cmd = app.add_subcommand("serve", "run the backend (SIGTERM stops it; apps keep running)");
  serve_cmd->add_option("--data", data_dir, "data directory (created on first start)")->capture_default_str();
  serve_cmd->add_option("--store", serve.store_uri,
                        "PostgreSQL connection URI for the store (default: SQLite in the data directory)");
  serve_cmd->add_option("--api", api, "API address ADDR:PORT (plain HTTP; put TLS in front beyond loopback)")
      ->capture_default_str();
  serve_cmd->add_option("--router", router_port, "router port (127.0.0.1 and ::1)")->capture_default_str();
  serve_cmd->add_option("--public-url", serve.public_url, "URL clients use for the API (default http://ADDR:PORT)");
  serve_cmd->add_option("--base-domain", serve.base_domain, "domain of the apps' names")->capture_default_str();
  serve_cmd->add_option("--max-upload-mb", max_upload_mb, "largest code upload")->capture_default_str();
  serve_cmd->add_flag("--rotate-refresh-tokens", serve.rotate_refresh_tokens,
                      "rotate refresh tokens on every use, with reuse detection");
  serve_cmd->add_option("--edge-cert", serve.edge_cert_path, "operator mode: edge certificate chain (PEM)");
  serve_cmd->add_option("--edge-key", serve.edge_key_path, "operator mode: edge private key (PEM)");
  serve_cmd->add_option("--pccs", serve.pccs_url, "on SGX: PCCS for the backend's own enclave checks");
  // Test hook, hidden from --help: a backend that swaps the uploaded code.
  serve_cmd->add_option("--test-tamper-code", serve.test_tamper_code_tar)->group("");

  mse::cloud::AdminContext admin{data_dir, "", mse::RealEnv(), &std::cout, &std::cerr, std::getenv("DOCKER_HOST")};
  auto* admin_cmd = app.add_subcommand("admin", "manage users, projects, hardware, images and CI tokens");
  admin_cmd->add_option("--data", admin.data_dir, "data directory of the backend")->capture_default_str();
  admin_cmd->add_option("--store", admin.store_uri, "PostgreSQL connection URI (as given to serve --store)");
  admin_cmd->require_subcommand(1);
  mse::Status result;
  std::string email, name, description, given, family;
  int64_t memory = 0, enclave = 0, units = 1;
  double cores = 0;
  bool password_stdin = false;

  auto* user = admin_cmd->add_subcommand("user", "users")->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a user (with its `default` project)");
  user_add->add_option("email", email, "e-mail address")->required();
  user_add->add_flag("--password-stdin", password_stdin, "read the password from stdin")->required();
  user_add->add_option("--given-name", given, "given name");
  user_add->add_option("--family-name", family, "family name");
  user_add->callback([&] {
    std::string password = ReadPassword();
    result = mse::cloud::AdminUserAdd(admin, email, password, given, family);
  });
  user->add_subcommand("list", "list users")->callback([&] { result = mse::cloud::AdminUserList(admin); });
  auto* user_disable = user->add_subcommand("disable", "disable a user and revoke its tokens");
  user_disable->add_option("email", email, "e-mail address")->required();
  user_disable->callback([&] { result = mse::cloud::AdminUserDisable(admin, email); });

  auto* project = admin_cmd->add_subcommand("project", "projects")->require_subcommand(1);
  auto* project_add = project->add_subcommand("add", "add a project to a user");
  project_add->add_option("email", email, "owner's e-mail")->required();
  project_add->add_option("name", name, "project name")->required();
  project_add->add_option("--description", description, "description");
  project_add->callback([&] { result = mse::cloud::AdminProjectAdd(admin, email, name, description); });
  auto* project_list = project->add_subcommand("list", "list a user's projects");
  project_list->add_option("email", email, "owner's e-mail")->required();
  project_list->callback([&] { result = mse::cloud::AdminProjectList(admin, email); });

  auto* hardware = admin_cmd->add_subcommand("hardware", "hardware catalogue")->require_subcommand(1);
  auto* hardware_add = hardware->add_subcommand("add", "add or change a hardware offer");
  hardware_add->add_option("name", name, "name, e.g. 4g-eu-001")->required();
  hardware_add->add_option("--memory", memory, "memory in GB")->required();
  hardware_add->add_option("--cores", cores, "cores")->required();
  hardware_add->add_option("--enclave-size", enclave, "enclave size in MB (a power of 2)")->required();
  hardware_add->add_option("--units", units, "live apps of this hardware per project")->capture_default_str();
  hardware_add->callback([&] { result = mse::cloud::AdminHardwareAdd(admin, name, memory, cores, enclave, units); });
  hardware->add_subcommand("list", "list hardware")->callback([&] { result = mse::cloud::AdminHardwareList(admin); });

  auto* image = admin_cmd->add_subcommand("image", "approved images")->require_subcommand(1);
  auto* image_approve = image->add_subcommand("approve", "approve NAME:TAG, pinned to its digest on the engine");
  image_approve->add_option("reference", name, "NAME:TAG")->required();
  image_approve->callback([&] { result = mse::cloud::AdminImageApprove(admin, name); });
  image->add_subcommand("list", "list approved images")->callback([&] { result = mse::cloud::AdminImageList(admin); });

  auto* token = admin_cmd->add_subcommand("token", "CI tokens")->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "print a new CI token for a user (shown once)");
  token_create->add_option("email", email, "user's e-mail")->required();
  token_create->callback([&] { result = mse::cloud::AdminTokenCreate(admin, email); });

  // The store holds password and token hashes, the data directory keys:
  // nothing mse-cloud creates is for other users.
  ::umask(077);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*serve_cmd) {
    serve.data_dir = data_dir;
    serve.router_port = static_cast<uint16_t>(router_port);
    serve.max_upload_bytes = max_upload_mb << 20;
    serve.docker_host = std::getenv("DOCKER_HOST");
    if (router_port < 0 || router_port > 65535 || !ParseHostPort(api, &serve.api_host, &serve.api_port)) {
      return Finish(mse::UsageError("--api ADDR:PORT and --router PORT need valid ports"));
    }
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGINT, OnSignal);
    std::signal(SIGPIPE, SIG_IGN);
    return Finish(mse::cloud::RunServe(serve, mse::RealEnv(), g_stop));
  }
  return Finish(result);
}
