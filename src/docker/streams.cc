// Decoding of the engine's streamed bodies: JSON messages and log frames.
#include <nlohmann/json.hpp>

#include "docker/engine.h"

namespace mse::docker {

Status EngineError(long http_status, const std::string& body) {
  std::string message = body;
  try {
    auto json = nlohmann::json::parse(body);
    if (json.is_object() && json.contains("message") && json["message"].is_string()) {
      message = json["message"].get<std::string>();
    }
  } catch (const nlohmann::json::exception&) {
    // not JSON: keep the raw text
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  std::string text = "Docker engine: " + message + " (HTTP " + std::to_string(http_status) + ")";
  switch (http_status) {
    case 400: return InvalidArgumentError(text);
    case 404: return NotFoundError(text);
    case 409: return AlreadyExistsError(text);
    case 304: return FailedPreconditionError(text);
    default: return UnavailableError(text);
  }
}

Status JsonMessageStream::HandleMessage(const std::string& text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("Docker engine sent an unreadable progress message: ") + e.what());
  }
  if (!json.is_object()) return Status::Ok();
  if (json.contains("error")) {
    std::string error = json["error"].is_string() ? json["error"].get<std::string>() : json["error"].dump();
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return InvalidArgumentError("Docker engine: " + error);
  }
  if (json.contains("stream") && json["stream"].is_string()) {
    std::string line = json["stream"].get<std::string>();
    const std::string loaded = "Loaded image: ";
    if (line.rfind(loaded, 0) == 0) {
      std::string tag = line.substr(loaded.size());
      while (!tag.empty() && (tag.back() == '\n' || tag.back() == '\r')) tag.pop_back();
      loaded_.push_back(tag);
    }
    while (!line.empty() && line.back() == '\n') line.pop_back();
    if (!line.empty() && on_line_) on_line_(line);
  } else if (json.contains("status") && json["status"].is_string() && on_line_) {
    on_line_(json["status"].get<std::string>());
  }
  return Status::Ok();
}

Status JsonMessageStream::Feed(std::string_view chunk) {
  pending_.append(chunk);
  // Messages are newline-separated JSON objects.
  size_t start = 0;
  for (size_t nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
    std::string line = pending_.substr(start, nl - start);
    start = nl + 1;
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    MSE_RETURN_IF_ERROR(HandleMessage(line));
  }
  pending_.erase(0, start);
  return Status::Ok();
}

Status JsonMessageStream::Finish() {
  if (pending_.find_first_not_of(" \r\n\t") == std::string::npos) return Status::Ok();
  std::string rest = std::move(pending_);
  pending_.clear();
  return HandleMessage(rest);
}

Status LogDemuxer::Feed(std::string_view chunk) {
  pending_.append(chunk);
  size_t pos = 0;
  while (pending_.size() - pos >= 8) {
    auto byte = [&](size_t i) { return static_cast<uint8_t>(pending_[pos + i]); };
    uint8_t stream = byte(0);
    if (stream > 2) {  // not multiplexed (a TTY container): pass through
      MSE_RETURN_IF_ERROR(sink_(std::string_view(pending_).substr(pos)));
      pending_.clear();
      return Status::Ok();
    }
    size_t size = (size_t{byte(4)} << 24) | (size_t{byte(5)} << 16) | (size_t{byte(6)} << 8) | byte(7);
    if (pending_.size() - pos - 8 < size) break;
    MSE_RETURN_IF_ERROR(sink_(std::string_view(pending_).substr(pos + 8, size)));
    pos += 8 + size;
  }
  pending_.erase(0, pos);
  return Status::Ok();
}

}  // namespace mse::docker
