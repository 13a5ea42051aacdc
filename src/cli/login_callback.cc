#include "cli/login_callback.h"

#include <condition_variable>
#include <mutex>
#include <vector>

#include "base/terminal.h"
#include "cloud/client/url.h"
#include "net/http_server.h"

namespace mse::cli {

struct LoginCallback::State {
  std::string expected_state;
  std::optional<std::string> console_url;
  std::mutex mutex;
  std::condition_variable done;
  std::optional<std::string> code;
  std::optional<std::string> error;
};

struct LoginCallback::Servers {
  std::vector<std::unique_ptr<net::HttpServer>> list;
  ~Servers() {
    for (auto& s : list) s->Stop();
  }
};

namespace {

constexpr char kSuccessPage[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>mse</title></head><body>"
    "<p>You are logged in to MSE. You can close this tab and go back to the terminal.</p></body></html>\n";

net::ServerResponse Page(int status, const std::string& text) {
  return net::ServerResponse::Text(status, text, "text/html; charset=utf-8");
}

class CallbackHandler : public net::HttpHandler {
 public:
  explicit CallbackHandler(std::shared_ptr<LoginCallback::State> state) : state_(std::move(state)) {}

  net::ServerResponse Handle(const net::ServerRequest& request) override {
    if (request.method != "GET") return Page(405, "Only GET is expected here.\n");
    auto query = cloud::ParseQuery(request.target);
    auto state = query.find("state");
    if (state == query.end() || state->second != state_->expected_state) {
      return Page(400, "This is not the login mse is waiting for (unknown state): run `mse login` again.\n");
    }
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (auto error = query.find("error"); error != query.end() && !state_->code) {
      auto description = query.find("error_description");
      state_->error = description != query.end() ? description->second : error->second;
      state_->done.notify_all();
      return Page(400, "The login failed: " + *state_->error + "\n");
    }
    auto code = query.find("code");
    if (code == query.end() || code->second.empty()) return Page(400, "The login answer carries no code.\n");
    if (!state_->code) state_->code = code->second;
    WipeMemory(code->second.data(), code->second.size());
    state_->done.notify_all();
    if (state_->console_url) {
      net::ServerResponse redirect;
      redirect.status = 301;
      redirect.headers = {{"Location", *state_->console_url + "/?origin=cli"}};
      return redirect;
    }
    return Page(200, kSuccessPage);
  }

 private:
  std::shared_ptr<LoginCallback::State> state_;
};

StatusOr<std::unique_ptr<net::HttpServer>> Listen(const std::string& host, int port,
                                                  std::shared_ptr<net::HttpHandler> handler) {
  net::HttpServerOptions options;
  options.host = host;
  options.port = static_cast<uint16_t>(port);
  options.worker_threads = 1;
  options.access_log = [](std::string_view) {};
  return net::HttpServer::Start(std::move(options), std::move(handler));
}

}  // namespace

StatusOr<std::unique_ptr<LoginCallback>> LoginCallback::Start(std::string expected_state,
                                                              std::optional<std::string> console_url,
                                                              int port) {
  std::unique_ptr<LoginCallback> callback(new LoginCallback());
  callback->state_ = std::make_shared<State>();
  callback->state_->expected_state = std::move(expected_state);
  callback->state_->console_url = std::move(console_url);
  callback->servers_ = std::make_unique<Servers>();
  auto handler = std::make_shared<CallbackHandler>(callback->state_);
  auto v4 = Listen("127.0.0.1", port, handler);
  if (!v4.ok()) {
    return FailedPreconditionError(
        "cannot listen for the login callback on localhost:" + std::to_string(port) + " (" +
        v4.status().message() + "): is another `mse login` running?");
  }
  callback->port_ = (*v4)->port();
  callback->servers_->list.push_back(std::move(*v4));
  auto v6 = Listen("::1", callback->port_, handler);  // optional: no IPv6 is fine
  if (v6.ok()) callback->servers_->list.push_back(std::move(*v6));
  return callback;
}

LoginCallback::~LoginCallback() = default;

StatusOr<cloud::SecretString> LoginCallback::Wait(std::chrono::seconds timeout) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  bool answered = state_->done.wait_for(lock, timeout, [this] { return state_->code || state_->error; });
  if (!answered) {
    return DeadlineExceededError(
        "no login within " + FormatDuration(timeout.count()) +
        ": the browser never came back to http://localhost:" + std::to_string(port_) +
        "/. Run `mse login` again (--timeout MINUTES gives more time)");
  }
  if (state_->code) {
    cloud::SecretString code(std::move(*state_->code));
    state_->code.reset();
    return code;
  }
  return PermissionDeniedError("the authorization server refused the login: " + *state_->error);
}

}  // namespace mse::cli
