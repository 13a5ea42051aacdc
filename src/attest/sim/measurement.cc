// Canonical encoding (docs/measurement.md §2) and the directory builders.
#include "attest/sim/measurement.h"

#include "attest/sim/tar_reader.h"
#include "crypto/pki_rsa.h"

namespace mse::attest::sim {
namespace {

void PutU64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
}

void PutField(std::string& out, std::string_view s) {
  PutU64(out, s.size());
  out.append(s);
}

void PutFiles(std::string& out, std::string_view section, const FileDigests& files) {
  out.append(section);
  PutU64(out, files.size());
  for (const auto& [path, digest] : files) {
    PutField(out, path);
    out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  }
}

}  // namespace

std::string EncodeSimMeasurement(const TrustedFileSet& trusted, const SpawnArgs& args,
                                 const CodeFileSet& code) {
  std::string out = kMeasurementMagic;
  PutFiles(out, "trusted-files\n", trusted);
  out.append("enclave-size-mb\n");
  PutU64(out, static_cast<uint64_t>(args.size));
  out.append("spawn-args\n");
  PutField(out, args.subject);
  PutField(out, args.subject_alternative_name);
  out.push_back(args.expiration_date ? '\x01' : '\x00');
  if (args.expiration_date) PutU64(out, static_cast<uint64_t>(*args.expiration_date));
  PutField(out, args.app_id);
  PutField(out, args.application);
  out.append("tls-mode\n");
  PutField(out, EffectiveTlsMode(args));
  out.append("provider-key\n");
  out.push_back(args.provider_key ? '\x01' : '\x00');
  if (args.provider_key) PutField(out, *args.provider_key);
  PutFiles(out, "code-files\n", code);
  return out;
}

std::string EffectiveTlsMode(const SpawnArgs& args) {
  if (!args.tls_mode.empty()) return args.tls_mode;
  return args.expiration_date ? kTlsModeRatls : kTlsModeCertificate;
}

Measurement32 ComputeSimMrEnclave(const TrustedFileSet& trusted, const SpawnArgs& args,
                                  const CodeFileSet& code) {
  return crypto::Sha256(AsBytes(EncodeSimMeasurement(trusted, args, code)));
}

StatusOr<Measurement32> ComputeSimMrSigner(std::string_view signer_pem) {
  return crypto::ComputeMrSigner(signer_pem);
}

StatusOr<std::vector<std::string>> ParseTrustedPaths(std::string_view text) {
  std::vector<std::string> paths;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() != '/' || line.find("/../") != std::string_view::npos || line.ends_with("/..")) {
      return InvalidArgumentError(std::string(kTrustedPathsFile) + " line " + std::to_string(line_number) +
                                  ": '" + std::string(line) + "' is not a normalized absolute path");
    }
    paths.emplace_back(line);
  }
  return paths;
}

StatusOr<TrustedFileSet> TrustedFilesFromTree(FileSystem& fs, const std::string& root) {
  const std::string manifest = JoinPath(root, std::string(kTrustedPathsFile).substr(1));
  if (!fs.Exists(manifest)) {
    return FailedPreconditionError("the image has no " + std::string(kTrustedPathsFile) + " (" + manifest +
                                   "): it is not an MSE base image");
  }
  MSE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(manifest));
  MSE_ASSIGN_OR_RETURN(std::vector<std::string> paths, ParseTrustedPaths(text));
  TrustedFileSet set;
  for (const std::string& path : paths) {
    const std::string full = JoinPath(root, path.substr(1));
    if (!fs.Exists(full) || fs.IsDirectory(full)) {
      return FailedPreconditionError("trusted path " + path + " listed in " + kTrustedPathsFile +
                                     " is missing from the image (or is not a file)");
    }
    MSE_ASSIGN_OR_RETURN(set[path], HashFile(fs, full));
  }
  return set;
}

StatusOr<CodeFileSet> CodeFilesFromDirectory(FileSystem& fs, const std::string& dir) {
  CodeFileSet set;
  std::vector<std::string> pending = {""};
  while (!pending.empty()) {
    const std::string rel = pending.back();
    pending.pop_back();
    MSE_ASSIGN_OR_RETURN(auto entries, fs.ListDirectory(rel.empty() ? dir : JoinPath(dir, rel)));
    for (const DirEntry& e : entries) {
      const std::string child = rel.empty() ? e.name : rel + "/" + e.name;
      if (e.is_directory) {
        pending.push_back(child);
      } else if (e.is_regular) {
        MSE_ASSIGN_OR_RETURN(set[child], HashFile(fs, JoinPath(dir, child)));
      }
    }
  }
  return set;
}

}  // namespace mse::attest::sim
