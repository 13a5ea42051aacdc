// Human tables and JSON documents of the cloud commands. Tables are plain
// text with aligned columns (no colour, so they stay greppable in pipes).
//
// JSON (--json), one document on stdout, field names stable:
//  - list:           [{"id", "name", "status", "domain_name", "url",
//                      "created_at", "ready_at", "stopped_at", "hardware_name"}]
//  - status:         {"app": <App as the API gives it, formats.md §18 plus
//                      extensions>, "url", "expires_in_seconds",
//                      "hardware": {"name", "memory", "cores", "enclave_size"} | null,
//                      "metrics": {<name>: "<value>"} | null}
//  - context --list: [{"id", "name", "project", "docker", "config_domain_name",
//                      "expires_at", "ssl_certificate_origin", "path"}]
//  Times are ISO-8601 with offset (null when absent).
#ifndef MSE_CLI_CLOUD_RENDER_H_
#define MSE_CLI_CLOUD_RENDER_H_

#include <optional>
#include <string>
#include <vector>

#include "cloud/client/models.h"
#include "format/context.h"

namespace mse::cli {

// Rows of cells, the first row being the header; each column as wide as
// its widest cell, two spaces between columns, no trailing blanks.
std::string RenderTable(const std::vector<std::vector<std::string>>& rows);

std::string AppListTable(const std::vector<cloud::api::PartialApp>& apps, int router_port);
std::string AppListJson(const std::vector<cloud::api::PartialApp>& apps, int router_port);

struct AppStatus {
  cloud::api::App app;
  int router_port = 443;
  int64_t now = 0;  // Unix seconds
  std::optional<cloud::api::Hardware> hardware;
  std::optional<std::vector<cloud::api::Metric>> metrics;
};
std::string AppStatusText(const AppStatus& status);
std::string AppStatusJson(const AppStatus& status);

struct ContextRow {
  std::string id;
  std::string path;
  format::CloudContext context;
};
std::string ContextTable(const std::vector<ContextRow>& rows);
std::string ContextJson(const std::vector<ContextRow>& rows);

}  // namespace mse::cli

#endif  // MSE_CLI_CLOUD_RENDER_H_
