#include "cli/command_table.h"

#include "cli/commands.h"

namespace mse::cli {
namespace {

// Compact constructors keep the table readable.
OptionSpec Value(std::string names, std::string metavar, std::string help, bool required = false,
                 std::string default_value = "") {
  return OptionSpec{std::move(names), std::move(metavar), std::move(help), Arity::kValue, required,
                    std::move(default_value), "", {}};
}
OptionSpec ValueNote(std::string names, std::string metavar, std::string help, std::string note) {
  return OptionSpec{std::move(names), std::move(metavar), std::move(help), Arity::kValue, false, "",
                    std::move(note), {}};
}
OptionSpec Flag(std::string names, std::string help) {
  return OptionSpec{std::move(names), "", std::move(help), Arity::kFlag, false, "", "", {}};
}
OptionSpec Pos(std::string name, std::string metavar, std::string help,
               Arity arity = Arity::kPositional) {
  return OptionSpec{std::move(name), std::move(metavar), std::move(help), arity,
                    arity != Arity::kPositionalOptional, "", "", {}};
}

const char kPccsNote[] =
    "the scheme://host of pccs_url in /etc/sgx_default_qcnl.conf, else https://pccs.example.com";
const char kDefaultSubject[] = "CN=cosmian.com,O=Cosmian Tech,C=FR,L=Paris,ST=Ile-de-France";

// Options shared by every command that applies an attestation policy.
std::vector<OptionSpec> PolicyOptionsWithoutJson() {
  return {
      Value("--at", "RFC3339-TIME", "verify as of this instant instead of now"),
      Value("--accept-tcb", "STATUS[,STATUS...]",
            "platform TCB statuses to accept (Revoked is never accepted)", false,
            "UpToDate,SWHardeningNeeded"),
      Flag("--allow-stale-collateral", "accept collateral past its next update date"),
      Flag("--allow-simulation", "trust the simulated SGX platform's root (nothing is secure then)"),
      Value("--sim-root", "FILE", "simulation root certificate to trust (from `mse home sim export-root`)"),
  };
}

std::vector<OptionSpec> PolicyOptions() {
  auto options = PolicyOptionsWithoutJson();
  options.push_back(Flag("--json", "print the verdict as JSON on stdout"));
  return options;
}

std::vector<OptionSpec> With(std::vector<OptionSpec> base, const std::vector<OptionSpec>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

std::vector<OptionSpec> ProjectOptions() {
  return {
      Value("--project", "DIR", "project directory with the standard layout (mse_src/, tests/, mse.toml, Dockerfile)"),
      Value("--code", "DIR", "code directory (instead of --project)"),
      Value("--config", "FILE", "mse.toml of the app (instead of --project)"),
      Value("--dockerfile", "FILE", "Dockerfile to build (instead of --project)"),
      Value("--test", "DIR", "tests directory (instead of --project)"),
  };
}

std::vector<CommandSpec> HomeCommands() {
  return {
      {{"home", "encrypt"}, "encrypt a file using Fernet symmetric encryption",
       {Value("--input", "FILE", "file to encrypt", true),
        Value("--key", "FILE", "file holding a 32-byte key, url-safe base64 encoded", true),
        Flag("--generate-key", "create --key with a fresh random key first (refuses to overwrite)"),
        Value("--output", "FILE", "where to write the token (default: stdout)")},
       {}, RunHomeEncrypt},
      {{"home", "decrypt"}, "decrypt a file using Fernet symmetric encryption",
       {Value("--input", "FILE", "file to decrypt (or give it as INPUT)"),
        Value("--key", "FILE", "file holding a 32-byte key, url-safe base64 encoded", true),
        Value("--output", "FILE", "where to write the plaintext (default: stdout)"),
        Pos("input_file", "INPUT", "file to decrypt (same as --input)", Arity::kPositionalOptional)},
       {{{"input", "input_file"}, true}}, RunHomeDecrypt},
      {{"home", "evidence"}, "collect the evidence to verify the application and the enclave offline",
       {ValueNote("--pccs", "URL", "PCCS URL", kPccsNote),
        Value("--output", "DIR", "directory for evidence.json and ratls.unverified.pem (the certificate as presented)", true),
        Pos("name", "NAME", "application (container) name")},
       {}, RunHomeEvidence},
      {{"home", "scaffold"}, "create a new boilerplate MSE application",
       {Pos("app_name", "APP_NAME", "name of the application (and of its new directory)")}, {},
       RunHomeScaffold},
      {{"home", "list"}, "list the MSE applications (containers labelled mse-home)", {}, {}, RunHomeList},
      {{"home", "logs"}, "print the MSE docker logs",
       {Pos("name", "NAME", "application name"), Flag("-f,--follow", "keep following the log output")},
       {}, RunHomeLogs},
      {{"home", "package"}, "generate a package containing the Docker image and the code to run on MSE",
       With(ProjectOptions(),
            {Value("--output", "DIR", "directory to write the package into (created if missing)", true),
             Flag("--encrypt", "encrypt the code and write the key beside the package")}),
       {}, RunHomePackage},
      {{"home", "restart"}, "restart a stopped MSE docker (same identity, no reconfiguration)",
       {Pos("name", "NAME", "application name")}, {}, RunHomeRestart},
      {{"home", "run"}, "finalise the configuration of the application docker and run the application code",
       {Value("--secrets", "FILE", "secrets.json to send to the enclave"),
        Value("--sealed-secrets", "FILE", "sealed secrets file (from `mse home seal`)"),
        Value("--key", "FILE", "code key file (32 raw bytes) when it is not inside the sealed secrets"),
        ValueNote("--provider-signature", "FILE", "the provider's signature of the sealed secrets",
                  "<sealed secrets file>.sig when `mse home seal` wrote one"),
        Value("--timeout", "MINUTES", "give up if the app does not answer within this time", false, "1440"),
        Pos("name", "NAME", "application name")},
       {}, RunHomeRun},
      {{"home", "status"}, "print the MSE docker status", {Pos("name", "NAME", "application name")}, {},
       RunHomeStatus},
      {{"home", "seal"},
       "seal a file with NaCl's sealed box, for a raw X25519 public key or for the enclave key "
       "bound in an RA-TLS certificate",
       With({Value("--input,--secrets", "FILE", "file to seal", true),
             Value("--receiver-enclave,--cert", "RATLS_PEM",
                   "RA-TLS certificate of the enclave, as written by a successful `mse home verify`"),
             Value("--evidence", "FILE", "verify this evidence.json here (with --package) and seal to its enclave"),
             Value("--package", "FILE", "with --evidence: package to recompute the measurement from"),
             Value("--mrenclave", "HEX", "with --evidence: expected MRENCLAVE (instead of --package)"),
             Flag("--unverified", "seal to a --cert no verification vouches for (its holder may read the secrets)"),
             Value("--receiver-public-key", "FILE", "raw 32-byte X25519 public key"),
             Value("--code-key", "FILE", "put this code key (32 raw bytes) inside the sealed secrets as code_secret_key"),
             ValueNote("--provider-key", "FILE",
                       "the provider's Ed25519 key (32 raw bytes) to sign the sealed secrets for this enclave",
                       "provider.key beside the input file, when it exists"),
             Value("--app-id", "UUID", "with --unverified: the app id the signature binds (else from the verdict)"),
             Value("--output", "PATH", "output file, or a directory to write <input name>.sealed into (default: stdout)")},
            PolicyOptionsWithoutJson()),
       {{{"receiver-enclave", "receiver-public-key", "evidence"}, true}, {{"package", "mrenclave"}, false}},
       RunHomeSeal},
      {{"home", "unseal"}, "unseal a file sealed with NaCl's sealed box",
       {Value("--input", "FILE", "file to unseal", true),
        Value("--private-key", "FILE", "raw 32-byte X25519 private key", true),
        Value("--output", "FILE", "where to write the plaintext (default: stdout)")},
       {}, RunHomeUnseal},
      {{"home", "spawn"}, "spawn a MSE docker",
       {Value("--package", "FILE", "application package (docker image + code)", true),
        Value("--host", "HOST", "host address the port is published on; also the certificate name when --san is absent", false, "0.0.0.0"),
        Value("--subject", "SUBJECT", "subject of the RA-TLS certificate (RFC 4514)", false, kDefaultSubject),
        ValueNote("--san", "SAN", "subject alternative name of the RA-TLS certificate", "the value of --host"),
        Value("--days", "DAYS", "days before the certificate expires", false, "365"),
        Value("--port", "PORT", "port the app is published on", false, "443"),
        Value("--size", "MB", "enclave size in MB (a power of 2, at least 1024)", true),
        ValueNote("--signer-key", "FILE", "enclave signer key (RSA-3072, e=3)", "~/.config/gramine/enclave-key.pem"),
        ValueNote("--pccs", "URL", "PCCS URL", kPccsNote),
        Value("--timeout", "MINUTES", "give up if the configuration server does not answer within this time", false, "1440"),
        Value("--output", "DIR", "directory for the unpacked package, evidence.json and ratls.unverified.pem", true),
        ValueNote("--dir", "DIR", "simulated platform directory (without SGX)", "$MSE_CONF_PATH/sim"),
        Pos("name", "NAME", "application (container) name")},
       {}, RunHomeSpawn},
      {{"home", "stop"}, "stop and optionally remove a running MSE docker",
       {Pos("name", "NAME", "application name"),
        Flag("--remove", "also remove the container, so it cannot be restarted")},
       {}, RunHomeStop},
      {{"home", "test"}, "test a deployed MSE app",
       {Value("--test", "DIR", "tests directory extracted from the package", true),
        Value("--config", "FILE", "mse.toml extracted from the package", true),
        Pos("name", "NAME", "application name")},
       {}, RunHomeTest},
      {{"home", "localtest"}, "test locally a MSE app in a development context (no attestation)",
       With(ProjectOptions(),
            {Value("--secrets", "FILE", "secrets.json to mount"),
             Value("--sealed-secrets", "FILE", "secrets to seal, mounted in plaintext for the test"),
             Flag("--no-tests", "only start the docker, do not run the tests")}),
       {}, RunHomeLocaltest},
      {{"home", "verify"}, "verify the trustworthiness of a running MSE application and get its RA-TLS certificate",
       With({Value("--evidence", "FILE", "evidence.json from `mse home spawn` or `mse home evidence`", true),
             Value("--package", "FILE", "application package to recompute the measurement from"),
             Value("--mrenclave", "HEX", "expected MRENCLAVE (instead of --package)"),
             Value("--output", "DIR", "directory to write ratls.pem and its verdict record ratls.verdict.json into on success", true)},
            PolicyOptions()),
       {{{"package", "mrenclave"}, true}}, RunHomeVerify},
      {{"home", "sim", "init"}, "create or renew the simulated SGX platform (keys, certificates, collateral)",
       {ValueNote("--dir", "DIR", "platform directory", "$MSE_CONF_PATH/sim"),
        Flag("--renew", "renew collateral that is expired or near expiry")},
       {}, RunHomeSimInit},
      {{"home", "sim", "export-root"}, "print the simulated platform's root certificate (PEM)",
       {ValueNote("--dir", "DIR", "platform directory", "$MSE_CONF_PATH/sim")}, {}, RunHomeSimExportRoot},
      {{"home", "sim", "pccs"}, "serve the simulated platform's collateral as a PCCS v4 on 127.0.0.1",
       {ValueNote("--dir", "DIR", "platform directory", "$MSE_CONF_PATH/sim"),
        Value("--port", "PORT", "port to listen on (127.0.0.1)", false, "8081")},
       {}, RunHomeSimPccs},
  };
}

// Verification options of the cloud commands: the policy of `home verify`
// and the image the measurement is recomputed from.
std::vector<OptionSpec> CloudVerifyOptions() {
  std::vector<OptionSpec> policy = PolicyOptionsWithoutJson();
  for (auto& o : policy) {
    if (o.names == "--allow-simulation") o.help += "; also MSE_ALLOW_SIMULATION=1";
    if (o.names == "--sim-root") {
      o.help = "simulation root certificate to trust";
      o.default_note = "MSE_SIM_ROOT, else the backend's sim_root_url, else $MSE_CONF_PATH/sim/root_ca.pem";
    }
  }
  return With(policy,
              {Value("--image-tar", "FILE",
                     "`docker save` archive of the app's image, to recompute the measurement without the local "
                     "Docker engine")});
}

OptionSpec JsonFlag(std::string what) { return Flag("--json", "print " + std::move(what) + " as JSON on stdout"); }

std::vector<OptionSpec> VerifyArguments() {
  return {Pos("domain_name", "DOMAIN", "domain name of the application, with :PORT when not the default"),
          Value("--fingerprint", "HEX", "expected code fingerprint (MRENCLAVE, 64 hex digits)"),
          Value("--context", "FILE", "context file of the app (with --code) to recompute the fingerprint"),
          Value("--code", "DIR", "plaintext code directory (with --context)"),
          Value("--workspace", "DIR", "directory for ratls.pem (default: the current directory)")};
}

std::vector<CommandSpec> CloudCommands() {
  std::vector<OptionSpec> context_options = {
      Flag("--list", "list the application contexts"), Value("--remove", "UUID", "remove one application context"),
      Flag("--purge", "remove every context"), Value("--export", "UUID", "export one context to ./<uuid>.toml"),
      JsonFlag("the --list")};
  std::vector<OptionSpec> verify_arguments = VerifyArguments();
  verify_arguments[0].arity = Arity::kPositionalOptional;
  verify_arguments[0].required = false;
  verify_arguments[0].help = "with --context: domain name of the application to verify";
  for (size_t i = 1; i < verify_arguments.size(); ++i) {
    if (verify_arguments[i].names != "--fingerprint") context_options.push_back(verify_arguments[i]);
  }
  context_options.push_back(verify_arguments[0]);
  return {
      {{"cloud", "context"}, "manage the context of your deployed applications (or verify one with --context)",
       With(context_options, CloudVerifyOptions()),
       {{{"list", "remove", "purge", "export", "context"}, true}}, RunCloudContext},
      {{"cloud", "deploy"}, "deploy a WSGI web application to MSE",
       With({Value("--path", "FILE", "mse.toml of the app", false, "./mse.toml"),
             Flag("-y", "stop a running app of the same name without asking"),
             Flag("--no-verify", "skip the code fingerprint (MRENCLAVE) check; everything else is still verified"),
             Flag("--untrusted-ssl", "use the operator's TLS certificate (insecure, not for production)"),
             Value("--workspace", "DIR", "directory for the deployment's files (default: a new temporary directory)"),
             Value("--timeout", "MINUTES", "give up a wait for the app after this time", false, "1440")},
            CloudVerifyOptions()),
       {}, RunCloudDeploy},
      {{"cloud", "init"}, "create a new configuration file in the current directory", {}, {}, RunCloudInit},
      {{"cloud", "list"}, "list the deployed MSE applications of a project",
       {Pos("project_name", "PROJECT", "project whose apps are listed (default: all)", Arity::kPositionalOptional),
        Flag("--all", "also show stopped apps"), JsonFlag("the list")},
       {}, RunCloudList},
      {{"cloud", "localtest"}, "test locally the application in the MSE docker",
       {Value("--path", "FILE", "mse.toml of the app", false, "./mse.toml"),
        Flag("--no-tests", "only start the docker, do not run the tests")},
       {}, RunCloudLocaltest},
      {{"cloud", "login"}, "sign up or log in to the MSE cloud backend",
       {Flag("--whoami", "print the user currently logged in"),
        Flag("--with-token", "log in with a token read from standard input (CI)"),
        Value("--timeout", "MINUTES", "give up waiting for the browser after this time", false, "5")},
       {}, RunCloudLogin},
      {{"cloud", "logout"}, "log out the current user", {}, {}, RunCloudLogout},
      {{"cloud", "logs"}, "logs (last 64 kB) of a deployed MSE application",
       {Pos("app_id", "APP_ID", "UUID of the application"),
        Flag("-f,--follow", "keep printing the output until the app stops")},
       {}, RunCloudLogs},
      {{"cloud", "scaffold"}, "create a new boilerplate MSE web application",
       {Pos("app_name", "APP_NAME", "name of the application (and of its new directory)")}, {}, RunCloudScaffold},
      {{"cloud", "status"}, "status of a deployed MSE application",
       {Pos("app_id", "APP_ID", "UUID of the application"), JsonFlag("the status")}, {}, RunCloudStatus},
      {{"cloud", "stop"}, "stop deployed MSE applications",
       {Pos("app_id", "APP_ID", "UUID of the application", Arity::kPositionalMany)}, {}, RunCloudStop},
      {{"cloud", "test"}, "test a deployed MSE app",
       {Pos("app_id", "APP_ID", "UUID of the application (default: the most recent deployment)",
            Arity::kPositionalOptional)},
       {}, RunCloudTest},
      {{"cloud", "verify"}, "verify the trustworthiness of a running MSE web application (no sign-in required)",
       With(With(VerifyArguments(), CloudVerifyOptions()), {JsonFlag("the verdict")}), {}, RunCloudVerify},
  };
}

std::vector<CommandSpec> AttestCommands() {
  return {
      {{"attest", "verify"}, "verify an SGX quote, RA-TLS certificate or evidence.json against a policy",
       With({Pos("file", "FILE", "raw quote, RA-TLS certificate (PEM) or evidence.json"),
             Value("--collateral", "DIR", "collateral directory (root_ca_crl.der, pck_crl.der, tcb_info.json, ...)"),
             Value("--pccs", "URL", "fetch the collateral from this PCCS"),
             Value("--mrenclave", "HEX", "expected MRENCLAVE"),
             Value("--mrsigner", "HEX", "expected MRSIGNER")},
            PolicyOptions()),
       {{{"collateral", "pccs"}, false}}, RunAttestVerify},
      {{"attest", "show"}, "decode a quote, RA-TLS certificate or evidence.json into a readable report",
       {Pos("file", "FILE", "raw quote, RA-TLS certificate (PEM) or evidence.json"),
        Flag("--json", "print the report as JSON")},
       {}, RunAttestShow},
  };
}

}  // namespace

const std::vector<CommandSpec>& CommandTable() {
  static const std::vector<CommandSpec>* table = [] {
    auto* all = new std::vector<CommandSpec>(HomeCommands());
    for (auto& c : CloudCommands()) all->push_back(std::move(c));
    for (auto& c : AttestCommands()) all->push_back(std::move(c));
    return all;
  }();
  return *table;
}

}  // namespace mse::cli
