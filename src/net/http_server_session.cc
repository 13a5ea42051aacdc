// The connection state machine: [handshake] -> read header (header_timeout)
// -> [100-continue] -> read body (body_timeout) -> handler on a worker ->
// write (full, or chunk by chunk with the producer on a worker) -> keep-alive
// wait (idle_timeout) or close.
#include "net/http_server_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>

namespace mse::net::server_internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using beast::error_code;

constexpr size_t kIdleReadSize = 4096;

bool IsFramingHeader(std::string_view name) {
  for (std::string_view framing : {"content-length", "transfer-encoding", "connection", "keep-alive"}) {
    if (name.size() != framing.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) {
      same = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))) == framing[i];
    }
    if (same) return true;
  }
  return false;
}

bool IsSafeHeaderText(std::string_view text) {
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

bool StatusHasNoBody(int status) { return status == 204 || status == 304; }

template <class Fields>
void CopyHeaders(const HeaderList& headers, Fields& out) {
  for (const auto& [name, value] : headers) {
    if (name.empty() || IsFramingHeader(name) || !IsSafeHeaderText(name) ||
        !IsSafeHeaderText(value)) {
      continue;  // never let a handler break the framing or inject lines
    }
    out.insert(name, value);
  }
}

ServerResponse CallHandler(HttpHandler& handler, const ServerRequest& request) {
  try {
    return handler.Handle(request);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "http server: handler threw: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "http server: handler threw a non-standard exception\n");
  }
  return ServerResponse::Text(500, "Internal Server Error\n");
}

StatusOr<std::optional<std::string>> CallProducer(const ChunkProducer& producer) {
  try {
    return producer();
  } catch (const std::exception& e) {
    return InternalError(std::string("chunk producer threw: ") + e.what());
  } catch (...) {
    return InternalError("chunk producer threw a non-standard exception");
  }
}

}  // namespace

Session::Session(SessionHost* host, asio::ip::tcp::socket socket,
                 std::shared_ptr<asio::ssl::context> tls, bool refusal, std::string refusal_message)
    : host_(host), options_(host->options()), tls_ctx_(std::move(tls)),
      executor_(socket.get_executor()), refusal_(refusal), refusal_message_(std::move(refusal_message)) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (!ec) {
    remote_address_ = endpoint.address().to_string();
    remote_port_ = endpoint.port();
  }
  if (tls_ctx_) {
    ssl_.emplace(std::move(socket), *tls_ctx_);
  } else {
    plain_.emplace(std::move(socket));
  }
}

Session::~Session() {
  WipeReadBuffer();
  host_->Unregister(this);
}

// Bytes of earlier requests (bodies with keys) stay in the buffer's storage
// after they were consumed: overwrite all of it.
void Session::WipeReadBuffer() {
  size_t capacity = buffer_.capacity();
  buffer_.consume(buffer_.size());
  if (capacity == 0) return;
  auto storage = buffer_.prepare(capacity);
  WipeMemory(storage.data(), storage.size());
}

void Session::Start() {
  asio::dispatch(executor_, [self = shared_from_this()] {
    // A refusal gets little time: it holds a descriptor over the cap.
    self->Tcp().expires_after(self->refusal_ ? std::min(self->options_.header_timeout,
                                                        std::chrono::milliseconds(2000))
                                             : self->options_.header_timeout);
    if (!self->ssl_) return self->refusal_ ? self->Refuse() : self->ReadRequest(true);
    self->ssl_->async_handshake(asio::ssl::stream_base::server, [self](error_code ec) {
      if (ec) {
        if (ec == beast::error::timeout && !self->refusal_) self->Log("closed: TLS handshake timeout");
        return self->Close();
      }
      if (self->refusal_) return self->Refuse();
      self->ReadRequest(true);
    });
  });
}

void Session::Refuse() {
  keep_alive_ = false;
  head_request_ = false;
  http10_ = false;
  auto response = std::make_shared<ServerResponse>(ServerResponse::JsonError(503, refusal_message_));
  response->headers.emplace_back("Retry-After", "1");
  WriteResponse(std::move(response));
}

// The handler's limit when it is lower than the server's.
uint64_t Session::BodyLimit() {
  uint64_t limit = options_.max_body_bytes;
  if (auto handler = host_->handler()) {
    if (auto lower = handler->MaxBodyBytes(); lower && *lower < limit) limit = *lower;
  }
  return limit;
}

void Session::CancelIfIdle() {
  asio::post(executor_, [self = shared_from_this()] {
    if (self->state_ != State::kReading) return;
    self->state_ = State::kClosing;
    error_code ignored;
    self->Tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    self->Tcp().close();
  });
}

