#include "cloud/store/schema.h"

namespace mse::cloud {

const std::vector<Migration>& StoreMigrations() {
  static const std::vector<Migration> migrations = {
      {1, R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  is_default INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT,
  UNIQUE (owner_id, name)
);
CREATE TABLE hardware (
  name TEXT PRIMARY KEY,
  memory_gb BIGINT NOT NULL,
  cores DOUBLE PRECISION NOT NULL,
  enclave_size_mb BIGINT NOT NULL,
  units BIGINT NOT NULL
);
CREATE TABLE images (
  reference TEXT PRIMARY KEY,
  digest TEXT NOT NULL,
  approved_at BIGINT NOT NULL
);
CREATE TABLE apps (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id),
  project_id TEXT NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL,
  domain_name TEXT NOT NULL,
  config_domain_name TEXT NOT NULL,
  docker TEXT NOT NULL,
  docker_digest TEXT NOT NULL,
  hardware_name TEXT NOT NULL,
  enclave_size_mb BIGINT NOT NULL,
  python_application TEXT NOT NULL,
  healthcheck_endpoint TEXT NOT NULL,
  ssl_certificate_origin TEXT NOT NULL,
  ssl_certificate TEXT NOT NULL,
  dev_mode INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  ready_at BIGINT,
  stopped_at BIGINT,
  expires_at BIGINT NOT NULL,
  node TEXT NOT NULL,
  container_id TEXT NOT NULL,
  port BIGINT NOT NULL,
  enclave_cert_pem TEXT NOT NULL,
  state_version BIGINT NOT NULL
);
CREATE INDEX apps_by_project ON apps (project_id, name, status);
CREATE INDEX apps_by_owner ON apps (owner_id, status);
CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  family_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE TABLE auth_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  scope TEXT NOT NULL,
  audience TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
)
)sql"},
      {2, R"sql(
ALTER TABLE refresh_tokens ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN audience TEXT NOT NULL DEFAULT '';
CREATE INDEX auth_codes_by_expiry ON auth_codes (expires_at)
)sql"},
  };
  return migrations;
}

}  // namespace mse::cloud
