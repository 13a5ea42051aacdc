// `.mseignore`: basename globs excluding files from the shipped code
// (spec/formats.md §7; quirks ). Layout: docs/file-formats.md.
#ifndef MSE_FORMAT_MSEIGNORE_H_
#define MSE_FORMAT_MSEIGNORE_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"

namespace mse::format {

// Copyable value. Patterns are matched with fnmatch(3) semantics (`*`, `?`,
// `[seq]`, `[!seq]`, case-sensitive, no FNM_PATHNAME/FNM_PERIOD) against a
// basename. A pattern ending in `/` matches directories only, by the rest of
// the pattern (Q-10: the original never matched such patterns).
class MseIgnore {
 public:
  MseIgnore() = default;  // no patterns

  // A line is a pattern when its trimmed text is non-empty and does not start
  // with '#'; the pattern keeps the line's original text (only the line
  // break, "\n" or "\r\n", is removed).
  static MseIgnore Parse(std::string_view text);

  // Reads `<code_dir>/.mseignore`; a missing file means no patterns. Other
  // read errors are returned.
  static StatusOr<MseIgnore> Load(FileSystem& fs, const std::string& code_dir);

  bool Ignores(std::string_view basename, bool is_directory) const;

  const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  std::vector<std::string> patterns_;
};

}  // namespace mse::format

#endif  // MSE_FORMAT_MSEIGNORE_H_
