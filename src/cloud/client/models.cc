#include "cloud/client/models.h"

#include <nlohmann/json.hpp>

#include "format/timestamp.h"

namespace mse::cloud::api {
namespace {

using Json = nlohmann::ordered_json;

Json OptionalTime(const std::optional<int64_t>& us) { return us ? Json(FormatDateTime(*us)) : Json(nullptr); }

std::string TypeOf(const Json& v) { return v.is_null() ? "null" : std::string(v.type_name()); }

// Typed reads that name the member.
class Reader {
 public:
  Reader(const Json& object, std::string what) : object_(object), what_(std::move(what)) {}

  StatusOr<std::string> String(const char* key) const {
    MSE_ASSIGN_OR_RETURN(const Json* v, Member(key));
    if (!v->is_string()) return Error(key, "a string", *v);
    return v->get<std::string>();
  }
  std::string StringOr(const char* key, std::string fallback) const {
    auto it = object_.find(key);
    return it != object_.end() && it->is_string() ? it->get<std::string>() : fallback;
  }
  StatusOr<std::optional<std::string>> OptionalString(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return Error(key, "a string or null", *it);
    return std::optional<std::string>(it->get<std::string>());
  }
  StatusOr<int64_t> Int(const char* key) const {
    MSE_ASSIGN_OR_RETURN(const Json* v, Member(key));
    if (!v->is_number_integer()) return Error(key, "an integer", *v);
    return v->get<int64_t>();
  }
  int64_t IntOr(const char* key, int64_t fallback) const {
    auto it = object_.find(key);
    return it != object_.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
  }
  StatusOr<double> Number(const char* key) const {
    MSE_ASSIGN_OR_RETURN(const Json* v, Member(key));
    if (!v->is_number()) return Error(key, "a number", *v);
    return v->get<double>();
  }
  bool BoolOr(const char* key, bool fallback) const {
    auto it = object_.find(key);
    return it != object_.end() && it->is_boolean() ? it->get<bool>() : fallback;
  }
  StatusOr<int64_t> Time(const char* key) const {
    MSE_ASSIGN_OR_RETURN(std::string text, String(key));
    auto t = ParseDateTime(text);
    if (!t.ok()) return InvalidArgumentError(what_ + ": member `" + key + "`: " + t.status().message());
    return *t;
  }
  StatusOr<std::optional<int64_t>> OptionalTime(const char* key) const {
    MSE_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(key));
    if (!text) return std::optional<int64_t>();
    auto t = ParseDateTime(*text);
    if (!t.ok()) return InvalidArgumentError(what_ + ": member `" + key + "`: " + t.status().message());
    return std::optional<int64_t>(*t);
  }

 private:
  StatusOr<const Json*> Member(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end()) return InvalidArgumentError(what_ + ": member `" + key + "` is missing");
    return &*it;
  }
  Status Error(const char* key, const char* expected, const Json& found) const {
    return InvalidArgumentError(what_ + ": member `" + key + "`: expected " + expected + ", found " + TypeOf(found));
  }

  const Json& object_;
  std::string what_;
};

StatusOr<Json> ParseObjectOrArray(std::string_view text, const std::string& what, bool array) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgumentError(what + ": the backend's answer is not JSON");
  if (array ? !j.is_array() : !j.is_object()) {
    return InvalidArgumentError(what + ": expected a JSON " + (array ? "array" : "object") + ", found " + TypeOf(j));
  }
  return j;
}

StatusOr<PartialApp> ReadPartialApp(const Json& j) {
  if (!j.is_object()) return InvalidArgumentError("app list: an item is not an object");
  Reader r(j, "app");
  PartialApp a;
  MSE_ASSIGN_OR_RETURN(a.id, r.String("id"));
  MSE_ASSIGN_OR_RETURN(a.name, r.String("name"));
  MSE_ASSIGN_OR_RETURN(a.domain_name, r.String("domain_name"));
  MSE_ASSIGN_OR_RETURN(a.created_at_us, r.Time("created_at"));
  MSE_ASSIGN_OR_RETURN(a.ready_at_us, r.OptionalTime("ready_at"));
  MSE_ASSIGN_OR_RETURN(a.stopped_at_us, r.OptionalTime("stopped_at"));
  MSE_ASSIGN_OR_RETURN(a.status, r.String("status"));
  MSE_ASSIGN_OR_RETURN(a.hardware_name, r.String("hardware_name"));
  return a;
}

