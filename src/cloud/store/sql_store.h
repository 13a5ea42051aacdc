// The Store over SQL (internal to src/cloud/store; callers use
// OpenSqliteStore / OpenPostgresStore from store.h): one implementation, the
// same migrations, on either driver of sql_database.h. One connection
// serialised by a mutex: a backend's write rate is small, and several
// processes (mse-cloud admin, other backends) share the database itself.
#ifndef MSE_CLOUD_STORE_SQL_STORE_H_
#define MSE_CLOUD_STORE_SQL_STORE_H_

#include <memory>
#include <mutex>

#include "cloud/store/sql_database.h"
#include "cloud/store/store.h"

namespace mse::cloud {

class SqlStore : public Store {
 public:
  explicit SqlStore(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}
  Status Migrate();

  Status AddUser(const User& user, const Project& default_project) override;
  StatusOr<User> GetUser(const std::string& id) override;
  StatusOr<User> GetUserByEmail(const std::string& email) override;
  StatusOr<std::vector<User>> ListUsers() override;
  Status SetUserDisabled(const std::string& id, bool disabled) override;
  Status SetUserPasswordHash(const std::string& id, const std::string& password_hash) override;

  Status AddAuthCode(const AuthCode& code) override;
  StatusOr<AuthCode> ConsumeAuthCode(const std::string& code_hash, int64_t now) override;
  StatusOr<int64_t> DeleteExpiredAuthCodes(int64_t now) override;
  Status AddRefreshToken(const RefreshToken& token) override;
  StatusOr<RefreshToken> GetRefreshToken(const std::string& token_hash) override;
  Status RotateRefreshToken(const std::string& old_hash, const RefreshToken& next, int64_t now) override;
  Status RevokeRefreshToken(const std::string& token_hash, int64_t now) override;
  Status RevokeTokenFamily(const std::string& family_id, int64_t now) override;
  Status RevokeUserTokens(const std::string& user_id, int64_t now) override;

  Status AddProject(const Project& project) override;
  StatusOr<std::vector<Project>> ListProjects(const std::string& owner_id) override;
  StatusOr<Project> GetProject(const std::string& owner_id, const std::string& id) override;
  StatusOr<Project> GetProjectByName(const std::string& owner_id, const std::string& name) override;

  Status PutHardware(const Hardware& hardware) override;
  StatusOr<Hardware> GetHardware(const std::string& name) override;
  StatusOr<std::vector<Hardware>> ListHardware() override;
  Status PutImage(const ApprovedImage& image) override;
  StatusOr<ApprovedImage> GetImage(const std::string& reference) override;
  StatusOr<std::vector<ApprovedImage>> ListImages() override;

  Status AddApp(const App& app, int64_t hardware_units) override;
  StatusOr<App> GetApp(const std::string& id) override;
  StatusOr<std::vector<App>> ListApps(const AppFilter& filter) override;
  StatusOr<App> UpdateApp(const std::string& id, int64_t expected_version, const AppUpdate& update) override;
  Status DeleteApp(const std::string& id) override;

 private:
  Status InsertProject(const Project& project);
  Status InsertRefreshToken(const RefreshToken& token);
  StatusOr<std::vector<Project>> QueryProjects(std::string_view where, const std::string& a, const std::string& b);
  StatusOr<std::vector<App>> QueryApps(const AppFilter& filter);

  std::mutex mu_;
  std::unique_ptr<sql::Database> db_;
};

}  // namespace mse::cloud

#endif  // MSE_CLOUD_STORE_SQL_STORE_H_
