// The JSON nesting bound (issue 13): every JSON text we parse from outside
// is checked with CheckJsonDepth before nlohmann sees it, so the recursive
// writers (DumpCompactPython, DumpIndent4, nlohmann's dump) and any walk of
// the parsed value never recurse deeper than kMaxJsonDepth.
#ifndef MSE_BASE_JSON_DEPTH_H_
#define MSE_BASE_JSON_DEPTH_H_

#include <string_view>

#include "base/status.h"

namespace mse {

// Arrays and objects nested deeper than this are refused. `[]` is depth 1.
inline constexpr int kMaxJsonDepth = 64;

// Scans `text` once (strings and their escapes skipped, no allocation) and
// fails with InvalidArgument "<what>: JSON nested deeper than N levels at
// byte B" when an array or object opens at depth max_depth + 1. Says
// nothing about validity otherwise: the parser still checks the grammar.
Status CheckJsonDepth(std::string_view text, std::string_view what, int max_depth = kMaxJsonDepth);

}  // namespace mse

#endif  // MSE_BASE_JSON_DEPTH_H_
