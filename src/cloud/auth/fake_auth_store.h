// An in-memory Store for the auth tests: users, authorization codes and
// refresh tokens behave as the Store contract says (NotFound, AlreadyExists,
// FailedPrecondition on reuse); everything else is Unimplemented. Test-only.
#ifndef MSE_CLOUD_AUTH_FAKE_AUTH_STORE_H_
#define MSE_CLOUD_AUTH_FAKE_AUTH_STORE_H_

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/store/store.h"

namespace mse::cloud::auth {

class FakeAuthStore : public Store {
 public:
  // Users.
  Status AddUser(const User& user, const Project& default_project) override;
  StatusOr<User> GetUser(const std::string& id) override;
  StatusOr<User> GetUserByEmail(const std::string& email) override;
  StatusOr<std::vector<User>> ListUsers() override;
  Status SetUserDisabled(const std::string& id, bool disabled) override;
  Status SetUserPasswordHash(const std::string& id, const std::string& password_hash) override;

  // OAuth state.
  Status AddAuthCode(const AuthCode& code) override;
  StatusOr<AuthCode> ConsumeAuthCode(const std::string& code_hash, int64_t now) override;
  StatusOr<int64_t> DeleteExpiredAuthCodes(int64_t now) override;
  Status AddRefreshToken(const RefreshToken& token) override;
  StatusOr<RefreshToken> GetRefreshToken(const std::string& token_hash) override;
  Status RotateRefreshToken(const std::string& old_hash, const RefreshToken& next, int64_t now) override;
  Status RevokeRefreshToken(const std::string& token_hash, int64_t now) override;
  Status RevokeTokenFamily(const std::string& family_id, int64_t now) override;
  Status RevokeUserTokens(const std::string& user_id, int64_t now) override;

  // Not used by auth.
  Status AddProject(const Project&) override { return Unused(); }
  StatusOr<std::vector<Project>> ListProjects(const std::string&) override { return Unused(); }
  StatusOr<Project> GetProject(const std::string&, const std::string&) override { return Unused(); }
  StatusOr<Project> GetProjectByName(const std::string&, const std::string&) override { return Unused(); }
  Status PutHardware(const Hardware&) override { return Unused(); }
  StatusOr<Hardware> GetHardware(const std::string&) override { return Unused(); }
  StatusOr<std::vector<Hardware>> ListHardware() override { return Unused(); }
  Status PutImage(const ApprovedImage&) override { return Unused(); }
  StatusOr<ApprovedImage> GetImage(const std::string&) override { return Unused(); }
  StatusOr<std::vector<ApprovedImage>> ListImages() override { return Unused(); }
  Status AddApp(const App&, int64_t) override { return Unused(); }
  StatusOr<App> GetApp(const std::string&) override { return Unused(); }
  StatusOr<std::vector<App>> ListApps(const AppFilter&) override { return Unused(); }
  StatusOr<App> UpdateApp(const std::string&, int64_t, const AppUpdate&) override { return Unused(); }
  Status DeleteApp(const std::string&) override { return Unused(); }

  // Test inspection and fault injection.
  std::vector<RefreshToken> RefreshTokens() const;
  size_t AuthCodeCount() const;
  // Every call fails with Unavailable while set.
  void SetUnavailable(bool unavailable) { unavailable_ = unavailable; }

 private:
  static Status Unused() { return UnimplementedError("not part of the fake auth store"); }
  Status Check() const;

  mutable std::mutex mu_;
  std::atomic<bool> unavailable_{false};
  std::map<std::string, User> users_;           // by id
  std::map<std::string, AuthCode> codes_;       // by code_hash
  std::map<std::string, RefreshToken> tokens_;  // by token_hash
};

}  // namespace mse::cloud::auth

#endif  // MSE_CLOUD_AUTH_FAKE_AUTH_STORE_H_
