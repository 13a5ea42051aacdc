// mse home scaffold NAME: a new project directory from the templates, built
// in a temporary directory and renamed into place, so a failure leaves
// nothing and an existing directory is never touched.
#include <string>

#include "base/encoding.h"
#include "cli/commands.h"
#include "cli/scaffold_templates.h"
#include "cli/version.h"
#include "format/provider_binding.h"

namespace mse::cli {
namespace {

std::string Substitute(std::string_view text, const std::string& name, const std::string& key,
                       const std::string& provider_key) {
  return SubstituteTemplate(text, {{"NAME", name},
                                   {"RESULT_KEY", key},
                                   {"PROVIDER_KEY", provider_key},
                                   {"BASE_IMAGE", std::string("mse-base:") + kMseVersion}});
}

// The project name becomes a Docker image name: lowercase letters, digits and
// separators, starting with a letter or digit (quirk Q-18: checked early).
Status CheckProjectName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 128 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_' || c == '-' || c == '.')) {
      ok = false;
    }
  }
  if (ok) return Status::Ok();
  return InvalidArgumentError("'" + name +
                              "' is not a valid application name: it names a Docker image, so use "
                              "lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
}

// The templates, and the provider's Ed25519 key (docs/provider-binding.md):
// its public half in mse.toml, so the enclave accepts only configurations the
// provider signs; its seed in provider.key, which `mse home seal` finds
// beside secrets_to_seal.json. Never part of the package (outside mse_src/).
Status WriteTemplates(FileSystem& fs, const std::string& dir, const std::string& name, const std::string& key,
                      const format::ProviderKeyPair& provider) {
  for (const auto& file : HomeScaffoldFiles()) {
    std::string path = JoinPath(dir, file.path);
    MSE_RETURN_IF_ERROR(fs.CreateDirectories(DirName(path), FileMode::kNormal));
    MSE_RETURN_IF_ERROR(fs.WriteFile(path, Substitute(file.content, name, key, provider.public_key.Text()), file.mode));
  }
  MSE_RETURN_IF_ERROR(fs.WriteFile(JoinPath(dir, "provider.key"), provider.seed.view(), FileMode::kSecret));
  return fs.SetMode(dir, FileMode::kExecutable);  // 0755, like any new directory
}

}  // namespace

Status RunHomeScaffold(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  std::string target = args.GetOr("app_name", "");
  while (target.size() > 1 && target.back() == '/') target.pop_back();
  std::string name = BaseName(target);
  MSE_RETURN_IF_ERROR(CheckProjectName(name));
  if (fs.Exists(target)) {
    return AlreadyExistsError(target + " already exists: choose another name or remove it first "
                              "(nothing was changed)");
  }
  std::string parent = DirName(target);
  if (!fs.IsDirectory(parent)) return NotFoundError("cannot create " + target + ": " + parent + " is not a directory");

  SecretBytes key_bytes(32);
  ctx.env.random->Fill(key_bytes.mutable_view());
  std::string key = Base64UrlEncodePadded(key_bytes.view());

  MSE_ASSIGN_OR_RETURN(std::string temp, fs.MakeTempDirectory(parent, "." + name + ".scaffold-"));
  Status status = WriteTemplates(fs, temp, name, key, format::GenerateProviderKeyPair(*ctx.env.random));
  if (status.ok()) status = fs.Rename(temp, target);
  WipeMemory(key.data(), key.size());
  if (!status.ok()) {
    (void)fs.RemoveAll(temp);
    return status.WithContext("cannot scaffold " + target);
  }
  ctx.terminal->Success("A new MSE project has been created in " + target);
  ctx.terminal->Advice("keep " + JoinPath(target, "key.txt") + " to yourself: it decrypts the app's results");
  ctx.terminal->Advice("keep " + JoinPath(target, "provider.key") +
                       " to yourself too: the enclave accepts only configurations it signs");
  ctx.terminal->Advice("next: mse home localtest --project " + target + "/");
  return Status::Ok();
}

}  // namespace mse::cli
