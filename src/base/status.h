// Status and StatusOr: the one error model of mse (see STYLE.md, convention 3).
// Our code never throws; third-party exceptions are caught at adapters and turned
// into a Status. Copyable values.
#ifndef MSE_BASE_STATUS_H_
#define MSE_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mse {

// Canonical codes, modelled on absl/grpc. The CLI maps kInvalidArgument from
// argument parsing to exit code 2 (usage), every other error to 1.
enum class StatusCode {
  kOk = 0,
  kCancelled,
  kInvalidArgument,       // bad input: file content, option value, request body
  kNotFound,              // a file, container or object that should exist does not
  kAlreadyExists,         // refusing to overwrite
  kPermissionDenied,      // OS refused, or an authorization check failed
  kUnauthenticated,       // wrong credentials / key / MAC
  kFailedPrecondition,    // environment not ready (no dockerd, not configured)
  kDataLoss,              // corrupted or truncated data, failed authentication tag
  kOutOfRange,            // a size or index beyond a limit
  kUnavailable,           // a remote peer did not answer
  kDeadlineExceeded,      // timeout
  kUnimplemented,         // a feature not built yet
  kInternal,              // our bug or an unexpected library failure
  kUsage,                 // command-line usage error (exit code 2)
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "context: message" — adds where the error happened without losing the cause.
  Status WithContext(std::string_view context) const;

  // "<CodeName>: message", or "OK".
  std::string ToString() const;

  // With MSE_BACKTRACE=full the CLI turns this on: every error then records
  // the call stack where it was created, printed before the error line.
  static void EnableBacktraces(bool enable);
  const std::string& backtrace() const { return backtrace_; }

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string backtrace_;
};

Status CancelledError(std::string message);
Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnauthenticatedError(std::string message);
Status FailedPreconditionError(std::string message);
Status DataLossError(std::string message);
Status OutOfRangeError(std::string message);
Status UnavailableError(std::string message);
Status DeadlineExceededError(std::string message);
Status UnimplementedError(std::string message);
Status InternalError(std::string message);
Status UsageError(std::string message);

// Error from errno: "<what>: <strerror(err)>", code chosen from errno.
Status ErrnoError(std::string_view what, int err);

// Either a value or a non-OK Status. Accessing value() of an error is a bug.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const Status& status) : data_(status) { assert(!status.ok()); }  // NOLINT
  StatusOr(Status&& status) : data_(std::move(status)) {                      // NOLINT
    assert(!std::get<Status>(data_).ok());
  }
  StatusOr(const T& value) : data_(value) {}       // NOLINT
  StatusOr(T&& value) : data_(std::move(value)) {}  // NOLINT
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Status> &&
                                                    !std::is_same_v<std::decay_t<U>, T>>>
  StatusOr(U&& value) : data_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> data_;
};

}  // namespace mse

#define MSE_STATUS_CONCAT_INNER_(a, b) a##b
#define MSE_STATUS_CONCAT_(a, b) MSE_STATUS_CONCAT_INNER_(a, b)

// Returns from the current function when `expr` (a Status) is not OK.
#define MSE_RETURN_IF_ERROR(expr)                  \
  do {                                             \
    ::mse::Status mse_status_tmp_ = (expr);        \
    if (!mse_status_tmp_.ok()) return mse_status_tmp_; \
  } while (0)

// `lhs = value of expr` (a StatusOr), or returns its error.
#define MSE_ASSIGN_OR_RETURN(lhs, expr) \
  MSE_ASSIGN_OR_RETURN_IMPL_(MSE_STATUS_CONCAT_(mse_statusor_, __LINE__), lhs, expr)
#define MSE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#endif  // MSE_BASE_STATUS_H_