StatusOr<Project> ReadProject(const Json& j) {
  if (!j.is_object()) return InvalidArgumentError("project list: an item is not an object");
  Reader r(j, "project");
  Project p;
  MSE_ASSIGN_OR_RETURN(p.id, r.String("id"));
  MSE_ASSIGN_OR_RETURN(p.name, r.String("name"));
  p.description = r.StringOr("description", "");
  MSE_ASSIGN_OR_RETURN(p.owner_id, r.String("owner_id"));
  p.is_default = r.BoolOr("is_default", false);
  MSE_ASSIGN_OR_RETURN(p.created_at_us, r.Time("created_at"));
  MSE_ASSIGN_OR_RETURN(p.deleted_at_us, r.OptionalTime("deleted_at"));
  return p;
}

}  // namespace

std::string FormatDateTime(int64_t unix_micros) {
  std::string text = format::FormatUtcIso(unix_micros);  // YYYY-MM-DDTHH:MM:SS.ffffffZ
  if (!text.empty() && text.back() == 'Z') text.replace(text.size() - 1, 1, "+00:00");
  return text;
}

StatusOr<int64_t> ParseDateTime(std::string_view text) {
  auto t = format::ParseIsoTimestamp(text);
  if (!t.ok()) return InvalidArgumentError("`" + std::string(text) + "` is not an ISO-8601 date-time");
  if (!t->utc_offset_minutes) {
    return InvalidArgumentError("`" + std::string(text) + "` has no UTC offset");
  }
  return t->unix_micros;
}

std::string ToJson(const App& a) {
  Json j{{"id", a.id},
         {"name", a.name},
         {"project_id", a.project_id},
         {"owner_id", a.owner_id},
         {"domain_name", a.domain_name},
         {"config_domain_name", a.config_domain_name},
         {"docker", a.docker},
         {"created_at", FormatDateTime(a.created_at_us)},
         {"ready_at", OptionalTime(a.ready_at_us)},
         {"stopped_at", OptionalTime(a.stopped_at_us)},
         {"status", a.status},
         {"hardware_name", a.hardware_name},
         {"ssl_certificate_origin", a.ssl_certificate_origin},
         {"expires_at", FormatDateTime(a.expires_at_us)},
         {"python_application", a.python_application},
         {"healthcheck_endpoint", a.healthcheck_endpoint},
         {"docker_digest", a.docker_digest},
         {"enclave_size", a.enclave_size},
         {"status_reason", a.status_reason ? Json(*a.status_reason) : Json(nullptr)},
         {"router_port", a.router_port}};
  return j.dump();
}

std::string ToJson(const PartialApp& a) {
  Json j{{"id", a.id},
         {"name", a.name},
         {"domain_name", a.domain_name},
         {"created_at", FormatDateTime(a.created_at_us)},
         {"ready_at", OptionalTime(a.ready_at_us)},
         {"stopped_at", OptionalTime(a.stopped_at_us)},
         {"status", a.status},
         {"hardware_name", a.hardware_name}};
  return j.dump();
}

std::string ToJson(const Project& p) {
  Json j{{"id", p.id},
         {"name", p.name},
         {"description", p.description},
         {"owner_id", p.owner_id},
         {"is_default", p.is_default},
         {"stripe_customer_id", nullptr},
         {"stripe_payment_method_id", nullptr},
         {"created_at", FormatDateTime(p.created_at_us)},
         {"deleted_at", OptionalTime(p.deleted_at_us)}};
  return j.dump();
}

