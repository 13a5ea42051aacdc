#include "cloud/server/admin.h"

#include <iomanip>
#include <ostream>

#include "base/encoding.h"
#include "cloud/api/deploy_request.h"
#include "cloud/auth/token_service.h"
#include "cloud/node/node_driver.h"
#include "cloud/server/data_dir.h"
#include "crypto/password.h"
#include "format/uuid.h"

namespace mse::cloud {
namespace {

StatusOr<std::unique_ptr<Store>> Open(const AdminContext& ctx) {
  DataDir dir{ctx.data_dir, ctx.store_uri};
  MSE_RETURN_IF_ERROR(ctx.env.fs->CreateDirectories(dir.path, FileMode::kSecret));
  return OpenDataStore(dir);
}

Status CheckEmail(const std::string& email) {
  const size_t at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n<>\"") != std::string::npos) {
    return UsageError("`" + email + "` is not an e-mail address");
  }
  return Status::Ok();
}

StatusOr<User> UserByEmail(Store& store, const std::string& email) {
  auto user = store.GetUserByEmail(email);
  if (user.status().code() == StatusCode::kNotFound) {
    return NotFoundError("no user " + email + ": add it with `mse-cloud admin user add " + email + " --password-stdin`");
  }
  return user;
}

std::string Time(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Status AdminUserAdd(const AdminContext& ctx, const std::string& email, std::string& password,
                    const std::string& given_name, const std::string& family_name) {
  MSE_RETURN_IF_ERROR(CheckEmail(email));
  if (password.size() < 8) {
    WipeMemory(password.data(), password.size());
    return UsageError("the password must have at least 8 characters");
  }
  auto hash = crypto::HashPassword(password);
  WipeMemory(password.data(), password.size());
  MSE_RETURN_IF_ERROR(hash.status());
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  const int64_t now = ctx.env.clock->NowUnixSeconds();
  User user{format::NewRandomUuid(*ctx.env.random), email, *hash, given_name, family_name, now, false};
  Project project{format::NewRandomUuid(*ctx.env.random), user.id, "default", "default project", true, now, std::nullopt};
  MSE_RETURN_IF_ERROR(store->AddUser(user, project));
  *ctx.err << "user " << email << " added, with its project `default`\n";
  return Status::Ok();
}

Status AdminUserList(const AdminContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(auto users, store->ListUsers());
  *ctx.out << std::left << std::setw(36) << "EMAIL" << "  " << std::setw(20) << "CREATED" << "  STATE\n";
  for (const User& u : users) {
    *ctx.out << std::setw(36) << u.email << "  " << std::setw(20) << Time(u.created_at) << "  "
             << (u.disabled ? "disabled" : "active") << "\n";
  }
  return Status::Ok();
}

Status AdminUserDisable(const AdminContext& ctx, const std::string& email) {
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(User user, UserByEmail(*store, email));
  MSE_RETURN_IF_ERROR(store->SetUserDisabled(user.id, true));
  MSE_RETURN_IF_ERROR(store->RevokeUserTokens(user.id, ctx.env.clock->NowUnixSeconds()));
  *ctx.err << "user " << email << " disabled and its tokens revoked (its access tokens lapse within the hour)\n";
  return Status::Ok();
}

Status AdminProjectAdd(const AdminContext& ctx, const std::string& email, const std::string& name,
                       const std::string& description) {
  if (name.empty() || name.size() > 255) return UsageError("a project name has 1 to 255 characters");
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(User user, UserByEmail(*store, email));
  Project p{format::NewRandomUuid(*ctx.env.random), user.id, name, description, false, ctx.env.clock->NowUnixSeconds(),
            std::nullopt};
  MSE_RETURN_IF_ERROR(store->AddProject(p));
  *ctx.err << "project `" << name << "` added for " << email << "\n";
  return Status::Ok();
}

Status AdminProjectList(const AdminContext& ctx, const std::string& email) {
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(User user, UserByEmail(*store, email));
  MSE_ASSIGN_OR_RETURN(auto projects, store->ListProjects(user.id));
  *ctx.out << std::left << std::setw(36) << "ID" << "  " << std::setw(24) << "NAME" << "  DEFAULT\n";
  for (const Project& p : projects) {
    *ctx.out << std::setw(36) << p.id << "  " << std::setw(24) << p.name << "  " << (p.is_default ? "yes" : "")
             << "\n";
  }
  return Status::Ok();
}

Status AdminHardwareAdd(const AdminContext& ctx, const std::string& name, int64_t memory_gb, double cores,
                        int64_t enclave_size_mb, int64_t units) {
  if (name.empty() || name.size() > 16) return UsageError("a hardware name has 1 to 16 characters");
  if (memory_gb <= 0 || cores <= 0 || units <= 0) return UsageError("--memory, --cores and --units must be positive");
  if (enclave_size_mb < 1024 || (enclave_size_mb & (enclave_size_mb - 1)) != 0) {
    return UsageError("--enclave-size must be a power of 2, at least 1024 (MB)");
  }
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_RETURN_IF_ERROR(store->PutHardware({name, memory_gb, cores, enclave_size_mb, units}));
  *ctx.err << "hardware " << name << " set\n";
  return Status::Ok();
}

Status AdminHardwareList(const AdminContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(auto hardware, store->ListHardware());
  *ctx.out << std::left << std::setw(16) << "NAME" << "  MEMORY  CORES  ENCLAVE  UNITS\n";
  for (const Hardware& h : hardware) {
    *ctx.out << std::setw(16) << h.name << "  " << std::setw(6) << (std::to_string(h.memory_gb) + "G") << "  "
             << std::setw(5) << h.cores << "  " << std::setw(7) << (std::to_string(h.enclave_size_mb) + "M") << "  "
             << h.units << "\n";
  }
  return Status::Ok();
}

Status AdminImageApprove(const AdminContext& ctx, const std::string& reference) {
  Status tag = api::CheckDockerTag(reference);
  if (!tag.ok()) return UsageError(tag.message() + ": approve a pinned tag, such as mse-base:0.1.0");
  MSE_ASSIGN_OR_RETURN(auto node, NewDockerNode("local", ctx.docker_host));
  MSE_ASSIGN_OR_RETURN(std::string digest, node->ImageDigest(reference));
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_RETURN_IF_ERROR(store->PutImage({reference, digest, ctx.env.clock->NowUnixSeconds()}));
  *ctx.err << "image " << reference << " approved, pinned to " << digest << "\n";
  return Status::Ok();
}

Status AdminImageList(const AdminContext& ctx) {
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(auto images, store->ListImages());
  *ctx.out << std::left << std::setw(40) << "IMAGE" << "  " << std::setw(71) << "DIGEST" << "  APPROVED\n";
  for (const ApprovedImage& i : images) {
    *ctx.out << std::setw(40) << i.reference << "  " << std::setw(71) << i.digest << "  " << Time(i.approved_at)
             << "\n";
  }
  return Status::Ok();
}

Status AdminTokenCreate(const AdminContext& ctx, const std::string& email) {
  MSE_ASSIGN_OR_RETURN(auto store, Open(ctx));
  MSE_ASSIGN_OR_RETURN(User user, UserByEmail(*store, email));
  if (user.disabled) return FailedPreconditionError("user " + email + " is disabled");
  DataDir dir{ctx.data_dir, ctx.store_uri};
  MSE_ASSIGN_OR_RETURN(BackendSecrets secrets, PrepareDataDir(dir, "localhost", ctx.env));
  auth::TokenServiceOptions options;
  options.issuer = "mse-cloud admin";
  options.signing_key_pem = std::string(AsStringView(secrets.jwt_key_pem.view()));
  MSE_ASSIGN_OR_RETURN(auto tokens, auth::TokenService::New(std::move(options), *store, ctx.env));
  MSE_ASSIGN_OR_RETURN(std::string token, tokens->CreateRefreshToken(user.id, TokenKind::kCi));
  *ctx.out << token << "\n";
  WipeMemory(token.data(), token.size());
  *ctx.err << "CI token created for " << email << ": it is shown once; use it with `mse login --with-token`\n";
  return Status::Ok();
}

}  // namespace mse::cloud
