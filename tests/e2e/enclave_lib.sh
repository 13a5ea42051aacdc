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
  "$ENCLAVE_BIN" "${ENCLAVE_TLS[@]}" --host 127.0.0.1 --port 0 \
    --san 127.0.0.1 --id "$UUID" --app-dir "$WORK/app" --attestation none-for-tests \
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
