// One HTTP connection of HttpServer (internal to src/net). All members are
// touched only on the connection's strand, except where noted.
#ifndef MSE_NET_HTTP_SERVER_SESSION_H_
#define MSE_NET_HTTP_SERVER_SESSION_H_

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/http_server.h"
#include "net/http_server_body.h"

namespace mse::net::server_internal {

class Session;

// What a Session needs from its server. Thread-safe.
class SessionHost {
 public:
  virtual ~SessionHost() = default;
  virtual const HttpServerOptions& options() const = 0;
  virtual std::shared_ptr<HttpHandler> handler() = 0;
  virtual void PostToWorkers(std::function<void()> work) = 0;
  virtual bool stopping() const = 0;
  virtual BodyBudget& body_budget() = 0;
  // `refusal`: the session only answers 503 (over max_connections).
  virtual void Register(Session* session, std::weak_ptr<Session> weak, bool refusal) = 0;
  virtual void Unregister(Session* session) = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // A `refusal` session completes the TLS handshake (if any), answers 503
  // with `refusal_message` and closes, without reading a request.
  Session(SessionHost* host, boost::asio::ip::tcp::socket socket,
          std::shared_ptr<boost::asio::ssl::context> tls, bool refusal = false,
          std::string refusal_message = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start();
  // Thread-safe: closes the connection if it is waiting for a request.
  void CancelIfIdle();

 private:
  enum class State { kReading, kHandling, kWriting, kClosing };
  using Parser = boost::beast::http::request_parser<BoundedBody>;
  using FullResponse = boost::beast::http::response<boost::beast::http::string_body>;
  using HeadResponse = boost::beast::http::response<boost::beast::http::empty_body>;
  using HeadSerializer = boost::beast::http::response_serializer<boost::beast::http::empty_body>;

  template <class F>
  void WithStream(F&& f) {
    if (ssl_) {
      f(*ssl_);
    } else {
      f(*plain_);
    }
  }
  boost::beast::tcp_stream& Tcp() { return ssl_ ? ssl_->next_layer() : *plain_; }

  void Refuse();
  void WipeReadBuffer();
  uint64_t BodyLimit();
  void ReadRequest(bool first);
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnReadError(boost::beast::error_code ec);
  void Dispatch();
  void WriteResponse(std::shared_ptr<ServerResponse> response);
  void WriteFull(const ServerResponse& response, bool no_body);
  void WriteStreamHeader(const ServerResponse& response);
  void NextChunk();
  void OnChunk(StatusOr<std::optional<std::string>> chunk);
  void OnWritten(boost::beast::error_code ec);
  void Finish();
  void Abort(std::string_view why);
  void Close();
  void ReleaseResponse();
  void SendError(int status, std::string_view message);
  void Log(std::string_view suffix);

  SessionHost* host_;
  const HttpServerOptions& options_;
  std::shared_ptr<boost::asio::ssl::context> tls_ctx_;  // keeps ssl_'s context alive
  boost::asio::any_io_executor executor_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> ssl_;
  std::optional<boost::beast::tcp_stream> plain_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::optional<FullResponse> full_;
  std::optional<HeadResponse> head_msg_;
  std::optional<HeadSerializer> head_sr_;
  std::shared_ptr<ServerResponse> response_;
  std::string chunk_;
  std::string remote_address_;
  uint16_t remote_port_ = 0;
  State state_ = State::kReading;
  const bool refusal_;
  const std::string refusal_message_;
  uint64_t body_limit_ = 0;  // of the request being read

  // The request being served.
  bool keep_alive_ = false;
  bool head_request_ = false;
  bool http10_ = false;
  bool chunked_ = false;
  std::optional<uint64_t> length_;  // declared length of a streamed body
  std::string log_method_ = "-";
  std::string log_path_ = "-";
  int status_ = 0;
  uint64_t bytes_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace mse::net::server_internal

#endif  // MSE_NET_HTTP_SERVER_SESSION_H_
