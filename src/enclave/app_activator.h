// AppActivator: turns a configuration into a running application, all or
// nothing (issue 13, item 1). Used for the configuration POST and, with the
// unsealed state, on every restart: the code is always installed again from
// the measured app dir (never an existing MODULE_PATH).
//
//   Activate: MODULE_PATH filled by the CodeInstaller -> SECRETS_PATH and
//   SEALED_SECRETS_PATH written (compact-Python JSON, 0600) -> the app loaded.
//   Any failure undoes everything (Deactivate) and returns:
//     InvalidArgument/DataLoss from the installer (bad configuration),
//     Internal for the rest ("the application did not start: <traceback>").
//   RemovePlaintext: MODULE_PATH emptied, the secrets files removed (at stop
//   and before a start, so no plaintext outlives the process's run).
#ifndef MSE_ENCLAVE_APP_ACTIVATOR_H_
#define MSE_ENCLAVE_APP_ACTIVATOR_H_

#include <functional>
#include <memory>

#include "base/env.h"
#include "base/status.h"
#include "enclave/code_installer.h"
#include "enclave/paths.h"
#include "enclave/sealed_state.h"
#include "net/http_server.h"

namespace mse::enclave {

// Imports the application from MODULE_PATH (WsgiHost::Load in the binary).
using AppLoader = std::function<StatusOr<std::shared_ptr<net::HttpHandler>>()>;
// Drops every module the interpreter imported from MODULE_PATH, so that a
// corrected configuration imports fresh code.
using AppForgetter = std::function<void()>;

// Not copyable; refers to its arguments, which must outlive it.
class AppActivator {
 public:
  AppActivator(FileSystem& fs, const EnclavePaths& paths, CodeInstaller& installer, AppLoader load,
               AppForgetter forget)
      : fs_(fs), paths_(paths), installer_(installer), load_(std::move(load)), forget_(std::move(forget)) {}

  StatusOr<std::shared_ptr<net::HttpHandler>> Activate(const ConfigurationSecrets& configuration);
  // RemovePlaintext, then forget the app's modules.
  void Deactivate();
  void RemovePlaintext();

 private:
  Status WriteSecrets(const ConfigurationSecrets& configuration);

  FileSystem& fs_;
  const EnclavePaths& paths_;
  CodeInstaller& installer_;
  AppLoader load_;
  AppForgetter forget_;
};

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_APP_ACTIVATOR_H_