std::string ToJson(const Hardware& h) {
  Json j{{"name", h.name}, {"memory", h.memory}, {"cores", h.cores}, {"enclave_size", h.enclave_size}};
  return j.dump();
}

std::string ToJson(const User& u) {
  Json j{{"id", u.id},
         {"given_name", u.given_name},
         {"family_name", u.family_name},
         {"email", u.email},
         {"created_at", FormatDateTime(u.created_at_us)},
         {"configured", u.configured},
         {"email_verified", u.email_verified}};
  return j.dump();
}

std::string ToJson(const DefaultApp& d) {
  Json j{{"project", d.project}, {"docker", d.docker}, {"hardware", d.hardware}};
  return j.dump();
}

std::string ToJson(const Discovery& d) {
  Json j{{"api_url", d.api_url},
         {"authorization_endpoint", d.authorization_endpoint},
         {"token_endpoint", d.token_endpoint},
         {"revocation_endpoint", d.revocation_endpoint},
         {"logout_endpoint", d.logout_endpoint},
         {"signer_url", d.signer_url},
         {"pccs_url", d.pccs_url},
         {"base_domain", d.base_domain},
         {"router_port", d.router_port},
         {"simulated", d.simulated},
         {"sim_root_url", d.sim_root_url ? Json(*d.sim_root_url) : Json(nullptr)}};
  return j.dump();
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

std::string ErrorJson(std::string_view text) { return Json{{"detail", text}}.dump(); }

StatusOr<App> ParseApp(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "app", false));
  Reader r(j, "app");
  App a;
  MSE_ASSIGN_OR_RETURN(a.id, r.String("id"));
  MSE_ASSIGN_OR_RETURN(a.name, r.String("name"));
  MSE_ASSIGN_OR_RETURN(a.project_id, r.String("project_id"));
  a.owner_id = r.StringOr("owner_id", "");
  MSE_ASSIGN_OR_RETURN(a.domain_name, r.String("domain_name"));
  MSE_ASSIGN_OR_RETURN(a.config_domain_name, r.String("config_domain_name"));
  MSE_ASSIGN_OR_RETURN(a.docker, r.String("docker"));
  MSE_ASSIGN_OR_RETURN(a.created_at_us, r.Time("created_at"));
  MSE_ASSIGN_OR_RETURN(a.ready_at_us, r.OptionalTime("ready_at"));
  MSE_ASSIGN_OR_RETURN(a.stopped_at_us, r.OptionalTime("stopped_at"));
  MSE_ASSIGN_OR_RETURN(a.status, r.String("status"));
  MSE_ASSIGN_OR_RETURN(a.hardware_name, r.String("hardware_name"));
  MSE_ASSIGN_OR_RETURN(a.ssl_certificate_origin, r.String("ssl_certificate_origin"));
  MSE_ASSIGN_OR_RETURN(a.expires_at_us, r.Time("expires_at"));
  MSE_ASSIGN_OR_RETURN(a.python_application, r.String("python_application"));
  MSE_ASSIGN_OR_RETURN(a.healthcheck_endpoint, r.String("healthcheck_endpoint"));
  a.docker_digest = r.StringOr("docker_digest", "");
  a.enclave_size = r.IntOr("enclave_size", 0);
  MSE_ASSIGN_OR_RETURN(a.status_reason, r.OptionalString("status_reason"));
  a.router_port = static_cast<int>(r.IntOr("router_port", 0));
  return a;
}

StatusOr<std::vector<PartialApp>> ParsePartialApps(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "app list", true));
  std::vector<PartialApp> out;
  for (const Json& item : j) {
    MSE_ASSIGN_OR_RETURN(PartialApp a, ReadPartialApp(item));
    out.push_back(std::move(a));
  }
  return out;
}

