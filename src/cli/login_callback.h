// The local end of the browser login (spec/cloud.md §1.2, quirk Q-74): a
// plain-HTTP server on localhost:5355 — both 127.0.0.1 and ::1, since
// "localhost" may resolve to either — that accepts one GET carrying the
// authorization code and the expected `state`, answers the browser (a 301
// to `{console}/?origin=cli`, or a small page of its own), and hands the
// code over. Requests with another state are refused and ignored.
#ifndef MSE_CLI_LOGIN_CALLBACK_H_
#define MSE_CLI_LOGIN_CALLBACK_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "cloud/client/oauth_client.h"

namespace mse::cli {

class LoginCallback {
 public:
  struct State;  // shared with the HTTP handler

  // Binds 127.0.0.1:`port` (FailedPrecondition naming the port when it is
  // taken) and, when possible, [::1]:`port`. Port 0 picks a free port.
  static StatusOr<std::unique_ptr<LoginCallback>> Start(std::string expected_state,
                                                        std::optional<std::string> console_url, int port);
  ~LoginCallback();
  LoginCallback(const LoginCallback&) = delete;
  LoginCallback& operator=(const LoginCallback&) = delete;

  int port() const { return port_; }
  // The authorization code. DeadlineExceeded after `timeout`, saying to run
  // `mse login` again; PermissionDenied when the server sent an error
  // instead of a code (its error_description).
  StatusOr<cloud::SecretString> Wait(std::chrono::seconds timeout);

 private:
  LoginCallback() = default;
  struct Servers;
  std::shared_ptr<State> state_;
  std::unique_ptr<Servers> servers_;
  int port_ = 0;
};

}  // namespace mse::cli

#endif  // MSE_CLI_LOGIN_CALLBACK_H_
