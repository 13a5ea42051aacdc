#include "attest/signed_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>

#include "base/encoding.h"

namespace mse::attest {
namespace {

using Json = nlohmann::json;

// Intel's bodies are 1–30 kB; nothing legitimate comes near this.
constexpr size_t kMaxSignedBodySize = 1 << 20;

size_t SkipWhitespace(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) {
    ++pos;
  }
  return pos;
}

// Index just past the string starting at `pos` (a '"'), or npos.
size_t SkipString(std::string_view s, size_t pos) {
  for (size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Index just past the balanced {…} or […] starting at `pos`, or npos.
size_t SkipComposite(std::string_view s, size_t pos) {
  int depth = 0;
  for (size_t i = pos; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      i = SkipString(s, i);
      if (i == std::string_view::npos) return i;
      --i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// Skips any JSON value (scalars end at ',' or '}' at depth 0).
size_t SkipValue(std::string_view s, size_t pos) {
  if (pos >= s.size()) return std::string_view::npos;
  if (s[pos] == '"') return SkipString(s, pos);
  if (s[pos] == '{' || s[pos] == '[') return SkipComposite(s, pos);
  while (pos < s.size() && s[pos] != ',' && s[pos] != '}') ++pos;
  return pos;
}

// Walks the raw bytes of a JSON value, refusing what the signed-span rule
// cannot live with: a member name written with an escape (`"tcb\u0049nfo"`
// decodes to a name the raw scanner does not see) and a member name that
// appears twice in one object (a parser keeps one of the copies, the span
// scanner the other). Nesting is bounded. Syntax is left to the JSON parser
// that runs next; malformed input only has to fail here or there.
class MemberNameChecker {
 public:
  explicit MemberNameChecker(std::string_view body) : s_(body) {}

  Status Check() {
    size_t pos = SkipWhitespace(s_, 0);
    MSE_RETURN_IF_ERROR(Value(pos, 0, "$"));
    return Status::Ok();
  }

 private:
  static constexpr int kMaxDepth = 32;

  Status Value(size_t& pos, int depth, const std::string& path) {
    if (pos >= s_.size()) return Malformed(pos);
    if (s_[pos] == '{') return Object(pos, depth + 1, path);
    if (s_[pos] == '[') return Array(pos, depth + 1, path);
    const size_t end = SkipValue(s_, pos);
    if (end == std::string_view::npos || end == pos) return Malformed(pos);
    pos = end;
    return Status::Ok();
  }

  Status Object(size_t& pos, int depth, const std::string& path) {
    if (depth > kMaxDepth) return DepthError(path);
    std::set<std::string_view> names;
    pos = SkipWhitespace(s_, pos + 1);
    if (pos < s_.size() && s_[pos] == '}') {
      ++pos;
      return Status::Ok();
    }
    while (true) {
      if (pos >= s_.size() || s_[pos] != '"') return Malformed(pos);
      const size_t key_end = SkipString(s_, pos);
      if (key_end == std::string_view::npos) return Malformed(pos);
      std::string_view name = s_.substr(pos + 1, key_end - pos - 2);
      if (name.find('\\') != std::string_view::npos) {
        return InvalidArgumentError("member name \"" + std::string(name) + "\" in " + path +
                                    " is written with an escape; signed collateral never is");
      }
      if (!names.insert(name).second) {
        return InvalidArgumentError("member \"" + std::string(name) + "\" appears twice in " + path);
      }
      pos = SkipWhitespace(s_, key_end);
      if (pos >= s_.size() || s_[pos] != ':') return Malformed(pos);
      pos = SkipWhitespace(s_, pos + 1);
      MSE_RETURN_IF_ERROR(Value(pos, depth, path + "." + std::string(name)));
      pos = SkipWhitespace(s_, pos);
      if (pos < s_.size() && s_[pos] == ',') {
        pos = SkipWhitespace(s_, pos + 1);
        continue;
      }
      if (pos < s_.size() && s_[pos] == '}') {
        ++pos;
        return Status::Ok();
      }
      return Malformed(pos);
    }
  }

  Status Array(size_t& pos, int depth, const std::string& path) {
    if (depth > kMaxDepth) return DepthError(path);
    pos = SkipWhitespace(s_, pos + 1);
    if (pos < s_.size() && s_[pos] == ']') {
      ++pos;
      return Status::Ok();
    }
    for (size_t index = 0;; ++index) {
      MSE_RETURN_IF_ERROR(Value(pos, depth, path + "[" + std::to_string(index) + "]"));
      pos = SkipWhitespace(s_, pos);
      if (pos < s_.size() && s_[pos] == ',') {
        pos = SkipWhitespace(s_, pos + 1);
        continue;
      }
      if (pos < s_.size() && s_[pos] == ']') {
        ++pos;
        return Status::Ok();
      }
      return Malformed(pos);
    }
  }

  static Status Malformed(size_t pos) {
    return InvalidArgumentError("JSON: malformed near byte " + std::to_string(pos));
  }
  static Status DepthError(const std::string& path) {
    return InvalidArgumentError("JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels at " + path);
  }

  std::string_view s_;
};

// Strict parse of a signed collateral body: member names checked first
// (MemberNameChecker), then the JSON parser, whose result must be an object.
StatusOr<Json> ParseJson(std::string_view body, std::string_view what) {
  if (body.size() > kMaxSignedBodySize) {
    return InvalidArgumentError(std::string(what) + ": body is " + std::to_string(body.size()) +
                                " bytes, more than the " + std::to_string(kMaxSignedBodySize) + "-byte limit");
  }
  Status names = MemberNameChecker(body).Check();
  if (!names.ok()) return InvalidArgumentError(std::string(what) + ": " + names.message());
  Json j = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgumentError(std::string(what) + ": JSON: body is not a valid JSON object");
  }
  return j;
}

// Typed member access that never throws.
template <typename T>
StatusOr<T> Get(const Json& obj, const char* key, std::string_view what) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return InvalidArgumentError(std::string(what) + ": member '" + key + "' is missing");
  }
  if constexpr (std::is_same_v<T, std::string>) {
    if (it->is_string()) return it->template get<std::string>();
  } else {
    if (it->is_number_integer() && !it->is_number_unsigned()) {
      const int64_t v = it->template get<int64_t>();
      if (v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max()) return static_cast<T>(v);
    } else if (it->is_number_unsigned() && it->template get<uint64_t>() <= uint64_t{std::numeric_limits<T>::max()}) {
      return static_cast<T>(it->template get<uint64_t>());
    }
  }
  return InvalidArgumentError(std::string(what) + ": member '" + key + "' has the wrong type");
}

template <size_t N>
StatusOr<std::array<uint8_t, N>> GetHex(const Json& obj, const char* key, std::string_view what) {
  MSE_ASSIGN_OR_RETURN(std::string text, Get<std::string>(obj, key, what));
  auto bytes = HexDecode(text);
  if (!bytes.ok() || bytes->size() != N) {
    return InvalidArgumentError(std::string(what) + ": member '" + key + "' must be " +
                                std::to_string(2 * N) + " hex digits");
  }
  std::array<uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

std::vector<std::string> Advisories(const Json& level) {
  std::vector<std::string> ids;
  auto it = level.find("advisoryIDs");
  if (it == level.end() || !it->is_array()) return ids;
  for (const Json& id : *it) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
  }
  return ids;
}

// A collateral body split into what is signed and the signature. The values
// the verifier uses are parsed from the signed bytes themselves, never from
// the rest of the body; the member-name check over the whole body leaves no
// second copy anywhere for another reader to pick up.
struct SignedBody {
  Json object;
  std::string span;
  Bytes signature;
};

StatusOr<SignedBody> ParseSignedBody(std::string_view body, const char* member, std::string_view what) {
  MSE_ASSIGN_OR_RETURN(Json root, ParseJson(body, what));
  auto value = root.find(member);
  if (value == root.end() || !value->is_object()) {
    return InvalidArgumentError(std::string(what) + ": member '" + member + "' is missing or not an object");
  }
  MSE_ASSIGN_OR_RETURN(std::string_view span, FindSignedSpan(body, member));
  SignedBody out;
  out.object = Json::parse(span.begin(), span.end(), nullptr, /*allow_exceptions=*/false);
  if (!out.object.is_object()) {
    return InvalidArgumentError(std::string(what) + ": the signed '" + member + "' bytes are not a JSON object");
  }
  out.span = std::string(span);
  MSE_ASSIGN_OR_RETURN(std::string sig_hex, Get<std::string>(root, "signature", what));
  auto sig = HexDecode(sig_hex);
  if (!sig.ok() || sig->size() != 64) {
    return InvalidArgumentError(std::string(what) + ": signature must be 128 hex digits");
  }
  out.signature = *std::move(sig);
  return out;
}

// Members shared by both signed objects: identity and validity dates.
template <typename T>
Status ParseCommon(const SignedBody& signed_body, std::string_view what, T* out) {
  const Json& obj = signed_body.object;
  out->signed_span = signed_body.span;
  out->signature = signed_body.signature;
  MSE_ASSIGN_OR_RETURN(out->id, Get<std::string>(obj, "id", what));
  MSE_ASSIGN_OR_RETURN(out->version, Get<int>(obj, "version", what));
  MSE_ASSIGN_OR_RETURN(out->issue_date_text, Get<std::string>(obj, "issueDate", what));
  MSE_ASSIGN_OR_RETURN(out->next_update_text, Get<std::string>(obj, "nextUpdate", what));
  MSE_ASSIGN_OR_RETURN(out->issue_date, ParseRfc3339(out->issue_date_text));
  MSE_ASSIGN_OR_RETURN(out->next_update, ParseRfc3339(out->next_update_text));
  MSE_ASSIGN_OR_RETURN(out->tcb_evaluation_data_number, Get<int>(obj, "tcbEvaluationDataNumber", what));
  return Status::Ok();
}

StatusOr<TcbLevel> ParseTcbLevel(const Json& level) {
  constexpr std::string_view kWhat = "tcbInfo.tcbLevels[]";
  TcbLevel out;
  auto tcb = level.find("tcb");
  if (tcb == level.end() || !tcb->is_object()) return InvalidArgumentError("tcbLevel without tcb");
  auto comps = tcb->find("sgxtcbcomponents");
  if (comps == tcb->end() || !comps->is_array() || comps->size() != 16) {
    return InvalidArgumentError("tcbInfo.tcbLevels[].tcb.sgxtcbcomponents must have 16 entries");
  }
  for (size_t i = 0; i < 16; ++i) {
    MSE_ASSIGN_OR_RETURN(int svn, Get<int>((*comps)[i], "svn", kWhat));
    if (svn < 0 || svn > 255) return InvalidArgumentError("sgxtcbcomponents svn out of range");
    out.sgx_components[i] = static_cast<uint8_t>(svn);
  }
  MSE_ASSIGN_OR_RETURN(int pcesvn, Get<int>(*tcb, "pcesvn", kWhat));
  if (pcesvn < 0 || pcesvn > 0xffff) return InvalidArgumentError("pcesvn out of range");
  out.pcesvn = static_cast<uint16_t>(pcesvn);
  MSE_ASSIGN_OR_RETURN(out.tcb_date, Get<std::string>(level, "tcbDate", kWhat));
  MSE_ASSIGN_OR_RETURN(out.tcb_status, Get<std::string>(level, "tcbStatus", kWhat));
  out.advisory_ids = Advisories(level);
  return out;
}

StatusOr<QeTcbLevel> ParseQeTcbLevel(const Json& level) {
  constexpr std::string_view kWhat = "enclaveIdentity.tcbLevels[]";
  QeTcbLevel out;
  auto tcb = level.find("tcb");
  if (tcb == level.end() || !tcb->is_object()) return InvalidArgumentError("tcbLevel without tcb");
  MSE_ASSIGN_OR_RETURN(int isvsvn, Get<int>(*tcb, "isvsvn", kWhat));
  if (isvsvn < 0 || isvsvn > 0xffff) return InvalidArgumentError("isvsvn out of range");
  out.isvsvn = static_cast<uint16_t>(isvsvn);
  MSE_ASSIGN_OR_RETURN(out.tcb_date, Get<std::string>(level, "tcbDate", kWhat));
  MSE_ASSIGN_OR_RETURN(out.tcb_status, Get<std::string>(level, "tcbStatus", kWhat));
  out.advisory_ids = Advisories(level);
  return out;
}

uint32_t BigEndian32(const std::array<uint8_t, 4>& b) {
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
}

}  // namespace

StatusOr<std::string_view> FindSignedSpan(std::string_view body, std::string_view name) {
  const std::string what = "signed member '" + std::string(name) + "'";
  size_t pos = SkipWhitespace(body, 0);
  if (pos >= body.size() || body[pos] != '{') {
    return InvalidArgumentError(what + ": body is not a JSON object");
  }
  pos = SkipWhitespace(body, pos + 1);
  while (pos < body.size() && body[pos] == '"') {
    const size_t key_end = SkipString(body, pos);
    if (key_end == std::string_view::npos) break;
    std::string_view key = body.substr(pos + 1, key_end - pos - 2);
    pos = SkipWhitespace(body, key_end);
    if (pos >= body.size() || body[pos] != ':') break;
    pos = SkipWhitespace(body, pos + 1);
    const size_t value_end = SkipValue(body, pos);
    if (value_end == std::string_view::npos) break;
    if (key == name) {
      if (body[pos] != '{') return InvalidArgumentError(what + ": value is not an object");
      return body.substr(pos, value_end - pos);
    }
    pos = SkipWhitespace(body, value_end);
    if (pos < body.size() && body[pos] == ',') pos = SkipWhitespace(body, pos + 1);
  }
  return InvalidArgumentError(what + " not found at the top level of the body");
}

StatusOr<TcbInfo> ParseTcbInfo(std::string_view body) {
  constexpr std::string_view kWhat = "tcbInfo";
  MSE_ASSIGN_OR_RETURN(SignedBody signed_body, ParseSignedBody(body, "tcbInfo", "TCB info"));
  const Json& obj = signed_body.object;
  TcbInfo info;
  MSE_RETURN_IF_ERROR(ParseCommon(signed_body, kWhat, &info));
  MSE_ASSIGN_OR_RETURN(info.fmspc, Get<std::string>(obj, "fmspc", kWhat));
  MSE_ASSIGN_OR_RETURN(info.pce_id, Get<std::string>(obj, "pceId", kWhat));
  auto tcb_type = Get<int>(obj, "tcbType", kWhat);
  info.tcb_type = tcb_type.ok() ? *tcb_type : -1;
  auto levels = obj.find("tcbLevels");
  if (levels == obj.end() || !levels->is_array()) {
    return InvalidArgumentError("tcbInfo: member 'tcbLevels' is missing or not an array");
  }
  for (const Json& level : *levels) {
    auto parsed = ParseTcbLevel(level);
    if (!parsed.ok()) return parsed.status().WithContext("TCB info");
    info.levels.push_back(*std::move(parsed));
  }
  return info;
}

StatusOr<QeIdentity> ParseQeIdentity(std::string_view body) {
  constexpr std::string_view kWhat = "enclaveIdentity";
  MSE_ASSIGN_OR_RETURN(SignedBody signed_body, ParseSignedBody(body, "enclaveIdentity", "QE identity"));
  const Json& obj = signed_body.object;
  QeIdentity qe;
  MSE_RETURN_IF_ERROR(ParseCommon(signed_body, kWhat, &qe));
  MSE_ASSIGN_OR_RETURN(auto misc, GetHex<4>(obj, "miscselect", kWhat));
  MSE_ASSIGN_OR_RETURN(auto misc_mask, GetHex<4>(obj, "miscselectMask", kWhat));
  qe.miscselect = BigEndian32(misc);
  qe.miscselect_mask = BigEndian32(misc_mask);
  MSE_ASSIGN_OR_RETURN(qe.attributes, GetHex<16>(obj, "attributes", kWhat));
  MSE_ASSIGN_OR_RETURN(qe.attributes_mask, GetHex<16>(obj, "attributesMask", kWhat));
  MSE_ASSIGN_OR_RETURN(qe.mrsigner, GetHex<32>(obj, "mrsigner", kWhat));
  MSE_ASSIGN_OR_RETURN(int prod, Get<int>(obj, "isvprodid", kWhat));
  if (prod < 0 || prod > 0xffff) return InvalidArgumentError("enclaveIdentity.isvprodid range");
  qe.isvprodid = static_cast<uint16_t>(prod);
  auto levels = obj.find("tcbLevels");
  if (levels == obj.end() || !levels->is_array()) {
    return InvalidArgumentError("enclaveIdentity: member 'tcbLevels' is missing or not an array");
  }
  for (const Json& level : *levels) {
    auto parsed = ParseQeTcbLevel(level);
    if (!parsed.ok()) return parsed.status().WithContext("QE identity");
    qe.levels.push_back(*std::move(parsed));
  }
  return qe;
}

}  // namespace mse::attest
