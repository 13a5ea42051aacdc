#include "format/evidence.h"

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "format/json_writer.h"

namespace mse::format {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kStringFields[] = {"ratls_certificate", "root_ca_crl", "pck_platform_crl", "tcb_info",
                                         "qe_identity",       "tcb_cert",    "signer_pk"};

template <typename E>  // Evidence or const Evidence
auto* StringField(E& e, std::string_view name) {
  if (name == "ratls_certificate") return &e.ratls_certificate;
  if (name == "root_ca_crl") return &e.root_ca_crl;
  if (name == "pck_platform_crl") return &e.pck_platform_crl;
  if (name == "tcb_info") return &e.tcb_info;
  if (name == "qe_identity") return &e.qe_identity;
  if (name == "tcb_cert") return &e.tcb_cert;
  return &e.signer_pk;
}

class Reader {
 public:
  Reader(const Json& object, std::string file, std::string where)
      : object_(object), file_(std::move(file)), where_(std::move(where)) {}

  StatusOr<const Json*> Member(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end()) return Error(key, "required member is missing");
    return &*it;
  }
  StatusOr<std::string> String(std::string_view key) const {
    MSE_ASSIGN_OR_RETURN(const Json* v, Member(key));
    if (!v->is_string()) return Error(key, "expected a string, found " + TypeOf(*v));
    return v->get<std::string>();
  }
  StatusOr<std::optional<int64_t>> Int(std::string_view key, bool nullable) const {
    MSE_ASSIGN_OR_RETURN(const Json* v, Member(key));
    if (nullable && v->is_null()) return std::optional<int64_t>();
    if (v->is_number_integer() && !(v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX)) {
      return std::optional<int64_t>(v->get<int64_t>());
    }
    return Error(key, std::string("expected a 64-bit integer") + (nullable ? " or null" : "") + ", found " +
                          TypeOf(*v));
  }
  Status Error(std::string_view key, std::string_view what) const {
    return InvalidArgumentError(file_ + ": `" + where_ + std::string(key) + "`: " + std::string(what));
  }
  static std::string TypeOf(const Json& v) {
    return v.is_number() ? std::string("a number ") + v.dump() : std::string(v.type_name());
  }

 private:
  const Json& object_;
  std::string file_;
  std::string where_;
};

StatusOr<EvidenceInputArgs> ParseInputArgs(const Json& json, const std::string& file) {
  Reader r(json, file, "input_args.");
  if (json.contains("host") && !json.contains("subject")) {
    return InvalidArgumentError(file +
                                ": evidence from msehome 0.1.0 (`input_args.host`) is not "
                                "supported; collect it again with `mse home evidence`");
  }
  EvidenceInputArgs args;
  MSE_ASSIGN_OR_RETURN(args.subject, r.String("subject"));
  MSE_ASSIGN_OR_RETURN(args.subject_alternative_name, r.String("subject_alternative_name"));
  MSE_ASSIGN_OR_RETURN(args.expiration_date, r.Int("expiration_date", /*nullable=*/true));
  MSE_ASSIGN_OR_RETURN(auto size, r.Int("size", /*nullable=*/false));
  args.size = *size;
  MSE_ASSIGN_OR_RETURN(args.app_id, r.String("app_id"));
  MSE_ASSIGN_OR_RETURN(args.application, r.String("application"));
  return args;
}

}  // namespace

StatusOr<Evidence> ParseEvidence(std::string_view text, const std::string& file) {
  MSE_ASSIGN_OR_RETURN(Json json, ParseJson(text, file));
  if (!json.is_object()) {
    return InvalidArgumentError(file + ": expected a JSON object, found " + std::string(json.type_name()));
  }
  Reader r(json, file, "");
  MSE_ASSIGN_OR_RETURN(const Json* input_args, r.Member("input_args"));
  if (!input_args->is_object()) {
    return r.Error("input_args", "expected an object, found " + Reader::TypeOf(*input_args));
  }
  Evidence evidence;
  MSE_ASSIGN_OR_RETURN(evidence.input_args, ParseInputArgs(*input_args, file));
  for (const char* name : kStringFields) {
    MSE_ASSIGN_OR_RETURN(*StringField(evidence, name), r.String(name));
  }
  return evidence;
}

std::string SerializeEvidence(const Evidence& e) {
  Json args = Json::object();
  args["subject"] = e.input_args.subject;
  args["subject_alternative_name"] = e.input_args.subject_alternative_name;
  args["expiration_date"] =
      e.input_args.expiration_date ? Json(*e.input_args.expiration_date) : Json(nullptr);
  args["size"] = e.input_args.size;
  args["app_id"] = e.input_args.app_id;
  args["application"] = e.input_args.application;
  Json json = Json::object();
  json["input_args"] = std::move(args);
  for (const char* name : kStringFields) json[name] = *StringField(e, name);
  return DumpIndent4(json);
}

StatusOr<Evidence> LoadEvidence(FileSystem& fs, const std::string& path) {
  auto text = fs.ReadFile(path);
  if (!text.ok()) return text.status().WithContext("reading evidence " + path);
  return ParseEvidence(*text, path);
}

Status SaveEvidence(FileSystem& fs, const std::string& path, const Evidence& evidence) {
  Status s = fs.WriteFile(path, SerializeEvidence(evidence));
  return s.ok() ? s : s.WithContext("writing evidence " + path);
}

}  // namespace mse::format
