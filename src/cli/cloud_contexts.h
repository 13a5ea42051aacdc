// The local contexts of deployed apps, CONF/context/<uuid>/ (formats.md §5;
// quirks ): context.mse and app.tar as the original writes them,
// plus our ratls.pem — the enclave certificate verified at deployment, which
// `mse cloud test` pins.
#ifndef MSE_CLI_CLOUD_CONTEXTS_H_
#define MSE_CLI_CLOUD_CONTEXTS_H_

#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "format/context.h"

namespace mse::cli {

// A UUID as users type it, checked (8-4-4-4-12 hex digits) and lowercased,
// so that it can name a directory safely. InvalidArgument otherwise.
StatusOr<std::string> NormalizeAppId(const std::string& text);

// Ids of the directories under CONF/context holding a context.mse, sorted.
StatusOr<std::vector<std::string>> ListContextIds(FileSystem& fs, const std::string& conf);

// NotFound "Can't find context for UUID: <id>".
StatusOr<format::CloudContext> LoadAppContext(FileSystem& fs, const std::string& conf, const std::string& id);
Status RemoveAppContext(FileSystem& fs, const std::string& conf, const std::string& id);

// Saves context.mse and a copy of `app_tar` (atomic writes, 0600 files in a
// 0700 directory). `app_tar` may be empty to keep the copy already there.
Status SaveAppContext(FileSystem& fs, const std::string& conf, const std::string& id,
                      const format::CloudContext& context, const std::string& app_tar);

// CONF/context/<id>/ratls.pem.
std::string ContextCertificatePath(const std::string& conf, const std::string& id);

// Streams `from` into `to` (atomic; mode as given).
Status CopyFile(FileSystem& fs, const std::string& from, const std::string& to, FileMode mode);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_CONTEXTS_H_
