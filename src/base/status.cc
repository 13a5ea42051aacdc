#include "base/status.h"

#include <cxxabi.h>
#include <execinfo.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace mse {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kUnauthenticated: return "Unauthenticated";
    case StatusCode::kFailedPrecondition: return "FailedPrecondition";
    case StatusCode::kDataLoss: return "DataLoss";
    case StatusCode::kOutOfRange: return "OutOfRange";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kDeadlineExceeded: return "DeadlineExceeded";
    case StatusCode::kUnimplemented: return "Unimplemented";
    case StatusCode::kInternal: return "Internal";
    case StatusCode::kUsage: return "Usage";
  }
  return "Unknown";
}

namespace {

std::atomic<bool> g_capture_backtraces{false};

// "  #3 mse::cli::Dispatch(...)" lines, demangled where possible.
std::string CaptureBacktrace() {
  void* frames[48];
  int n = ::backtrace(frames, 48);
  char** symbols = ::backtrace_symbols(frames, n);
  if (symbols == nullptr) return "";
  std::string out;
  for (int i = 2; i < n; ++i) {  // skip CaptureBacktrace and the constructor
    std::string line = symbols[i];
    size_t open = line.find('(');
    size_t plus = line.find('+', open);
    if (open != std::string::npos && plus != std::string::npos && plus > open + 1) {
      std::string mangled = line.substr(open + 1, plus - open - 1);
      int status = 0;
      char* demangled = abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status);
      if (status == 0 && demangled != nullptr) line = demangled;
      std::free(demangled);
    }
    out += "  #" + std::to_string(i - 2) + " " + line + "\n";
  }
  std::free(symbols);
  return out;
}

}  // namespace

void Status::EnableBacktraces(bool enable) { g_capture_backtraces = enable; }

Status::Status(StatusCode code, std::string message)
    : code_(code), message_(code == StatusCode::kOk ? std::string() : std::move(message)) {
  if (code_ != StatusCode::kOk && g_capture_backtraces) backtrace_ = CaptureBacktrace();
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status wrapped = *this;
  wrapped.message_ = std::string(context) + ": " + message_;
  return wrapped;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

Status CancelledError(std::string m) { return Status(StatusCode::kCancelled, std::move(m)); }
Status InvalidArgumentError(std::string m) { return Status(StatusCode::kInvalidArgument, std::move(m)); }
Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
Status AlreadyExistsError(std::string m) { return Status(StatusCode::kAlreadyExists, std::move(m)); }
Status PermissionDeniedError(std::string m) { return Status(StatusCode::kPermissionDenied, std::move(m)); }
Status UnauthenticatedError(std::string m) { return Status(StatusCode::kUnauthenticated, std::move(m)); }
Status FailedPreconditionError(std::string m) { return Status(StatusCode::kFailedPrecondition, std::move(m)); }
Status DataLossError(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
Status OutOfRangeError(std::string m) { return Status(StatusCode::kOutOfRange, std::move(m)); }
Status UnavailableError(std::string m) { return Status(StatusCode::kUnavailable, std::move(m)); }
Status DeadlineExceededError(std::string m) { return Status(StatusCode::kDeadlineExceeded, std::move(m)); }
Status UnimplementedError(std::string m) { return Status(StatusCode::kUnimplemented, std::move(m)); }
Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }
Status UsageError(std::string m) { return Status(StatusCode::kUsage, std::move(m)); }

Status ErrnoError(std::string_view what, int err) {
  std::string message = std::string(what) + ": " + std::strerror(err);
  switch (err) {
    case ENOENT: return NotFoundError(std::move(message));
    case EEXIST: return AlreadyExistsError(std::move(message));
    case EACCES:
    case EPERM: return PermissionDeniedError(std::move(message));
    case ENOSPC:
    case EDQUOT:
    case EIO: return DataLossError(std::move(message));
    default: return InternalError(std::move(message));
  }
}

}  // namespace mse