StatusOr<std::vector<Project>> ParseProjects(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "project list", true));
  std::vector<Project> out;
  for (const Json& item : j) {
    MSE_ASSIGN_OR_RETURN(Project p, ReadProject(item));
    out.push_back(std::move(p));
  }
  return out;
}

StatusOr<Hardware> ParseHardware(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "hardware", false));
  Reader r(j, "hardware");
  Hardware h;
  MSE_ASSIGN_OR_RETURN(h.name, r.String("name"));
  MSE_ASSIGN_OR_RETURN(h.memory, r.Int("memory"));
  MSE_ASSIGN_OR_RETURN(h.cores, r.Number("cores"));
  MSE_ASSIGN_OR_RETURN(h.enclave_size, r.Int("enclave_size"));
  return h;
}

StatusOr<User> ParseUser(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "user", false));
  Reader r(j, "user");
  User u;
  MSE_ASSIGN_OR_RETURN(u.id, r.String("id"));
  u.given_name = r.StringOr("given_name", "");
  u.family_name = r.StringOr("family_name", "");
  MSE_ASSIGN_OR_RETURN(u.email, r.String("email"));
  auto created = r.OptionalTime("created_at");
  if (created.ok() && *created) u.created_at_us = **created;
  u.configured = r.BoolOr("configured", true);
  u.email_verified = r.BoolOr("email_verified", true);
  return u;
}

StatusOr<DefaultApp> ParseDefaultApp(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "app defaults", false));
  Reader r(j, "app defaults");
  DefaultApp d;
  MSE_ASSIGN_OR_RETURN(d.project, r.String("project"));
  MSE_ASSIGN_OR_RETURN(d.docker, r.String("docker"));
  MSE_ASSIGN_OR_RETURN(d.hardware, r.String("hardware"));
  return d;
}

StatusOr<Discovery> ParseDiscovery(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "discovery document", false));
  Reader r(j, "discovery document");
  Discovery d;
  MSE_ASSIGN_OR_RETURN(d.api_url, r.String("api_url"));
  MSE_ASSIGN_OR_RETURN(d.authorization_endpoint, r.String("authorization_endpoint"));
  MSE_ASSIGN_OR_RETURN(d.token_endpoint, r.String("token_endpoint"));
  d.revocation_endpoint = r.StringOr("revocation_endpoint", "");
  d.logout_endpoint = r.StringOr("logout_endpoint", "");
  MSE_ASSIGN_OR_RETURN(d.signer_url, r.String("signer_url"));
  MSE_ASSIGN_OR_RETURN(d.pccs_url, r.String("pccs_url"));
  MSE_ASSIGN_OR_RETURN(d.base_domain, r.String("base_domain"));
  MSE_ASSIGN_OR_RETURN(int64_t port, r.Int("router_port"));
  if (port < 1 || port > 65535) return InvalidArgumentError("discovery document: `router_port` out of range");
  d.router_port = static_cast<int>(port);
  d.simulated = r.BoolOr("simulated", false);
  MSE_ASSIGN_OR_RETURN(d.sim_root_url, r.OptionalString("sim_root_url"));
  return d;
}

StatusOr<std::vector<Metric>> ParseMetrics(std::string_view text) {
  MSE_ASSIGN_OR_RETURN(Json j, ParseObjectOrArray(text, "app metrics", false));
  std::vector<Metric> out;
  for (const auto& [name, sample] : j.items()) {
    if (!sample.is_array() || sample.size() != 2 || !sample[0].is_number()) continue;
    Metric m{name, sample[0].get<double>(), ""};
    if (sample[1].is_string()) {
      m.value = sample[1].get<std::string>();
    } else if (sample[1].is_number()) {
      m.value = sample[1].dump();
    } else {
      continue;
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string ErrorText(std::string_view body) {
  Json j = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    for (const char* key : {"detail", "error_description", "message", "error"}) {
      auto it = j.find(key);
      if (it != j.end() && it->is_string()) return it->get<std::string>();
    }
  }
  std::string text(body.substr(0, 300));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace mse::cloud::api
