#include "cli/cloud_services.h"

#include "format/login.h"

namespace mse::cli {

CloudServices::CloudServices(CommandContext& ctx)
    : ctx_(ctx), http_(net::NewCurlHttpClient()), endpoints_(ctx.getenv, *http_) {}

StatusOr<cloud::OAuthClient*> CloudServices::OAuth() {
  if (oauth_ == nullptr) {
    MSE_ASSIGN_OR_RETURN(cloud::AuthEndpoints auth, endpoints_.Auth());
    oauth_ = std::make_unique<cloud::OAuthClient>(std::move(auth), *http_, *ctx_.env.clock);
  }
  return oauth_.get();
}

StatusOr<cloud::ApiClient*> CloudServices::Api() {
  if (api_ != nullptr) return api_.get();
  MSE_ASSIGN_OR_RETURN(format::Login login, format::LoadLogin(*ctx_.env.fs, ctx_.ConfPath()));
  email_ = login.email;
  MSE_ASSIGN_OR_RETURN(cloud::OAuthClient * oauth, OAuth());
  FileSystem& fs = *ctx_.env.fs;
  std::string conf = ctx_.ConfPath();
  std::string email = login.email;
  session_ = std::make_unique<cloud::Session>(
      *oauth, *ctx_.env.clock, cloud::SecretString(std::move(login.refresh_token)),
      [&fs, conf, email](const std::string& rotated) {
        format::Login updated{email, rotated};
        Status s = format::SaveLogin(fs, conf, updated);
        WipeMemory(updated.refresh_token.data(), updated.refresh_token.size());
        return s;
      });
  cloud::Session* session = session_.get();
  api_ = ApiWithToken([session]() { return session->AccessToken(); });
  return api_.get();
}

std::unique_ptr<cloud::ApiClient> CloudServices::ApiWithToken(cloud::AccessTokenSource token) {
  cloud::ApiClientOptions options;
  options.base_url = endpoints_.api_url();
  options.token = std::move(token);
  return std::make_unique<cloud::ApiClient>(std::move(options), *http_, *ctx_.env.clock);
}

bool EnvFlag(const CommandContext& ctx, const char* name) {
  const char* value = ctx.getenv ? ctx.getenv(name) : nullptr;
  if (value == nullptr) return false;
  std::string v = value;
  return v == "1" || v == "true" || v == "yes";
}

}  // namespace mse::cli