void Session::ReadRequest(bool first) {
  if (host_->stopping() || state_ == State::kClosing) return Close();
  state_ = State::kReading;
  parser_.emplace();
  body_limit_ = BodyLimit();
  parser_->body_limit(body_limit_);
  parser_->header_limit(options_.max_header_bytes);
  parser_->get().body().set_budget(&host_->body_budget());
  log_method_ = log_path_ = "-";
  status_ = 0;
  bytes_ = 0;
  started_ = std::chrono::steady_clock::now();
  if (first || buffer_.size() > 0) return ReadHeader();
  // Keep-alive: wait up to idle_timeout for the first byte, then the header
  // timeout starts.
  Tcp().expires_after(options_.idle_timeout);
  WithStream([&](auto& stream) {
    stream.async_read_some(buffer_.prepare(kIdleReadSize),
                           [self = shared_from_this()](error_code ec, size_t n) {
                             if (ec) return self->Close();
                             self->buffer_.commit(n);
                             self->started_ = std::chrono::steady_clock::now();
                             self->ReadHeader();
                           });
  });
}

void Session::ReadHeader() {
  Tcp().expires_after(options_.header_timeout);
  WithStream([&](auto& stream) {
    http::async_read_header(stream, buffer_, *parser_,
                            [self = shared_from_this()](error_code ec, size_t) {
                              self->OnHeader(ec);
                            });
  });
}

void Session::OnHeader(error_code ec) {
  if (ec) return OnReadError(ec);
  const auto& message = parser_->get();
  log_method_ = std::string(message.method_string());
  std::string_view target(message.target().data(), message.target().size());
  log_path_ = std::string(target.substr(0, target.find('?')));
  auto expect = message.find(http::field::expect);
  bool wants_continue = expect != message.end() && beast::iequals(expect->value(), "100-continue");
  if (!wants_continue || parser_->is_done()) return ReadBody();
  static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  WithStream([&](auto& stream) {
    asio::async_write(stream, asio::buffer(kContinue),
                      [self = shared_from_this()](error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->ReadBody();
                      });
  });
}

void Session::ReadBody() {
  if (parser_->is_done()) return Dispatch();
  Tcp().expires_after(options_.body_timeout);
  WithStream([&](auto& stream) {
    http::async_read(stream, buffer_, *parser_, [self = shared_from_this()](error_code ec, size_t) {
      if (ec) return self->OnReadError(ec);
      self->Dispatch();
    });
  });
}

void Session::OnReadError(error_code ec) {
  if (ec == http::error::body_limit) {
    return SendError(413, "request body larger than " + std::to_string(body_limit_) + " bytes");
  }
  if (ec == boost::system::errc::not_enough_memory) {
    return SendError(503, "server busy: request bodies in progress hold " +
                              std::to_string(options_.max_buffered_body_bytes) + " bytes; retry later");
  }
  if (ec == http::error::header_limit) {
    return SendError(431, "request header larger than " +
                              std::to_string(options_.max_header_bytes) + " bytes");
  }
  if (ec == beast::error::timeout) {
    Log(parser_ && parser_->is_header_done() ? "closed: body timeout" : "closed: header timeout");
    return Close();
  }
  bool parse_error = ec.category() == http::make_error_code(http::error::bad_method).category() &&
                     ec != http::error::end_of_stream && ec != http::error::partial_message;
  if (parse_error) return SendError(400, "malformed HTTP request: " + ec.message());
  Close();  // peer closed or reset: nothing to answer
}

void Session::Dispatch() {
  Tcp().expires_never();
  auto message = parser_->release();
  ServerRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  http10_ = message.version() == 10;
  request.version = http10_ ? "HTTP/1.0" : "HTTP/1.1";
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  uint64_t charged = 0;
  request.body = message.body().Take(&charged);
  request.remote_address = remote_address_;
  request.remote_port = remote_port_;
  keep_alive_ = message.keep_alive();
  head_request_ = message.method() == http::verb::head;
  state_ = State::kHandling;
  host_->PostToWorkers([self = shared_from_this(), handler = host_->handler(), request = std::move(request),
                        charged]() mutable {
    auto response = std::make_shared<ServerResponse>(CallHandler(*handler, request));
    WipeMemory(request.body.data(), request.body.size());  // it may hold keys or secrets
    std::string().swap(request.body);
    self->host_->body_budget().Release(charged);
    asio::post(self->executor_, [self, response] { self->WriteResponse(response); });
  });
}

void Session::SendError(int status, std::string_view message) {
  keep_alive_ = false;
  head_request_ = false;
  http10_ = false;
  WriteResponse(std::make_shared<ServerResponse>(ServerResponse::JsonError(status, message)));
}

void Session::WriteResponse(std::shared_ptr<ServerResponse> response) {
  response_ = std::move(response);
  state_ = State::kWriting;
  if (host_->stopping()) keep_alive_ = false;
  status_ = response_->status;
  if (status_ < 200 || status_ > 999) {  // 1xx would leave the client waiting
    *response_ = ServerResponse::Text(500, "Internal Server Error\n");
    status_ = 500;
  }
  bool no_body = head_request_ || StatusHasNoBody(status_);
  Tcp().expires_after(options_.body_timeout);
  if (response_->stream && !no_body) return WriteStreamHeader(*response_);
  WriteFull(*response_, no_body);
}

