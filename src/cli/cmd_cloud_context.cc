// mse cloud context --list | --remove UUID | --purge | --export UUID, and
// the seed's `mse context --context FILE --code DIR --workspace D DOMAIN`
// (= `verify --context …`). Contexts: cloud_contexts.h.
#include "cli/cloud_contexts.h"
#include "cli/cloud_render.h"
#include "cli/commands.h"

namespace mse::cli {
namespace {

Status ListContexts(const ParsedArgs& args, CommandContext& ctx) {
  FileSystem& fs = *ctx.env.fs;
  const std::string conf = ctx.ConfPath();
  MSE_ASSIGN_OR_RETURN(auto ids, ListContextIds(fs, conf));
  std::vector<ContextRow> rows;
  for (const auto& id : ids) {
    auto context = format::LoadContext(fs, conf, id);
    if (!context.ok()) {
      ctx.terminal->Warning(context.status().message());
      continue;
    }
    rows.push_back(ContextRow{id, format::ContextFilePath(conf, id), std::move(*context)});
  }
  if (args.Flag("json")) {
    ctx.terminal->Result(ContextJson(rows));
  } else if (rows.empty()) {
    ctx.terminal->Info("no context in " + JoinPath(conf, "context"));
  } else {
    ctx.terminal->Result(ContextTable(rows));
  }
  return Status::Ok();
}

Status ExportContext(CommandContext& ctx, const std::string& id) {
  const std::string conf = ctx.ConfPath();
  MSE_RETURN_IF_ERROR(LoadAppContext(*ctx.env.fs, conf, id).status());
  const std::string target = id + ".toml";
  MSE_RETURN_IF_ERROR(CopyFile(*ctx.env.fs, format::ContextFilePath(conf, id), target, FileMode::kSecret));
  ctx.terminal->Success("context of " + id + " exported to " + AbsolutePath(target) +
                        " (it holds the code key: keep it private)");
  return Status::Ok();
}

}  // namespace

Status RunCloudContext(const ParsedArgs& args, CommandContext& ctx) {
  if (args.Has("context")) return RunCloudVerify(args, ctx);
  if (args.Has("code") || args.Has("workspace") || args.Has("domain_name")) {
    return UsageError("--code, --workspace and DOMAIN go with --context FILE (the verification of an app)");
  }
  if (args.Flag("list")) return ListContexts(args, ctx);
  FileSystem& fs = *ctx.env.fs;
  const std::string conf = ctx.ConfPath();
  if (args.Flag("purge")) {
    const std::string dir = JoinPath(conf, "context");
    if (fs.Exists(dir)) MSE_RETURN_IF_ERROR(fs.RemoveAll(dir).WithContext("removing " + dir));
    ctx.terminal->Success("every context was removed from " + dir);
    return Status::Ok();
  }
  if (auto id = args.Get("remove")) {
    MSE_ASSIGN_OR_RETURN(std::string uuid, NormalizeAppId(*id));
    MSE_RETURN_IF_ERROR(RemoveAppContext(fs, conf, uuid));
    ctx.terminal->Success("context of " + uuid + " removed");
    return Status::Ok();
  }
  MSE_ASSIGN_OR_RETURN(std::string uuid, NormalizeAppId(*args.Get("export")));
  return ExportContext(ctx, uuid);
}

}  // namespace mse::cli
