#include "cloud/auth/fake_auth_store.h"

namespace mse::cloud::auth {

Status FakeAuthStore::Check() const {
  return unavailable_ ? UnavailableError("fake store: database is locked") : Status::Ok();
}

Status FakeAuthStore::AddUser(const User& user, const Project& /*default_project*/) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  for (const auto& [id, u] : users_) {
    if (id == user.id || u.email == user.email) return AlreadyExistsError("user exists: " + user.email);
  }
  users_[user.id] = user;
  return Status::Ok();
}

StatusOr<User> FakeAuthStore::GetUser(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = users_.find(id);
  if (it == users_.end()) return NotFoundError("no user " + id);
  return it->second;
}

StatusOr<User> FakeAuthStore::GetUserByEmail(const std::string& email) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  for (const auto& [id, u] : users_) {
    if (u.email == email) return u;
  }
  return NotFoundError("no user " + email);
}

StatusOr<std::vector<User>> FakeAuthStore::ListUsers() {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  std::vector<User> out;
  for (const auto& [id, u] : users_) out.push_back(u);
  return out;
}

Status FakeAuthStore::SetUserDisabled(const std::string& id, bool disabled) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = users_.find(id);
  if (it == users_.end()) return NotFoundError("no user " + id);
  it->second.disabled = disabled;
  return Status::Ok();
}

Status FakeAuthStore::SetUserPasswordHash(const std::string& id, const std::string& password_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = users_.find(id);
  if (it == users_.end()) return NotFoundError("no user " + id);
  it->second.password_hash = password_hash;
  return Status::Ok();
}

StatusOr<int64_t> FakeAuthStore::DeleteExpiredAuthCodes(int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  int64_t removed = 0;
  for (auto it = codes_.begin(); it != codes_.end();) {
    if (it->second.expires_at < now) {
      it = codes_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

Status FakeAuthStore::AddAuthCode(const AuthCode& code) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  if (!codes_.emplace(code.code_hash, code).second) return AlreadyExistsError("code exists");
  return Status::Ok();
}

StatusOr<AuthCode> FakeAuthStore::ConsumeAuthCode(const std::string& code_hash, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = codes_.find(code_hash);
  if (it == codes_.end()) return NotFoundError("no such code");
  if (it->second.used_at) return FailedPreconditionError("code already used");
  it->second.used_at = now;
  return it->second;
}

Status FakeAuthStore::AddRefreshToken(const RefreshToken& token) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  for (const auto& [hash, t] : tokens_) {
    if (hash == token.token_hash || t.id == token.id) return AlreadyExistsError("token exists");
  }
  tokens_[token.token_hash] = token;
  return Status::Ok();
}

StatusOr<RefreshToken> FakeAuthStore::GetRefreshToken(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end()) return NotFoundError("no such refresh token");
  return it->second;
}

Status FakeAuthStore::RotateRefreshToken(const std::string& old_hash, const RefreshToken& next, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = tokens_.find(old_hash);
  if (it == tokens_.end()) return NotFoundError("no such refresh token");
  if (it->second.used_at || it->second.revoked_at) return FailedPreconditionError("token used or revoked");
  if (tokens_.count(next.token_hash)) return AlreadyExistsError("token exists");
  it->second.used_at = now;
  tokens_[next.token_hash] = next;
  return Status::Ok();
}

Status FakeAuthStore::RevokeRefreshToken(const std::string& token_hash, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end()) return NotFoundError("no such refresh token");
  if (!it->second.revoked_at) it->second.revoked_at = now;
  return Status::Ok();
}

Status FakeAuthStore::RevokeTokenFamily(const std::string& family_id, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  for (auto& [hash, t] : tokens_) {
    if (t.family_id == family_id && !t.revoked_at) t.revoked_at = now;
  }
  return Status::Ok();
}

Status FakeAuthStore::RevokeUserTokens(const std::string& user_id, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  MSE_RETURN_IF_ERROR(Check());
  for (auto& [hash, t] : tokens_) {
    if (t.user_id == user_id && !t.revoked_at) t.revoked_at = now;
  }
  return Status::Ok();
}

std::vector<RefreshToken> FakeAuthStore::RefreshTokens() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RefreshToken> out;
  for (const auto& [hash, t] : tokens_) out.push_back(t);
  return out;
}

size_t FakeAuthStore::AuthCodeCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return codes_.size();
}

}  // namespace mse::cloud::auth