void Session::WriteFull(const ServerResponse& response, bool no_body) {
  full_.emplace();
  full_->result(static_cast<unsigned>(status_));
  full_->version(http10_ ? 10 : 11);
  CopyHeaders(response.headers, *full_);
  full_->keep_alive(keep_alive_);
  if (no_body) {
    if (head_request_ && !StatusHasNoBody(status_)) {
      std::optional<uint64_t> length = response.content_length;
      if (!response.stream && !length) length = response.body.size();
      if (length) full_->content_length(*length);
    }
  } else {
    full_->body() = std::move(response_->body);
    full_->content_length(full_->body().size());
    bytes_ = full_->body().size();
  }
  WithStream([&](auto& stream) {
    http::async_write(stream, *full_, [self = shared_from_this()](error_code ec, size_t) {
      self->OnWritten(ec);
    });
  });
}

void Session::WriteStreamHeader(const ServerResponse& response) {
  head_msg_.emplace();
  head_msg_->result(static_cast<unsigned>(status_));
  head_msg_->version(http10_ ? 10 : 11);
  CopyHeaders(response.headers, *head_msg_);
  length_ = response.content_length;
  chunked_ = !length_ && !http10_;
  if (!length_ && http10_) keep_alive_ = false;  // the close delimits the body
  head_msg_->keep_alive(keep_alive_);
  if (length_) head_msg_->content_length(*length_);
  if (chunked_) head_msg_->chunked(true);
  head_sr_.emplace(*head_msg_);
  WithStream([&](auto& stream) {
    http::async_write_header(stream, *head_sr_, [self = shared_from_this()](error_code ec, size_t) {
      if (ec) return self->Abort("write failed: " + ec.message());
      self->NextChunk();
    });
  });
}

void Session::NextChunk() {
  host_->PostToWorkers([self = shared_from_this(), response = response_] {
    auto chunk = CallProducer(response->stream);
    asio::post(self->executor_, [self, chunk = std::move(chunk)]() mutable {
      self->OnChunk(std::move(chunk));
    });
  });
}

void Session::OnChunk(StatusOr<std::optional<std::string>> chunk) {
  if (!chunk.ok()) return Abort("body stream failed: " + chunk.status().ToString());
  auto on_written = [self = shared_from_this()](error_code ec, size_t) {
    if (ec) return self->Abort("write failed: " + ec.message());
    self->NextChunk();
  };
  if (!chunk->has_value()) {
    if (length_ && bytes_ != *length_) return Abort("body stream shorter than its Content-Length");
    if (!chunked_) return Finish();
    return WithStream([&](auto& stream) {
      asio::async_write(stream, http::make_chunk_last(),
                        [self = shared_from_this()](error_code ec, size_t) { self->OnWritten(ec); });
    });
  }
  chunk_ = std::move(**chunk);
  if (chunk_.empty()) return NextChunk();
  bytes_ += chunk_.size();
  if (length_ && bytes_ > *length_) return Abort("body stream longer than its Content-Length");
  Tcp().expires_after(options_.body_timeout);
  WithStream([&](auto& stream) {
    if (chunked_) {
      asio::async_write(stream, http::make_chunk(asio::buffer(chunk_)), on_written);
    } else {
      asio::async_write(stream, asio::buffer(chunk_), on_written);
    }
  });
}

void Session::OnWritten(error_code ec) {
  if (ec) return Abort("write failed: " + ec.message());
  Finish();
}

void Session::Finish() {
  Log("");
  ReleaseResponse();
  if (!keep_alive_) return Close();
  ReadRequest(false);
}

void Session::Abort(std::string_view why) {
  Log(std::string("aborted: ") + std::string(why));
  ReleaseResponse();
  state_ = State::kClosing;
  error_code ignored;
  Tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  Tcp().close();
}

void Session::ReleaseResponse() {
  full_.reset();
  head_sr_.reset();
  head_msg_.reset();
  chunk_.clear();
  // The response may own interpreter objects: let a worker drop it.
  if (response_) host_->PostToWorkers([response = std::move(response_)] {});
  response_.reset();
}

void Session::Close() {
  if (state_ == State::kClosing && !Tcp().socket().is_open()) return;
  state_ = State::kClosing;
  if (!ssl_) {
    error_code ignored;
    Tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return Tcp().close();
  }
  Tcp().expires_after(std::chrono::seconds(2));
  ssl_->async_shutdown([self = shared_from_this()](error_code) { self->Tcp().close(); });
}

void Session::Log(std::string_view suffix) {
  if (refusal_) return;  // the server logs refusals in bulk
  auto elapsed = std::chrono::steady_clock::now() - started_;
  double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  char line[160];
  std::snprintf(line, sizeof line, " %d %llu %.1fms", status_,
                static_cast<unsigned long long>(bytes_), ms);
  std::string text = remote_address_ + ":" + std::to_string(remote_port_) + " \"" + log_method_ +
                     " " + log_path_ + "\"" + line;
  if (!suffix.empty()) text += " " + std::string(suffix);
  options_.access_log(text);
}

}  // namespace mse::net::server_internal
