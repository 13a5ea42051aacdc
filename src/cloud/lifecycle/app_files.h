// The per-app files of mse-cloud's data directory (docs/cloud-backend.md,
// "Running it"): `apps/<id>/app.tar` (the uploaded encrypted code),
// `apps/<id>/input/` (the enclave's /opt/input), `apps/<id>/logs.txt` (the
// kept output, at most 64 kB).
#ifndef MSE_CLOUD_LIFECYCLE_APP_FILES_H_
#define MSE_CLOUD_LIFECYCLE_APP_FILES_H_

#include <string>
#include <string_view>

#include "base/env.h"
#include "base/status.h"

namespace mse::cloud {

inline constexpr size_t kKeptLogBytes = 64 * 1024;

// Keeps the last kKeptLogBytes of a stream.
class LogTail {
 public:
  void Append(std::string_view chunk);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

class AppFiles {
 public:
  AppFiles(FileSystem& fs, std::string data_dir) : fs_(fs), apps_dir_(JoinPath(data_dir, "apps")) {}

  std::string Dir(const std::string& app_id) const { return JoinPath(apps_dir_, app_id); }
  std::string CodeTar(const std::string& app_id) const { return JoinPath(Dir(app_id), "app.tar"); }
  std::string InputDir(const std::string& app_id) const { return JoinPath(Dir(app_id), "input"); }
  std::string LogFile(const std::string& app_id) const { return JoinPath(Dir(app_id), "logs.txt"); }

  // Stores the uploaded code (atomically, 0600).
  Status SaveCode(const std::string& app_id, std::string_view tar);
  // Fills input/ with app.tar (and fullchain.pem in owner mode).
  Status PrepareInput(const std::string& app_id, const std::string& owner_chain_pem);
  Status RemoveInput(const std::string& app_id);
  // Replaces logs.txt with the last kKeptLogBytes of `text`.
  Status SaveLogs(const std::string& app_id, std::string_view text);
  // Appends a line (keeping the bound).
  Status AppendLogLine(const std::string& app_id, std::string_view line);
  // "" when there are none.
  std::string ReadLogs(const std::string& app_id);
  Status RemoveAll(const std::string& app_id);

 private:
  FileSystem& fs_;
  std::string apps_dir_;
};

}  // namespace mse::cloud

#endif  // MSE_CLOUD_LIFECYCLE_APP_FILES_H_
