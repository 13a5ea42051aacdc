// mse cloud login | logout (spec/cloud.md §1.2; quirks ):
// the PKCE browser flow with a local callback, a CI token read from
// standard input (`--with-token`), `--whoami`, and a logout that revokes
// the refresh token. login.toml is written atomically with mode 0600 and no
// token is ever printed.
#include "base/process.h"
#include "cli/cloud_services.h"
#include "cli/commands.h"
#include "cli/login_callback.h"
#include "format/login.h"

namespace mse::cli {
namespace {

bool HasLogin(CommandContext& ctx) { return ctx.env.fs->Exists(format::LoginPath(ctx.ConfPath())); }

// The browser is opened only where one can be: a graphical session with xdg-open.
void TryOpenBrowser(CommandContext& ctx, const std::string& url) {
  const char* display = ctx.getenv("DISPLAY");
  const char* wayland = ctx.getenv("WAYLAND_DISPLAY");
  bool graphical = (display != nullptr && *display != '\0') || (wayland != nullptr && *wayland != '\0');
  if (!graphical || !ctx.env.fs->Exists("/usr/bin/xdg-open")) return;
  (void)RunProcess(ProcessSpec{{"/usr/bin/xdg-open", url}, {}, ""});
}

// Saves login.toml for the tokens and greets the user from GET /users/me.
Status FinishLogin(CloudServices& services, CommandContext& ctx, cloud::TokenSet& tokens,
                   const std::string& how) {
  auto api =
      services.ApiWithToken([&tokens]() -> StatusOr<std::string> { return tokens.access_token.value(); });
  auto me = api->Me();
  if (!me.ok()) return me.status().WithContext("the login worked but the MSE backend does not know you");
  std::string email = me->email;
  if (!tokens.id_token.empty()) {
    auto claims = cloud::ReadJwtClaimsUnverified(tokens.id_token.value());
    if (claims.ok() && !claims->email.empty()) email = claims->email;
  }
  format::Login login{email, tokens.refresh_token.value()};
  Status saved = format::SaveLogin(*ctx.env.fs, ctx.ConfPath(), login);
  WipeMemory(login.refresh_token.data(), login.refresh_token.size());
  MSE_RETURN_IF_ERROR(saved);
  std::string name = me->given_name.empty() ? email : me->given_name;
  ctx.terminal->Success("Welcome " + name + "! You are logged in as " + email + how);
  return Status::Ok();
}

Status BrowserLogin(CloudServices& services, CommandContext& ctx, std::chrono::seconds timeout) {
  MSE_ASSIGN_OR_RETURN(cloud::OAuthClient * oauth, services.OAuth());
  MSE_RETURN_IF_ERROR(oauth->Probe().WithContext("mse cloud login"));
  cloud::Pkce pkce = cloud::NewPkce(*ctx.env.random);
  MSE_ASSIGN_OR_RETURN(
      auto callback, LoginCallback::Start(pkce.state, oauth->endpoints().console_url, cloud::kCallbackPort));
  std::string url = cloud::AuthorizeUrl(oauth->endpoints(), pkce, cloud::kRedirectUri);
  ctx.terminal->Info(
      "Open this link in a web browser to log in (from Docker or a remote machine, paste it into "
      "a browser of the machine where localhost:5355 reaches this command):");
  ctx.terminal->Result(url + "\n");
  TryOpenBrowser(ctx, url);
  StatusOr<cloud::SecretString> code = [&] {
    Spinner spinner(*ctx.terminal, "waiting for the browser to come back to http://localhost:5355/");
    return callback->Wait(timeout);
  }();
  if (!code.ok()) return code.status();
  MSE_ASSIGN_OR_RETURN(cloud::TokenSet tokens,
                       oauth->ExchangeCode(code->value(), pkce.verifier.value(), cloud::kRedirectUri));
  if (tokens.refresh_token.empty()) {
    return FailedPreconditionError(
        "the authorization server issued no refresh token (scope offline_access): "
        "mse cannot keep the session");
  }
  return FinishLogin(services, ctx, tokens, "");
}

// `mse login --with-token`: a CI refresh token on standard input.
Status TokenLogin(CloudServices& services, CommandContext& ctx) {
  std::string line;
  std::getline(ctx.Input(), line);
  cloud::SecretString token([&line] {
    size_t start = line.find_first_not_of(" \t\r\n");
    size_t end = line.find_last_not_of(" \t\r\n");
    return start == std::string::npos ? std::string() : line.substr(start, end - start + 1);
  }());
  WipeMemory(line.data(), line.size());
  if (token.empty()) {
    return InvalidArgumentError(
        "no token on standard input: pipe it in, e.g. `mse login --with-token < token.txt`");
  }
  MSE_ASSIGN_OR_RETURN(cloud::OAuthClient * oauth, services.OAuth());
  auto tokens = oauth->Refresh(token.value());
  if (!tokens.ok()) return tokens.status().WithContext("the token was refused");
  if (tokens->refresh_token.empty()) tokens->refresh_token = std::move(token);
  return FinishLogin(services, ctx, *tokens, " (token from standard input)");
}

// True when the saved login still works (and says so); a login the server
// refuses is forgotten; any other failure (backend unreachable) is an error.
StatusOr<bool> AlreadyLoggedIn(CommandContext& ctx) {
  CloudServices services(ctx);
  MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
  auto me = api->Me();
  if (me.ok()) {
    ctx.terminal->Info("You are already logged in as: " + me->email);
    return true;
  }
  if (me.status().code() != StatusCode::kUnauthenticated) return me.status();
  ctx.terminal->Warning("the saved login no longer works (" + me.status().message() + "): logging in again");
  MSE_RETURN_IF_ERROR(ctx.env.fs->RemoveFile(format::LoginPath(ctx.ConfPath())));
  return false;
}

}  // namespace

Status RunCloudLogin(const ParsedArgs& args, CommandContext& ctx) {
  if (args.Flag("whoami")) {
    if (!HasLogin(ctx)) return FailedPreconditionError("You are not logged in yet! Run `mse cloud login`");
    CloudServices services(ctx);
    MSE_ASSIGN_OR_RETURN(cloud::ApiClient * api, services.Api());
    MSE_ASSIGN_OR_RETURN(cloud::api::User me, api->Me());
    ctx.terminal->Result("You are currently logged in as: " + me.email + "\n");
    return Status::Ok();
  }
  MSE_ASSIGN_OR_RETURN(int64_t minutes, args.GetInt("timeout"));
  if (minutes <= 0) return UsageError("--timeout must be a positive number of minutes");
  CloudServices services(ctx);
  if (args.Flag("with-token")) return TokenLogin(services, ctx);  // replaces any login
  if (HasLogin(ctx)) {
    MSE_ASSIGN_OR_RETURN(bool logged_in, AlreadyLoggedIn(ctx));
    if (logged_in) return Status::Ok();
  }
  return BrowserLogin(services, ctx, std::chrono::seconds(minutes * 60));
}

Status RunCloudLogout(const ParsedArgs&, CommandContext& ctx) {
  if (!HasLogin(ctx)) {
    ctx.terminal->Info("You are not logged in: nothing to do");
    return Status::Ok();
  }
  const std::string path = format::LoginPath(ctx.ConfPath());
  auto login = format::LoadLogin(*ctx.env.fs, ctx.ConfPath());
  CloudServices services(ctx);
  auto oauth = services.OAuth();
  if (login.ok() && oauth.ok()) {
    Status revoked = (*oauth)->Revoke(login->refresh_token);
    if (!revoked.ok()) ctx.terminal->Warning("the refresh token could not be revoked: " + revoked.message());
    Status out = (*oauth)->Logout();
    if (!out.ok()) ctx.terminal->Warning(out.message());
    WipeMemory(login->refresh_token.data(), login->refresh_token.size());
  } else if (!oauth.ok()) {
    ctx.terminal->Warning("the session could not be revoked: " + oauth.status().message());
  }
  MSE_RETURN_IF_ERROR(ctx.env.fs->RemoveFile(path).WithContext("removing " + path));
  ctx.terminal->Success("You are now logged out");
  return Status::Ok();
}

}  // namespace mse::cli
