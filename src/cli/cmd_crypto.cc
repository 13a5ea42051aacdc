// mse home encrypt | decrypt (Fernet), seal | unseal (sealed box).
// Without --output the result's raw bytes go to stdout and nothing else does
// with it the file appears whole or not at all.
#include <nlohmann/json.hpp>

#include "attest/ratls.h"
#include "base/encoding.h"
#include "cli/commands.h"
#include "cli/provider_verify.h"
#include "format/provider_binding.h"
#include "crypto/fernet.h"
#include "crypto/sealed_box.h"

namespace mse::cli {
namespace {

// Writes `data` to `output` (atomically) or to stdout when no output is given.
Status Emit(CommandContext& ctx, const std::optional<std::string>& output, ByteView data, FileMode mode,
            const std::string& what) {
  if (!output) {
    ctx.terminal->Result(AsStringView(data));
    return Status::Ok();
  }
  MSE_RETURN_IF_ERROR(ctx.env.fs->WriteFile(*output, data, mode));
  ctx.terminal->Success(what + " written to " + *output);
  return Status::Ok();
}

StatusOr<std::string> ReadInput(CommandContext& ctx, const std::string& path) {
  auto data = ctx.env.fs->ReadFile(path);
  if (!data.ok()) return data.status().WithContext("cannot read the input file");
  return data;
}

// A key file of exactly 32 raw bytes.
StatusOr<SecretBytes> ReadRawKey(CommandContext& ctx, const std::string& path, const std::string& what) {
  auto key = ctx.env.fs->ReadSecretFile(path);
  if (!key.ok()) return key.status().WithContext("cannot read the " + what);
  if (key->size() != 32) {
    return InvalidArgumentError(what + " " + path + ": expected 32 raw bytes, found " +
                                std::to_string(key->size()));
  }
  return key;
}

StatusOr<crypto::FernetKey> LoadFernetKey(CommandContext& ctx, const std::string& path) {
  auto text = ctx.env.fs->ReadSecretFile(path);
  if (!text.ok()) return text.status().WithContext("cannot read the key file");
  auto key = crypto::FernetKey::FromText(AsStringView(text->view()));
  if (!key.ok()) return key.status().WithContext("key file " + path);
  return key;
}

Status GenerateFernetKeyFile(CommandContext& ctx, const std::string& path) {
  if (ctx.env.fs->Exists(path)) {
    return AlreadyExistsError("--generate-key: " + path + " already exists; remove it or drop --generate-key");
  }
  std::string text = crypto::FernetKey::Generate(*ctx.env.random).ToText() + "\n";
  Status status = ctx.env.fs->WriteFile(path, text, FileMode::kSecret);
  WipeMemory(text.data(), text.size());
  MSE_RETURN_IF_ERROR(status);
  ctx.terminal->Success("new key written to " + path + " (keep it secret)");
  return Status::Ok();
}

// --output DIR (existing directory or trailing '/') means DIR/<input name>.sealed.
std::optional<std::string> SealOutputPath(CommandContext& ctx, const ParsedArgs& args, const std::string& input) {
  auto output = args.Get("output");
  if (!output) return std::nullopt;
  if (ctx.env.fs->IsDirectory(*output) || output->back() == '/') {
    return JoinPath(*output, BaseName(input) + ".sealed");
  }
  return output;
}

// The message to seal: the input, plus the code key when --code-key is given.
StatusOr<SecretBytes> SealedMessage(CommandContext& ctx, const ParsedArgs& args, const std::string& input,
                                    SecretBytes plaintext) {
  auto code_key_path = args.Get("code-key");
  if (!code_key_path) return plaintext;
  MSE_ASSIGN_OR_RETURN(SecretBytes code_key, ReadRawKey(ctx, *code_key_path, "code key file"));
  nlohmann::ordered_json object;
  try {
    object = nlohmann::ordered_json::parse(AsStringView(plaintext.view()));
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError(input + ": not valid JSON (" + e.what() + "); --code-key needs a JSON object");
  }
  if (!object.is_object()) return InvalidArgumentError(input + ": --code-key needs a JSON object");
  std::string hex = HexEncode(code_key.view());
  object["code_secret_key"] = hex;
  WipeMemory(hex.data(), hex.size());
  std::string text = object.dump();
  SecretBytes message(AsBytes(text));
  WipeMemory(text.data(), text.size());
  return message;
}

// Whom to seal to: the key, and for an enclave its certificate and app id
// (what the provider binding signs).
struct SealTarget {
  Bytes recipient;
  std::string certificate_pem;  // "" for a raw public key
  std::string app_id;
};

// The enclave's RA-TLS certificate to seal to: verified here (--evidence),
// or one a successful `home verify` vouches for (its verdict record), or,
// only when asked with --unverified, any certificate.
StatusOr<SealTarget> EnclaveTarget(CommandContext& ctx, const ParsedArgs& args) {
  SealTarget target;
  if (auto evidence = args.Get("evidence")) {
    if (!args.Has("package") && !args.Has("mrenclave")) {
      return UsageError("--evidence needs --package FILE (or --mrenclave HEX): without it the code the enclave "
                        "runs is not checked");
    }
    MSE_ASSIGN_OR_RETURN(ProviderVerification verified,
                         VerifyEvidenceAsProvider(args, ctx, ExpandUser(*evidence), VerdictStream::kStderr));
    target.certificate_pem = verified.evidence.ratls_certificate;
    target.app_id = verified.evidence.input_args.app_id;
  } else {
    std::string cert_path = ExpandUser(*args.Get("receiver-enclave"));
    MSE_ASSIGN_OR_RETURN(target.certificate_pem, ctx.env.fs->ReadFile(cert_path));
    if (args.Flag("unverified")) {
      ctx.terminal->Warning("--unverified: sealing to the key of " + cert_path +
                            ", which no verification vouches for; whoever gave you this certificate may hold "
                            "the key and read what you seal");
      target.app_id = args.GetOr("app-id", "");
    } else {
      MSE_ASSIGN_OR_RETURN(target.app_id, CheckVerdictRecord(ctx, cert_path, target.certificate_pem));
    }
  }
  auto key = attest::EnclavePublicKeyFromRatlsCertificate(target.certificate_pem);
  if (!key.ok()) return key.status().WithContext("RA-TLS certificate");
  target.recipient.assign(key->begin(), key->end());
  return target;
}

StatusOr<SealTarget> Target(CommandContext& ctx, const ParsedArgs& args) {
  if (auto raw = args.Get("receiver-public-key")) {
    MSE_ASSIGN_OR_RETURN(SecretBytes key, ReadRawKey(ctx, *raw, "receiver public key file"));
    return SealTarget{Bytes(key.view().begin(), key.view().end()), "", ""};
  }
  return EnclaveTarget(ctx, args);
}

// The provider's key: --provider-key, else provider.key beside the input
// (where `mse home scaffold` puts it); nullopt when neither exists.
StatusOr<std::optional<SecretBytes>> ProviderSeed(CommandContext& ctx, const ParsedArgs& args,
                                                  const std::string& input) {
  std::string path = args.Has("provider-key") ? ExpandUser(*args.Get("provider-key"))
                                               : JoinPath(DirName(AbsolutePath(input)), "provider.key");
  if (!args.Has("provider-key") && !ctx.env.fs->Exists(path)) return std::optional<SecretBytes>();
  MSE_ASSIGN_OR_RETURN(SecretBytes seed, ReadRawKey(ctx, path, "provider key file"));
  ctx.terminal->Info("signing the sealed secrets for this enclave with the provider key " + path);
  return std::optional<SecretBytes>(std::move(seed));
}

// docs/provider-binding.md: the provider's signature over this enclave, its
// app id and the sealed bytes, written to `<sealed>.sig` for `mse home run`.
StatusOr<std::string> SignForEnclave(const SealTarget& target, const SecretBytes& seed, ByteView sealed,
                                     const std::optional<std::string>& output) {
  if (target.certificate_pem.empty()) return UsageError("--provider-key signs for an enclave: use --cert");
  if (target.app_id.empty()) {
    return UsageError("the provider signature binds the app id: verify the evidence (its verdict records it) or "
                      "give --app-id UUID");
  }
  if (!output) return UsageError("with a provider key, give --output: the signature goes beside the sealed file");
  MSE_ASSIGN_OR_RETURN(attest::RatlsCertificate cert, attest::ParseRatlsCertificate(AsBytes(target.certificate_pem)));
  format::BindingEnclave enclave{target.app_id, {}, {}};
  std::copy(cert.key.begin(), cert.key.end(), enclave.ratls_public_key.begin());
  std::copy(target.recipient.begin(), target.recipient.end(), enclave.enclave_public_key.begin());
  format::BoundFields fields;
  fields.sealed_secrets = sealed;
  return format::SignProviderBinding(seed.view(), enclave, fields);
}

}  // namespace

Status RunHomeEncrypt(const ParsedArgs& args, CommandContext& ctx) {
  std::string key_path = *args.Get("key");
  if (args.Flag("generate-key")) MSE_RETURN_IF_ERROR(GenerateFernetKeyFile(ctx, key_path));
  MSE_ASSIGN_OR_RETURN(crypto::FernetKey key, LoadFernetKey(ctx, key_path));
  std::string input = *args.Get("input");
  MSE_ASSIGN_OR_RETURN(std::string plaintext, ReadInput(ctx, input));
  auto token = key.Encrypt(AsBytes(plaintext), static_cast<uint64_t>(ctx.env.clock->NowUnixSeconds()),
                           *ctx.env.random);
  WipeMemory(plaintext.data(), plaintext.size());
  if (!token.ok()) return token.status();
  return Emit(ctx, args.Get("output"), AsBytes(*token), FileMode::kNormal, "encrypted file");
}

Status RunHomeDecrypt(const ParsedArgs& args, CommandContext& ctx) {
  std::string input = args.Get("input") ? *args.Get("input") : *args.Get("input_file");
  MSE_ASSIGN_OR_RETURN(crypto::FernetKey key, LoadFernetKey(ctx, *args.Get("key")));
  MSE_ASSIGN_OR_RETURN(std::string token, ReadInput(ctx, input));
  auto plaintext = key.Decrypt(token);
  if (!plaintext.ok()) return plaintext.status().WithContext(input);
  return Emit(ctx, args.Get("output"), plaintext->view(), FileMode::kSecret, "decrypted file");
}

Status RunHomeSeal(const ParsedArgs& args, CommandContext& ctx) {
  std::string input = *args.Get("input");
  MSE_ASSIGN_OR_RETURN(SealTarget target, Target(ctx, args));
  // Sealing to a raw public key names no enclave to bind a signature to:
  // the default provider.key is then not used (an explicit one is refused).
  std::optional<SecretBytes> seed;
  if (!target.certificate_pem.empty() || args.Has("provider-key")) {
    MSE_ASSIGN_OR_RETURN(seed, ProviderSeed(ctx, args, input));
  }
  MSE_ASSIGN_OR_RETURN(std::string text, ReadInput(ctx, input));
  SecretBytes plaintext(AsBytes(text));
  WipeMemory(text.data(), text.size());
  MSE_ASSIGN_OR_RETURN(SecretBytes message, SealedMessage(ctx, args, input, std::move(plaintext)));
  auto sealed = crypto::SealedBoxSeal(target.recipient, message.view(), *ctx.env.random);
  if (!sealed.ok()) return sealed.status();
  std::optional<std::string> output = SealOutputPath(ctx, args, input);
  std::optional<std::string> signature;
  if (seed) {
    MSE_ASSIGN_OR_RETURN(signature, SignForEnclave(target, *seed, *sealed, output));
  }
  MSE_RETURN_IF_ERROR(Emit(ctx, output, *sealed, FileMode::kNormal, "sealed file"));
  if (!signature) return Status::Ok();
  MSE_RETURN_IF_ERROR(ctx.env.fs->WriteFile(*output + ".sig", *signature + "\n"));
  ctx.terminal->Success("provider signature written to " + *output + ".sig (`mse home run` sends it with the "
                        "sealed file)");
  return Status::Ok();
}

Status RunHomeUnseal(const ParsedArgs& args, CommandContext& ctx) {
  std::string input = *args.Get("input");
  MSE_ASSIGN_OR_RETURN(SecretBytes private_key, ReadRawKey(ctx, *args.Get("private-key"), "private key file"));
  MSE_ASSIGN_OR_RETURN(std::string sealed, ReadInput(ctx, input));
  auto plaintext = crypto::SealedBoxOpen(private_key.view(), AsBytes(sealed));
  if (!plaintext.ok()) return plaintext.status().WithContext(input);
  return Emit(ctx, args.Get("output"), plaintext->view(), FileMode::kSecret, "unsealed file");
}

}  // namespace mse::cli
