// The state of one `mse cloud deploy` (spec/cloud.md §1.5) and its steps
// before the app exists on the backend: checks, the replace prompt, the
// workspace and the encrypted code. cmd_cloud_deploy.cc runs them in order,
// then uploads, verifies and configures.
#ifndef MSE_CLI_CLOUD_DEPLOY_H_
#define MSE_CLI_CLOUD_DEPLOY_H_

#include <optional>
#include <string>

#include "cli/command_spec.h"
#include "cli/image_source.h"
#include "cloud/client/api_client.h"
#include "crypto/code_dir.h"
#include "format/app_config.h"
#include "format/context.h"

namespace mse::cli {

// Move-only (holds the code key).
struct Deployment {
  format::AppConfig config;          // with [cloud]
  std::string origin;                // self | owner | operator, as the backend will decide
  std::optional<ImageSource> image;  // nullopt with --no-verify
  std::string project_id;
  int64_t enclave_size_mb = 0;  // from the hardware
  std::string workspace;
  SecretBytes code_key;
  crypto::NonceMap nonces;
  std::string app_tar;
  std::optional<std::string> owner_chain;  // [cloud.ssl].certificate's text (owner mode)
};

// Project exists ("Project P does not exist"), the Flask module is under
// the code dir, the hardware exists, the image for the measurement is
// available (unless --no-verify). Nothing is changed.
Status CheckDeployment(const ParsedArgs& args, CommandContext& ctx, cloud::ApiClient& api, Deployment& d);

// A live app of the same name in the project: "Would you like to replace it
// [yes/no]? " (-y answers yes). Yes stops it and forgets its context; no
// leaves it running and fails "Deployment has been canceled …".
Status ReplaceRunningApp(const ParsedArgs& args, CommandContext& ctx, cloud::ApiClient& api,
                         const Deployment& d);

// --workspace (created when missing) or a new temporary directory, printed;
// a fresh code key; the encrypted code and app.tar in the workspace.
Status PrepareCode(const ParsedArgs& args, CommandContext& ctx, Deployment& d);

// The context to save once the backend has created `app` (formats.md §5).
format::CloudContext ContextOf(const Deployment& d, const cloud::api::App& app);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_DEPLOY_H_
