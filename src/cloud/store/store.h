// The state of mse-cloud: users, tokens, projects, the catalogue (hardware
// and approved images) and apps (docs/cloud-backend.md, "Data model").
//
// Contract for every implementation (SQLite now, PostgreSQL later):
//  - thread-safe: any method may be called from any thread;
//  - every method is one transaction: it commits whole or not at all;
//  - NotFound for a missing row, AlreadyExists for a unique-key clash,
//    Aborted-like FailedPrecondition when a compare-and-set loses;
//    Unavailable/Internal for database failures, with the driver's text.
// Times are Unix seconds unless a name says otherwise.
#ifndef MSE_CLOUD_STORE_STORE_H_
#define MSE_CLOUD_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace mse::cloud {

struct User {
  std::string id;  // uuid
  std::string email;  // lowercase
  std::string password_hash;  // argon2id encoded string ("" for none)
  std::string given_name;
  std::string family_name;
  int64_t created_at = 0;
  bool disabled = false;
};

enum class TokenKind { kLogin, kCi };

struct RefreshToken {
  std::string id;  // uuid
  std::string token_hash;  // hex SHA-256 of the token text
  std::string user_id;
  TokenKind kind = TokenKind::kLogin;
  std::string family_id;  // rotation chain; == id for the first token
  int64_t created_at = 0;
  std::optional<int64_t> used_at;     // set when rotated away
  std::optional<int64_t> revoked_at;
  // The client and grant the token was issued to ("" for CI tokens, which
  // any client may use); kept through rotation.
  std::string client_id;
  std::string scope;
  std::string audience;
};

struct AuthCode {
  std::string code_hash;  // hex SHA-256 of the code text
  std::string user_id;
  std::string client_id;
  std::string redirect_uri;
  std::string code_challenge;  // S256
  std::string scope;
  std::string audience;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
};

struct Project {
  std::string id;  // uuid
  std::string owner_id;
  std::string name;
  std::string description;
  bool is_default = false;
  int64_t created_at = 0;
  std::optional<int64_t> deleted_at;
};

struct Hardware {
  std::string name;  // "4g-eu-001"
  int64_t memory_gb = 0;
  double cores = 0;
  int64_t enclave_size_mb = 0;
  int64_t units = 1;  // live apps of this hardware per project
};

struct ApprovedImage {
  std::string reference;  // "name:tag"
  std::string digest;     // "sha256:…" as the engine reports the image id
  int64_t approved_at = 0;
};

enum class AppStatus { kSpawning, kInitializing, kRunning, kOnError, kStopped };
std::string_view AppStatusName(AppStatus status);  // "spawning", ...
StatusOr<AppStatus> ParseAppStatus(std::string_view text);
inline bool IsLive(AppStatus s) {
  return s == AppStatus::kSpawning || s == AppStatus::kInitializing || s == AppStatus::kRunning;
}

struct App {
  std::string id;  // uuid
  std::string owner_id;
  std::string project_id;
  std::string name;
  std::string domain_name;
  std::string config_domain_name;
  std::string docker;         // reference as approved
  std::string docker_digest;  // pinned image id
  std::string hardware_name;
  int64_t enclave_size_mb = 0;
  std::string python_application;
  std::string healthcheck_endpoint;
  std::string ssl_certificate_origin;  // self | owner | operator
  std::string ssl_certificate;         // owner mode: the chain (PEM), else ""
  bool dev_mode = false;
  AppStatus status = AppStatus::kSpawning;
  std::string status_reason;
  int64_t created_at_us = 0;  // microseconds
  std::optional<int64_t> ready_at;
  std::optional<int64_t> stopped_at;
  int64_t expires_at = 0;
  std::string node;          // node name ("local")
  std::string container_id;  // "" until created
  int port = 0;              // loopback port of the enclave, 0 until assigned
  std::string enclave_cert_pem;  // RA-TLS certificate seen when initializing
  int64_t state_version = 0;
};

struct AppFilter {
  std::optional<std::string> owner_id;
  std::optional<std::string> project_id;
  std::optional<std::string> name;
  std::vector<AppStatus> statuses;  // empty: any
};

