# Shared helpers of the tests/e2e/enclave_*.sh scripts (sourced).
# Usage in a script: source enclave_lib.sh; enclave_setup "$1"
set -euo pipefail

fail() { echo "FAIL: $*" >&2; [[ -n "${ENCLAVE_LOG:-}" && -f "$ENCLAVE_LOG" ]] && sed 's/^/  enclave| /' "$ENCLAVE_LOG" >&2; exit 1; }

# $1 (or $MSE_ENCLAVE): path of the mse-enclave binary. Creates $WORK with a plaintext Flask app.
enclave_setup() {
  ENCLAVE_BIN=${1:-${MSE_ENCLAVE:?usage: $0 path/to/mse-enclave (or set MSE_ENCLAVE)}}
  [[ -x "$ENCLAVE_BIN" ]] || fail "not executable: $ENCLAVE_BIN"
  WORK=$(mktemp -d /tmp/mse-enclave-e2e.XXXXXX)
  ENCLAVE_PID=
  trap enclave_cleanup EXIT
  mkdir -p "$WORK/app"
  cat > "$WORK/app/app.py" <<'PY'
import json
import os
from pathlib import Path
from flask import Flask

app = Flask(__name__)

@app.route("/health")
def health():
    return "OK"

@app.route("/whoami")
def whoami():
    return json.loads(Path(os.getenv("SECRETS_PATH")).read_text())["login"]
PY
  UUID=2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21
}

enclave_cleanup() {
  if [[ -n "${ENCLAVE_PID:-}" ]] && kill -0 "$ENCLAVE_PID" 2>/dev/null; then
    kill "$ENCLAVE_PID" 2>/dev/null || true
    wait "$ENCLAVE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}

# Starts the enclave on 127.0.0.1, port 0; sets ENCLAVE_PID and PORT. Extra
# arguments go before the application; the TLS mode comes from the array
# ENCLAVE_TLS (default: --ratls in one hour).
enclave_start() {
  # A new log per start: a reused one could still hold the previous port.
  ENCLAVE_STARTS=$(( ${ENCLAVE_STARTS:-0} + 1 ))
  ENCLAVE_LOG="$WORK/enclave.$ENCLAVE_STARTS.log"
  if [[ -z "${ENCLAVE_TLS+set}" ]]; then ENCLAVE_TLS=(--ratls "$(( $(date +%s) + 3600 ))"); fi
  if [[ -z "${ENCLAVE_ATTESTATION+set}" ]]; then ENCLAVE_ATTESTATION=(--attestation none-for-tests); fi
  "$ENCLAVE_BIN" "${ENCLAVE_TLS[@]}" --host 127.0.0.1 --port 0 \
    --san 127.0.0.1 --id "$UUID" --app-dir "$WORK/app" "${ENCLAVE_ATTESTATION[@]}" \
    --home "$WORK/home" --secrets-path "$WORK/home/.cache/mse/secrets.json" \
    --sealed-secrets-path "$WORK/home/.cache/mse/sealed_secrets.json" \
    --tmp-path "$WORK/tmp" --module-path "$WORK/mse-app" --key-path "$WORK/key" \
    "$@" app:app > "$ENCLAVE_LOG" 2>&1 &
  ENCLAVE_PID=$!
  PORT=
  for _ in $(seq 300); do
    PORT=$(sed -n 's/^mse-enclave: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$ENCLAVE_LOG" | head -1)
    [[ -n "$PORT" ]] && return 0
    kill -0 "$ENCLAVE_PID" 2>/dev/null || fail "mse-enclave exited during startup"
    sleep 0.1
  done
  fail "mse-enclave did not report its port"
}

# Switches enclave_start to SIMULATED attestation: a simulated platform made
# by `$MSE home sim init` (MSE must point to the mse binary), a signer key and
# a trusted tree whose only trusted file is the runtime. The seal key of the
# state then comes from that platform and the measurement (docs/sealed-state.md).
enclave_use_sim() {
  : "${MSE:?MSE must point to the mse binary (for home sim init)}"
  export MSE_CONF_PATH="$WORK/conf"
  "$MSE" home sim init > "$WORK/sim-init.log" 2>&1 || { cat "$WORK/sim-init.log" >&2; fail "mse home sim init"; }
  openssl genrsa -3 -out "$WORK/signer.pem" 3072 2>/dev/null || fail "openssl genrsa"
  mkdir -p "$WORK/root/etc/mse" "$WORK/root/opt"
  cp "$ENCLAVE_BIN" "$WORK/root/opt/runtime"
  echo /opt/runtime > "$WORK/root/etc/mse/trusted-paths"
  ENCLAVE_ATTESTATION=(--attestation sim --sim-dir "$MSE_CONF_PATH/sim" --trusted-root "$WORK/root"
                       --signer-key "$WORK/signer.pem" --enclave-size 4096)
}

# Encrypts every file of $WORK/app in place into *.enc (formats.md §9) with
# the 32-byte key $WORK/code.key (created), as the provider's package does.
enclave_encrypt_app() {
  head -c 32 /dev/urandom > "$WORK/code.key"
  /usr/bin/python3 - "$WORK/app" "$WORK/code.key" <<'PY'
import os, sys
from nacl.secret import SecretBox
box = SecretBox(open(sys.argv[2], "rb").read())
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(root, name)
        data = open(path, "rb").read()
        open(path + ".enc", "wb").write(box.encrypt(data))
        os.remove(path)
PY
}

# Stops the enclave with SIGTERM and checks it exits 0.
enclave_stop() {
  kill -TERM "$ENCLAVE_PID"
  local rc=0
  wait "$ENCLAVE_PID" || rc=$?
  ENCLAVE_PID=
  [[ $rc -eq 0 ]] || fail "mse-enclave exited with $rc after SIGTERM"
}

# curl against the enclave, trusting only its RA-TLS certificate.
ecurl() { curl -sS --max-time 10 --cacert "$WORK/key/cert.ratls.pem" "$@"; }
