// multipart/form-data (RFC 7578) as `POST /apps` sends it (formats.md §18):
// a bounded parser over the whole received body. Parts are views into the
// body, so nothing is copied and nothing is allocated from attacker-declared
// sizes.
#ifndef MSE_CLOUD_API_MULTIPART_H_
#define MSE_CLOUD_API_MULTIPART_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mse::cloud::api {

struct MultipartPart {
  std::string name;      // from Content-Disposition
  std::string filename;  // "" when absent
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string_view body;
};

struct MultipartLimits {
  size_t max_parts = 8;
  size_t max_header_bytes = 4096;  // per part
};

// The boundary parameter of a multipart/form-data Content-Type (RFC 2046
// §5.1.1: 1–70 characters). InvalidArgument naming what is wrong.
StatusOr<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body`. InvalidArgument ("malformed multipart body: …") for a
// missing boundary line, an unterminated part, bad part headers, a part
// without a name, too many parts or oversized headers.
StatusOr<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                     const MultipartLimits& limits = {});

}  // namespace mse::cloud::api

#endif  // MSE_CLOUD_API_MULTIPART_H_
