#include "cloud/api/multipart.h"

#include <cctype>

namespace mse::cloud::api {
namespace {

Status Malformed(const std::string& what) { return InvalidArgumentError("malformed multipart body: " + what); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `key` in `; a=b; c="d"` (quoted strings honour \).
std::string Parameter(std::string_view header_value, std::string_view key) {
  size_t pos = header_value.find(';');
  while (pos != std::string_view::npos && pos < header_value.size()) {
    size_t start = pos + 1;
    while (start < header_value.size() && header_value[start] == ' ') ++start;
    size_t eq = header_value.find('=', start);
    if (eq == std::string_view::npos) return "";
    std::string name = Lower(Trim(header_value.substr(start, eq - start)));
    std::string value;
    size_t i = eq + 1;
    if (i < header_value.size() && header_value[i] == '"') {
      for (++i; i < header_value.size() && header_value[i] != '"'; ++i) {
        if (header_value[i] == '\\' && i + 1 < header_value.size()) ++i;
        value.push_back(header_value[i]);
      }
      pos = header_value.find(';', i);
    } else {
      pos = header_value.find(';', i);
      value = std::string(Trim(header_value.substr(i, pos == std::string_view::npos ? pos : pos - i)));
    }
    if (name == key) return value;
  }
  return "";
}

StatusOr<MultipartPart> ParseHeaders(std::string_view block) {
  MultipartPart part;
  while (!block.empty()) {
    size_t end = block.find("\r\n");
    std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return Malformed("a part header line has no name");
    part.headers.emplace_back(Lower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
  }
  for (const auto& [name, value] : part.headers) {
    if (name == "content-disposition") {
      if (Lower(value).rfind("form-data", 0) != 0) return Malformed("a part is not form-data");
      part.name = Parameter(value, "name");
      part.filename = Parameter(value, "filename");
    } else if (name == "content-type") {
      part.content_type = value;
    }
  }
  if (part.name.empty()) return Malformed("a part has no Content-Disposition name");
  return part;
}

}  // namespace

StatusOr<std::string> MultipartBoundary(std::string_view content_type) {
  if (Lower(Trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data") {
    return InvalidArgumentError("expected Content-Type multipart/form-data, found `" +
                                std::string(content_type.substr(0, 100)) + "`");
  }
  std::string boundary = Parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) {
    return InvalidArgumentError("multipart/form-data without a valid boundary (1–70 characters)");
  }
  return boundary;
}

StatusOr<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                     const MultipartLimits& limits) {
  const std::string delimiter = "--" + std::string(boundary);
  size_t pos = body.rfind(delimiter, 0) == 0 ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return Malformed("the boundary never appears");
  if (pos != 0) pos += 2;
  std::vector<MultipartPart> parts;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter; the epilogue is ignored
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return Malformed("a boundary line does not end with CRLF");
    pos += 2;
    if (parts.size() == limits.max_parts) return Malformed("more than " + std::to_string(limits.max_parts) + " parts");
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (body.substr(pos, 2) == "\r\n") headers_end = pos - 2;  // a part without headers
    if (headers_end == std::string_view::npos || headers_end + 2 - pos > limits.max_header_bytes + 2) {
      return Malformed("part headers are unterminated or longer than " + std::to_string(limits.max_header_bytes) +
                       " bytes");
    }
    std::string_view header_block =
        headers_end < pos ? std::string_view() : body.substr(pos, headers_end - pos);
    MSE_ASSIGN_OR_RETURN(MultipartPart part, ParseHeaders(header_block));
    const size_t content = headers_end + 4;
    const size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string_view::npos) return Malformed("part `" + part.name + "` is not terminated by a boundary");
    part.body = body.substr(content, next - content);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace mse::cloud::api
