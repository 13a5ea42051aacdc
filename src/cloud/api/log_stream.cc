#include "cloud/api/log_stream.h"

#include <thread>

namespace mse::cloud::api {
namespace {

// Cancels the stream when the HTTP server drops the producer (the response
// finished or the client went away).
struct CancelOnDestroy {
  std::shared_ptr<LogStream> stream;
  std::function<void()> cancel;
  ~CancelOnDestroy() { cancel(); }
};

}  // namespace

std::shared_ptr<LogStream> LogStream::Start(Source source, size_t max_buffered, std::chrono::milliseconds poll) {
  std::shared_ptr<LogStream> stream(new LogStream(max_buffered, poll));
  std::thread([stream, source = std::move(source)] {
    (void)source([&stream](std::string_view chunk) { return stream->Push(chunk); });
    stream->Finish();
  }).detach();
  return stream;
}

Status LogStream::Push(std::string_view chunk) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return cancelled_ || buffered_ < max_buffered_; });
  if (cancelled_) return CancelledError("the log reader went away");
  chunks_.emplace_back(chunk);
  buffered_ += chunk.size();
  cv_.notify_all();
  return Status::Ok();
}

void LogStream::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  done_ = true;
  cv_.notify_all();
}

void LogStream::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  chunks_.clear();
  buffered_ = 0;
  cv_.notify_all();
}

StatusOr<std::optional<std::string>> LogStream::Pull() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, poll_, [this] { return !chunks_.empty() || done_; });
  if (chunks_.empty()) {
    if (done_) return std::optional<std::string>();
    return std::optional<std::string>(std::string());  // nothing yet: the worker is released
  }
  std::string chunk = std::move(chunks_.front());
  chunks_.pop_front();
  buffered_ -= chunk.size();
  cv_.notify_all();
  return std::optional<std::string>(std::move(chunk));
}

net::ChunkProducer LogStream::Producer() {
  auto guard = std::make_shared<CancelOnDestroy>();
  guard->stream = shared_from_this();
  guard->cancel = [weak = std::weak_ptr<LogStream>(shared_from_this())] {
    if (auto s = weak.lock()) s->Cancel();
  };
  return [guard]() { return guard->stream->Pull(); };
}

}  // namespace mse::cloud::api
