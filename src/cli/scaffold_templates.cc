#include "cli/scaffold_templates.h"

namespace mse::cli {
namespace {

constexpr std::string_view kMseToml = R"(name = "{{NAME}}"
python_application = "app:app"
healthcheck_endpoint = "/health"
tests_cmd = "pytest"
tests_requirements = [ "pytest", "requests",]
provider_public_key = "{{PROVIDER_KEY}}"
)";

constexpr std::string_view kAppPy = R"PY("""An MSE application: a plain Flask app, unmodified for the enclave."""

import json
import os
from pathlib import Path

from cryptography.fernet import Fernet
from flask import Flask, Response

app = Flask(__name__)


def _read_json(variable: str):
    """Read the JSON file whose path the enclave puts in `variable`."""
    path = os.getenv(variable)
    if path is None or not Path(path).exists():
        return None
    return json.loads(Path(path).read_text())


@app.get("/health")
def health_check():
    """Health check of the application."""
    return Response(response="OK", status=200)


@app.route("/")
def hello():
    """A public route."""
    return "Hello world"


@app.route("/secret")
def secret():
    """A route using secrets.json, sent to the enclave in clear over RA-TLS."""
    secrets = _read_json("SECRETS_PATH")
    if secrets is None:
        return Response(response="no secrets.json was sent", status=404)
    return secrets["login"]


@app.route("/result")
def result():
    """A route using the sealed secrets: the result is encrypted with a key
    only the code provider holds (key.txt), so the operator cannot read it."""
    sealed = _read_json("SEALED_SECRETS_PATH")
    if sealed is None or "result_sk" not in sealed:
        return Response(response="no sealed secrets were sent", status=404)
    token = Fernet(sealed["result_sk"].encode()).encrypt(b"secret message from the enclave")
    return Response(response=token, status=200, mimetype="application/octet-stream")
)PY";

constexpr std::string_view kMseIgnore = R"(# Files never sent to the enclave: basename globs, a trailing / for directories.
mse.toml
secrets.json
secrets_to_seal.json
.mseignore
__pycache__/
__pycache__
*.py[cod]
.git*
.vscode/
.idea/
*.egg-info/
*.egg
.venv
.env
)";

constexpr std::string_view kConftest = R"PY("""Fixtures shared by the tests: where the app is and how to trust it."""

import json
import os
import ssl
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from requests.adapters import HTTPAdapter


class PinnedCertificateAdapter(HTTPAdapter):
    """Trusts exactly one certificate (the enclave's RA-TLS certificate),
    whatever host name the app is reached by: the certificate itself is the
    trust anchor, as attestation pins it."""

    def __init__(self, certificate, **kwargs):
        self._context = ssl.create_default_context(cafile=certificate)
        self._context.check_hostname = False
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = self._context
        kwargs["assert_hostname"] = False  # urllib3 checks the name on its own too
        super().init_poolmanager(*args, **kwargs)


@pytest.fixture(scope="session")
def url() -> str:
    """Base URL of the app under test (mse home test sets TEST_REMOTE_URL)."""
    return os.getenv("TEST_REMOTE_URL", "http://localhost:5000").rstrip("/")


@pytest.fixture(scope="session")
def certificate(url):
    """The RA-TLS certificate to pin: TEST_RATLS_CERT (the ratls.pem written by
    a successful `mse home verify`), else the one the server presents."""
    if not url.startswith("https://"):
        return None
    pinned = os.getenv("TEST_RATLS_CERT")
    if pinned:
        return pinned
    parsed = urlparse(url)
    pem = ssl.get_server_certificate((parsed.hostname, parsed.port or 443))
    path = Path(tempfile.mkdtemp()) / "ratls.pem"
    path.write_text(pem)
    return str(path)


@pytest.fixture(scope="session")
def session(url, certificate):
    """A requests session that trusts only the pinned certificate over HTTPS."""
    s = requests.Session()
    if certificate:
        s.mount("https://", PinnedCertificateAdapter(certificate))
    return s


@pytest.fixture(scope="session")
def secret_json():
    """The secrets.json sent to the app (TEST_SECRET_JSON, an absolute path)."""
    path = os.getenv("TEST_SECRET_JSON")
    return json.loads(Path(path).read_text()) if path else None


@pytest.fixture(scope="session")
def sealed_secret_json():
    """The plaintext of the sealed secrets (TEST_SEALED_SECRET_JSON)."""
    path = os.getenv("TEST_SEALED_SECRET_JSON")
    return json.loads(Path(path).read_text()) if path else None
)PY";

constexpr std::string_view kTestApp = R"PY("""Tests of the app, run locally (localtest) and against the enclave (test)."""

import pytest
from cryptography.fernet import Fernet


def test_health(url, session):
    response = session.get(url + "/health", timeout=30)
    assert response.status_code == 200
    assert response.text == "OK"


def test_hello(url, session):
    response = session.get(url + "/", timeout=30)
    assert response.status_code == 200
    assert response.text == "Hello world"


def test_secret(url, session, secret_json):
    if secret_json is None:
        pytest.skip("TEST_SECRET_JSON is not set")
    response = session.get(url + "/secret", timeout=30)
    assert response.status_code == 200
    assert response.text == secret_json["login"]


def test_result(url, session, sealed_secret_json):
    if sealed_secret_json is None:
        pytest.skip("TEST_SEALED_SECRET_JSON is not set")
    response = session.get(url + "/result", timeout=30)
    assert response.status_code == 200
    plain = Fernet(sealed_secret_json["result_sk"].encode()).decrypt(response.content)
    assert plain == b"secret message from the enclave"
)PY";

constexpr std::string_view kSecrets = R"({
    "login": "username",
    "password": "azerty"
}
)";

constexpr std::string_view kSecretsToSeal = R"({
    "result_sk": "{{RESULT_KEY}}"
}
)";

constexpr std::string_view kDockerfile = R"(# The image the enclave runs: mse's base image (Debian bookworm, python3,
# Flask, cryptography and the mse-enclave runtime), built locally by
# scripts/build-base-image.sh. Add the Debian packages your app needs with
#   RUN apt-get install -y --no-install-recommends python3-<package>
FROM {{BASE_IMAGE}}
)";

constexpr std::string_view kKeyTxt = "{{RESULT_KEY}}\n";

constexpr std::string_view kReadme = R"(# {{NAME}}: an MSE application

- `mse_src/`: the code, encrypted before it leaves your machine (`.mseignore` lists what is never sent;
  every `requirements.txt` stays in clear).
- `tests/`: pytest tests run by `mse home localtest` and, against the enclave, `mse home test`.
- `secrets.json`: secrets sent to the enclave over RA-TLS (the operator can read them).
- `secrets_to_seal.json`: secrets sealed to the enclave's key with `mse home seal` (the operator cannot
  read them). Its `result_sk` is a Fernet key; the same key is in `key.txt`, kept by you, the code
  provider, to decrypt results (`mse home decrypt --key key.txt result.enc`).
- `Dockerfile`: the image the enclave runs.
- `mse.toml`: the app's configuration.

Flow: `mse home localtest --project {{NAME}}`, then `mse home package --project {{NAME}} --output DIR`,
and see the README of mse for the operator's side.
)";

constexpr std::string_view kCloudReadme = R"(# {{NAME}}: an MSE cloud application

- `mse_src/`: the code, encrypted on your machine before it is uploaded (`.mseignore` lists what is never
  sent; every `requirements.txt` stays in clear). Only the enclave gets the key.
- `tests/`: pytest tests, run by `mse cloud localtest` (locally, no SGX) and `mse cloud test` (against the
  deployed enclave, pinned to its verified RA-TLS certificate).
- `secrets.json`: secrets sent to the enclave over verified RA-TLS at deployment (`[cloud].secrets`
  in mse.toml); the backend never sees them.
- `mse.toml`: the app's configuration; `[cloud]` names the project, the hardware and the approved image.

Flow: `mse cloud localtest --path {{NAME}}/mse.toml`, then `mse cloud deploy --path {{NAME}}/mse.toml`,
`mse cloud test`, `mse cloud stop <uuid>`.
)";

}  // namespace

std::string SubstituteTemplate(std::string_view text, const std::vector<std::pair<std::string, std::string>>& vars) {
  std::string out(text);
  for (const auto& [key, to] : vars) {
    const std::string from = "{{" + key + "}}";
    for (size_t pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size())) {
      out.replace(pos, from.size(), to);
    }
  }
  return out;
}

const std::vector<TemplateFile>& CloudScaffoldFiles() {
  static const std::vector<TemplateFile> files = {
      {"mse_src/app.py", kAppPy, FileMode::kNormal},
      {"mse_src/.mseignore", kMseIgnore, FileMode::kNormal},
      {"tests/conftest.py", kConftest, FileMode::kNormal},
      {"tests/test_app.py", kTestApp, FileMode::kNormal},
      {"secrets.json", kSecrets, FileMode::kSecret},
      {"README.md", kCloudReadme, FileMode::kNormal},
  };
  return files;
}

const std::vector<TemplateFile>& HomeScaffoldFiles() {
  static const std::vector<TemplateFile> files = {
      {"mse.toml", kMseToml, FileMode::kNormal},
      {"mse_src/app.py", kAppPy, FileMode::kNormal},
      {"mse_src/.mseignore", kMseIgnore, FileMode::kNormal},
      {"tests/conftest.py", kConftest, FileMode::kNormal},
      {"tests/test_app.py", kTestApp, FileMode::kNormal},
      {"secrets.json", kSecrets, FileMode::kSecret},
      {"secrets_to_seal.json", kSecretsToSeal, FileMode::kSecret},
      {"key.txt", kKeyTxt, FileMode::kSecret},
      {"Dockerfile", kDockerfile, FileMode::kNormal},
      {"README.md", kReadme, FileMode::kNormal},
  };
  return files;
}

}  // namespace mse::cli
