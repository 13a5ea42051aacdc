// Files of the project `mse home scaffold NAME` creates (spec: formats.md §3,
// §7, §8; quirks ). "{{NAME}}", "{{RESULT_KEY}}" and "{{BASE_IMAGE}}"
// are replaced when written.
#ifndef MSE_CLI_SCAFFOLD_TEMPLATES_H_
#define MSE_CLI_SCAFFOLD_TEMPLATES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/env.h"

namespace mse::cli {

struct TemplateFile {
  std::string_view path;  // relative to the project directory
  std::string_view content;
  FileMode mode;
};

const std::vector<TemplateFile>& HomeScaffoldFiles();

// The project of `mse cloud scaffold NAME` without its mse.toml, which is
// written from the backend's defaults (formats.md §3.4). "{{NAME}}" only.
const std::vector<TemplateFile>& CloudScaffoldFiles();

// `text` with every "{{KEY}}" of `vars` replaced.
std::string SubstituteTemplate(std::string_view text, const std::vector<std::pair<std::string, std::string>>& vars);

}  // namespace mse::cli

#endif  // MSE_CLI_SCAFFOLD_TEMPLATES_H_
