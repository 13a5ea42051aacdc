#include "cloud/lifecycle/app_files.h"

namespace mse::cloud {

void LogTail::Append(std::string_view chunk) {
  if (chunk.size() >= kKeptLogBytes) {
    text_.assign(chunk.substr(chunk.size() - kKeptLogBytes));
    return;
  }
  text_.append(chunk);
  if (text_.size() > kKeptLogBytes) text_.erase(0, text_.size() - kKeptLogBytes);
}

Status AppFiles::SaveCode(const std::string& app_id, std::string_view tar) {
  MSE_RETURN_IF_ERROR(fs_.CreateDirectories(Dir(app_id), FileMode::kSecret));
  return fs_.WriteFile(CodeTar(app_id), tar, FileMode::kSecret);
}

Status AppFiles::PrepareInput(const std::string& app_id, const std::string& owner_chain_pem) {
  const std::string input = InputDir(app_id);
  MSE_RETURN_IF_ERROR(fs_.RemoveAll(input));
  // The enclave container reads it as root; 0755 so a rootless engine can too.
  MSE_RETURN_IF_ERROR(fs_.CreateDirectories(input, FileMode::kNormal));
  MSE_ASSIGN_OR_RETURN(std::string tar, fs_.ReadFile(CodeTar(app_id)));
  MSE_RETURN_IF_ERROR(fs_.WriteFile(JoinPath(input, "app.tar"), tar));
  if (!owner_chain_pem.empty()) {
    MSE_RETURN_IF_ERROR(fs_.WriteFile(JoinPath(input, "fullchain.pem"), owner_chain_pem));
  }
  return Status::Ok();
}

Status AppFiles::RemoveInput(const std::string& app_id) { return fs_.RemoveAll(InputDir(app_id)); }

Status AppFiles::SaveLogs(const std::string& app_id, std::string_view text) {
  LogTail tail;
  tail.Append(text);
  MSE_RETURN_IF_ERROR(fs_.CreateDirectories(Dir(app_id), FileMode::kSecret));
  return fs_.WriteFile(LogFile(app_id), tail.text(), FileMode::kSecret);
}

Status AppFiles::AppendLogLine(const std::string& app_id, std::string_view line) {
  std::string text = ReadLogs(app_id);
  text.append(line);
  text.push_back('\n');
  return SaveLogs(app_id, text);
}

std::string AppFiles::ReadLogs(const std::string& app_id) {
  auto text = fs_.ReadFile(LogFile(app_id));
  return text.ok() ? *text : std::string();
}

Status AppFiles::RemoveAll(const std::string& app_id) { return fs_.RemoveAll(Dir(app_id)); }

}  // namespace mse::cloud
