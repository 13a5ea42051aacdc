#include "format/internal/app_config_checks.h"

#include <algorithm>
#include <cctype>

namespace mse::format::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "app.example.com" → "*.example.com"; a single label becomes "*".
std::string WildcardForm(std::string_view domain) {
  size_t dot = domain.find('.');
  return dot == std::string_view::npos ? "*" : "*" + std::string(domain.substr(dot));
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

Status CheckSsl(const std::string& file, const CertificateInspector& inspector, CloudConfig& cloud) {
  const CloudSslConfig& ssl = *cloud.ssl;
  if (!inspector) {
    return FailedPreconditionError(file + ": [cloud.ssl] needs the certificate " + ssl.certificate +
                                   " to be inspected, but no inspector was given");
  }
  auto info = inspector(ssl.certificate);
  if (!info.ok()) {
    return info.status().WithContext(file + ": `cloud.ssl.certificate` (" + ssl.certificate + ")");
  }
  Timestamp not_after = TimestampFromUnixSeconds(info->not_after_unix);
  if (!cloud.expiration_date) {
    cloud.expiration_date = not_after;
  } else if (cloud.expiration_date->unix_micros > not_after.unix_micros) {
    return InvalidArgumentError(
        file + ": `expiration_date` (" + FormatPythonTimestamp(*cloud.expiration_date) +
        ") can't be after the certificate expiration date (" + FormatPythonTimestamp(not_after) + ")");
  }
  if (info->san_dns_names.empty()) {  // a clear message, not a crash
    return InvalidArgumentError(file + ": the certificate " + ssl.certificate +
                                " has no Subject Alternative Name; it must list " + ssl.domain_name);
  }
  std::string domain = Lower(ssl.domain_name);
  std::string wildcard = WildcardForm(domain);
  bool found =
      std::any_of(info->san_dns_names.begin(), info->san_dns_names.end(), [&](const std::string& san) {
        std::string name = Lower(san);
        return name == domain || name == wildcard;
      });
  if (!found) {
    return InvalidArgumentError(file + ": " + ssl.domain_name +
                                " should be present in the SSL certificate as a Subject "
                                "Alternative Name (" +
                                Join(info->san_dns_names) + ")");
  }
  return Status::Ok();
}

}  // namespace

Status CheckPythonApplication(const TomlFields& fields, const std::string& value) {
  if (std::count(value.begin(), value.end(), ':') != 1) {
    return InvalidArgumentError(fields.FieldName("python_application") +
                                " is malformed. Expected format: `module:variable`, found '" + value + "'");
  }
  return Status::Ok();
}

Status CheckCloud(const std::string& file, int64_t now_unix, const CertificateInspector& inspector,
                  CloudConfig& cloud) {
  if (cloud.ssl) MSE_RETURN_IF_ERROR(CheckSsl(file, inspector, cloud));
  if (cloud.expiration_date && cloud.expiration_date->unix_micros <= now_unix * 1'000'000) {
    return InvalidArgumentError(file + ": `expiration_date` (" +
                                FormatPythonTimestamp(*cloud.expiration_date) + ") is in the past");
  }
  return Status::Ok();
}

}  // namespace mse::format::internal
