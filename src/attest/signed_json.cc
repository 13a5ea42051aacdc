#include "attest/signed_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <unordered_set>

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
  explicit MemberNameChecker(std::string_view body) : s_(body) { path_.reserve(kMaxDepth + 1); }

  Status Check() {
    size_t pos = SkipWhitespace(s_, 0);
    MSE_RETURN_IF_ERROR(Value(pos, 0));
    return Status::Ok();
  }

 private:
  static constexpr int kMaxDepth = 32;
  // Linear search is fastest for the dozen members Intel's objects have;
  // past this many, a hash set keeps an attacker's huge object linear.
  static constexpr size_t kLinearMembers = 32;

  // Where the walk is, for messages only: a member name or an array index.
  struct Step {
    std::string_view name;
    size_t index = 0;
  };

  Status Value(size_t& pos, int depth) {
    if (pos >= s_.size()) return Malformed(pos);
    if (s_[pos] == '{') return Object(pos, depth + 1);
    if (s_[pos] == '[') return Array(pos, depth + 1);
    const size_t end = SkipValue(s_, pos);
    if (end == std::string_view::npos || end == pos) return Malformed(pos);
    pos = end;
    return Status::Ok();
  }

  // Records `name`; false when the object already has it.
  static bool AddName(std::vector<std::string_view>& names, std::unordered_set<std::string_view>& many,
                      std::string_view name) {
    if (!many.empty()) return many.insert(name).second;
    if (std::find(names.begin(), names.end(), name) != names.end()) return false;
    names.push_back(name);
    if (names.size() > kLinearMembers) many.insert(names.begin(), names.end());
    return true;
  }

  Status Object(size_t& pos, int depth) {
    if (depth > kMaxDepth) return DepthError();
    std::vector<std::string_view> names;
    std::unordered_set<std::string_view> many;
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
        return InvalidArgumentError("member name \"" + std::string(name) + "\" in " + Path() +
                                    " is written with an escape; signed collateral never is");
      }
      if (!AddName(names, many, name)) {
        return InvalidArgumentError("member \"" + std::string(name) + "\" appears twice in " + Path());
      }
      pos = SkipWhitespace(s_, key_end);
      if (pos >= s_.size() || s_[pos] != ':') return Malformed(pos);
      pos = SkipWhitespace(s_, pos + 1);
      path_.push_back({name, 0});
      MSE_RETURN_IF_ERROR(Value(pos, depth));
      path_.pop_back();
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

  Status Array(size_t& pos, int depth) {
    if (depth > kMaxDepth) return DepthError();
    pos = SkipWhitespace(s_, pos + 1);
    if (pos < s_.size() && s_[pos] == ']') {
      ++pos;
      return Status::Ok();
    }
    for (size_t index = 0;; ++index) {
      path_.push_back({{}, index});
      MSE_RETURN_IF_ERROR(Value(pos, depth));
      path_.pop_back();
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

  // "$.tcbInfo.tcbLevels[0]", built only for an error message.
  std::string Path() const {
    std::string out = "$";
    for (const Step& step : path_) {
      out += step.name.data() != nullptr ? "." + std::string(step.name) : "[" + std::to_string(step.index) + "]";
    }
    return out;
  }

  static Status Malformed(size_t pos) {
    return InvalidArgumentError("JSON: malformed near byte " + std::to_string(pos));
  }
  Status DepthError() const {
    return InvalidArgumentError("JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels at " + Path());
  }

  std::string_view s_;
  std::vector<Step> path_;
};

// Strict check of a signed collateral body: bounded, member names checked
// (MemberNameChecker), then valid JSON throughout (a SAX pass, no tree).
Status CheckBody(std::string_view body, std::string_view what) {
  if (body.size() > kMaxSignedBodySize) {
    return InvalidArgumentError(std::string(what) + ": body is " + std::to_string(body.size()) +
                                " bytes, more than the " + std::to_string(kMaxSignedBodySize) + "-byte limit");
  }
  Status names = MemberNameChecker(body).Check();
  if (!names.ok()) return InvalidArgumentError(std::string(what) + ": " + names.message());
  if (!Json::accept(body.begin(), body.end())) {
    return InvalidArgumentError(std::string(what) + ": JSON: body is not a valid JSON object");
  }
  return Status::Ok();
}

// The raw value of member `name` of the top-level object (scanner below).
StatusOr<std::string_view> FindTopLevelValue(std::string_view body, std::string_view name);

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
  MSE_RETURN_IF_ERROR(CheckBody(body, what));
  auto span = FindSignedSpan(body, member);
  if (!span.ok()) {
    return InvalidArgumentError(std::string(what) + ": member '" + member + "' is missing or not an object");
  }
  SignedBody out;
  out.object = Json::parse(span->begin(), span->end(), nullptr, /*allow_exceptions=*/false);
  if (!out.object.is_object()) {
    return InvalidArgumentError(std::string(what) + ": the signed '" + member + "' bytes are not a JSON object");
  }
  out.span = std::string(*span);
  // The signature is a plain hex string: its raw text between the quotes.
  auto sig_value = FindTopLevelValue(body, "signature");
  if (!sig_value.ok() || sig_value->size() < 2 || sig_value->front() != '"') {
    return InvalidArgumentError(std::string(what) + ": member 'signature' is missing or not a string");
  }
  auto sig = HexDecode(sig_value->substr(1, sig_value->size() - 2));
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

namespace {

StatusOr<std::string_view> FindTopLevelValue(std::string_view body, std::string_view name) {
  const std::string what = "member '" + std::string(name) + "'";
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
    if (key == name) return body.substr(pos, value_end - pos);
    pos = SkipWhitespace(body, value_end);
    if (pos < body.size() && body[pos] == ',') pos = SkipWhitespace(body, pos + 1);
  }
  return InvalidArgumentError(what + " not found at the top level of the body");
}

}  // namespace

StatusOr<std::string_view> FindSignedSpan(std::string_view body, std::string_view name) {
  MSE_ASSIGN_OR_RETURN(std::string_view value, FindTopLevelValue(body, name));
  if (value.empty() || value.front() != '{') {
    return InvalidArgumentError("signed member '" + std::string(name) + "': value is not an object");
  }
  return value;
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
