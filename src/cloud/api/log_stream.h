// Bridges a push source of log chunks (the node's log follow, which blocks
// in its own thread) to the HTTP server's pull producer, which must never
// hold a worker thread for long: a pull waits at most `poll` and returns an
// empty chunk (nothing written) when nothing came. Memory is bounded: the
// source blocks while `max_buffered` bytes wait.
#ifndef MSE_CLOUD_API_LOG_STREAM_H_
#define MSE_CLOUD_API_LOG_STREAM_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "net/http_server.h"

namespace mse::cloud::api {

class LogStream : public std::enable_shared_from_this<LogStream> {
 public:
  using Source = std::function<Status(const std::function<Status(std::string_view)>& sink)>;

  // Runs `source` on a detached thread; it ends when the source ends or,
  // after the reader went away, at its next chunk.
  static std::shared_ptr<LogStream> Start(Source source, size_t max_buffered = 1 << 20,
                                          std::chrono::milliseconds poll = std::chrono::milliseconds(1000));
  // The producer for ServerResponse::stream. Destroying the last copy of it
  // cancels the stream.
  net::ChunkProducer Producer();

 private:
  LogStream(size_t max_buffered, std::chrono::milliseconds poll) : max_buffered_(max_buffered), poll_(poll) {}
  Status Push(std::string_view chunk);
  void Finish();
  StatusOr<std::optional<std::string>> Pull();
  void Cancel();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> chunks_;
  size_t buffered_ = 0;
  bool done_ = false;
  bool cancelled_ = false;
  const size_t max_buffered_;
  const std::chrono::milliseconds poll_;
};

}  // namespace mse::cloud::api

#endif  // MSE_CLOUD_API_LOG_STREAM_H_