// Fields a transition may set besides the status (absent: unchanged).
struct AppUpdate {
  std::optional<AppStatus> status;
  std::optional<std::string> status_reason;
  std::optional<int64_t> ready_at;
  std::optional<int64_t> stopped_at;
  std::optional<std::string> node;
  std::optional<std::string> container_id;
  std::optional<int> port;
  std::optional<std::string> enclave_cert_pem;
};

class Store {
 public:
  virtual ~Store() = default;

  // Users. Email lookups are case-insensitive (emails are stored lowercase).
  virtual Status AddUser(const User& user, const Project& default_project) = 0;
  virtual StatusOr<User> GetUser(const std::string& id) = 0;
  virtual StatusOr<User> GetUserByEmail(const std::string& email) = 0;
  virtual StatusOr<std::vector<User>> ListUsers() = 0;
  virtual Status SetUserDisabled(const std::string& id, bool disabled) = 0;
  virtual Status SetUserPasswordHash(const std::string& id, const std::string& password_hash) = 0;

  // OAuth state.
  virtual Status AddAuthCode(const AuthCode& code) = 0;
  // Marks the code used and returns it; FailedPrecondition when it was
  // already used (single use), NotFound when unknown.
  virtual StatusOr<AuthCode> ConsumeAuthCode(const std::string& code_hash, int64_t now) = 0;
  // Removes codes that expired before `now` (used or not); returns how many.
  virtual StatusOr<int64_t> DeleteExpiredAuthCodes(int64_t now) = 0;
  virtual Status AddRefreshToken(const RefreshToken& token) = 0;
  virtual StatusOr<RefreshToken> GetRefreshToken(const std::string& token_hash) = 0;
  // Rotation: marks `old_hash` used and adds `next` in one transaction;
  // FailedPrecondition when `old_hash` was already used or revoked.
  virtual Status RotateRefreshToken(const std::string& old_hash, const RefreshToken& next, int64_t now) = 0;
  virtual Status RevokeRefreshToken(const std::string& token_hash, int64_t now) = 0;
  virtual Status RevokeTokenFamily(const std::string& family_id, int64_t now) = 0;
  virtual Status RevokeUserTokens(const std::string& user_id, int64_t now) = 0;

  // Projects (never another owner's).
  virtual Status AddProject(const Project& project) = 0;
  virtual StatusOr<std::vector<Project>> ListProjects(const std::string& owner_id) = 0;
  virtual StatusOr<Project> GetProject(const std::string& owner_id, const std::string& id) = 0;
  virtual StatusOr<Project> GetProjectByName(const std::string& owner_id, const std::string& name) = 0;

  // Catalogue.
  virtual Status PutHardware(const Hardware& hardware) = 0;  // insert or replace
  virtual StatusOr<Hardware> GetHardware(const std::string& name) = 0;
  virtual StatusOr<std::vector<Hardware>> ListHardware() = 0;
  virtual Status PutImage(const ApprovedImage& image) = 0;  // insert or replace
  virtual StatusOr<ApprovedImage> GetImage(const std::string& reference) = 0;
  virtual StatusOr<std::vector<ApprovedImage>> ListImages() = 0;

  // Apps. AddApp enforces, in its transaction, one live app per
  // (project, name) (AlreadyExists) and the hardware quota of the project
  // (ResourceExhausted-like OutOfRange with the original's text).
  virtual Status AddApp(const App& app, int64_t hardware_units) = 0;
  virtual StatusOr<App> GetApp(const std::string& id) = 0;
  virtual StatusOr<std::vector<App>> ListApps(const AppFilter& filter) = 0;
  // Compare-and-set on state_version; returns the updated app (version + 1).
  // FailedPrecondition when the version moved (someone else changed it).
  virtual StatusOr<App> UpdateApp(const std::string& id, int64_t expected_version, const AppUpdate& update) = 0;
  virtual Status DeleteApp(const std::string& id) = 0;
};

// Opens (creating and migrating) the SQLite store at `path`.
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);
// Opens (migrating) the PostgreSQL store at a libpq connection URI
// ("postgresql://user@/db?host=/run/postgresql" for a unix socket).
StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri);
// The URI with any password replaced by "***", for messages and logs.
std::string RedactUri(const std::string& uri);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_STORE_STORE_H_
