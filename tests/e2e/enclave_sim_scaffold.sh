#!/usr/bin/env bash
# mse-enclave on the host with SIMULATED attestation and the encrypted
# scaffold app: waiting state over RA-TLS, a wrong uuid refused with nothing
# written, the right configuration (secrets, sealed secrets with the code
# key) accepted, the app's routes reading SECRETS_PATH and
# SEALED_SECRETS_PATH, Python requests with verify=ratls.pem, the quote
# verifying with the simulation root, and a restart that keeps the
# certificate and serves the app without reconfiguration.
source "$(dirname "$0")/lib.sh"
: "${MSE_ENCLAVE:?MSE_ENCLAVE must point to the mse-enclave binary}"
W=$E2E_TMP
cd "$W"
run 0 "$MSE" home sim init
openssl genrsa -3 -out signer.pem 3072 2>/dev/null
mkdir -p root/etc/mse root/opt && cp "$MSE_ENCLAVE" root/opt/runtime
echo /opt/runtime > root/etc/mse/trusted-paths
run 0 "$MSE" home scaffold example
mkdir app
head -c 32 /dev/urandom > code.key
/usr/bin/python3 - <<'PY'
from nacl.secret import SecretBox
box = SecretBox(open("code.key", "rb").read())
open("app/app.py.enc", "wb").write(box.encrypt(open("example/mse_src/app.py", "rb").read()))
PY
UUID=2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21
ENCLAVE_PID=""
STARTS=0
trap '{ [ -n "$ENCLAVE_PID" ] && kill $ENCLAVE_PID 2>/dev/null; } || true; rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
# Each start logs to its own file: reusing one would let the port of the
# previous run be read before the new process truncates the file.
# The spawn arguments are measured: a restart uses the same ones (as a
# container does), else the sealed state of the first start would not open.
EXPIRATION=$(( $(date +%s) + 3600 ))
start_enclave() {
  STARTS=$((STARTS + 1))
  LOG="$W/enclave.$STARTS.log"
  "$MSE_ENCLAVE" --ratls "$EXPIRATION" --host 127.0.0.1 --port 0 --san 127.0.0.1 --id "$UUID" \
    --app-dir "$W/app" --attestation sim --sim-dir "$MSE_CONF_PATH/sim" --trusted-root "$W/root" \
    --signer-key "$W/signer.pem" --enclave-size 4096 --home "$W/home" \
    --secrets-path "$W/home/.cache/mse/secrets.json" --sealed-secrets-path "$W/home/.cache/mse/sealed_secrets.json" \
    --tmp-path "$W/tmp" --module-path "$W/mse-app" --key-path "$W/key" app:app > "$LOG" 2>&1 &
  ENCLAVE_PID=$!
  PORT=""
  for _ in $(seq 300); do
    PORT=$(sed -n 's/^mse-enclave: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
    [ -n "$PORT" ] && return 0
    kill -0 "$ENCLAVE_PID" 2>/dev/null || { cat "$LOG"; fail "mse-enclave exited"; }
    sleep 0.1
  done
  fail "mse-enclave did not start"
}
start_enclave
URL=https://127.0.0.1:$PORT
openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null | openssl x509 > ratls.pem
headers=$(curl -sS --cacert ratls.pem -D - -o /dev/null "$URL/")
contains "$headers" "Mse-Status: Waiting"

# The served certificate carries a simulated quote that verifies only with the sim root.
run 1 "$MSE" attest verify ratls.pem --collateral "$MSE_CONF_PATH/sim/collateral"
contains "$OUT$ERR" "--allow-simulation"
run 0 "$MSE" attest verify ratls.pem --collateral "$MSE_CONF_PATH/sim/collateral" --allow-simulation
contains "$OUT" "SIMULATED"

code=$(curl -sS --cacert ratls.pem -o body -w '%{http_code}' -X POST \
  -d '{"uuid": "00000000-0000-0000-0000-000000000000", "app_secrets": {"login": "mallory"}}' "$URL/")
[ "$code" = 401 ] || fail "wrong uuid answered $code"
[ ! -e home/.cache/mse/secrets.json ] && [ -z "$(ls -A mse-app 2>/dev/null)" ] || fail "files written after a refused POST"

# seal refuses a certificate no `home verify` vouches for; this test checked
# it with `attest verify` above, so it seals with --unverified.
run 1 "$MSE" home seal --input example/secrets_to_seal.json --cert ratls.pem --code-key code.key --output sealed.bin
contains "$ERR" "was not verified: no verdict record"
[ ! -e sealed.bin ] || fail "seal wrote a file for an unverified certificate"
run 0 "$MSE" home seal --input example/secrets_to_seal.json --cert ratls.pem --code-key code.key --output sealed.bin --app-id "$UUID" \
  --unverified
contains "$ERR" "--unverified"
/usr/bin/python3 - "$UUID" <<'PY' > payload.json
import base64, json, sys
sealed = base64.urlsafe_b64encode(open("sealed.bin", "rb").read()).rstrip(b"=").decode()
secrets = json.load(open("example/secrets.json"))
print(json.dumps({"uuid": sys.argv[1], "app_secrets": secrets, "app_sealed_secrets": sealed}))
PY
code=$(curl -sS --cacert ratls.pem -o body -w '%{http_code}' -X POST --data @payload.json "$URL/")
[ "$code" = 200 ] || { cat body; fail "configuration answered $code"; }
for _ in $(seq 300); do [ "$(curl -s --cacert ratls.pem "$URL/health")" = OK ] && break; sleep 0.1; done
[ "$(curl -sS --cacert ratls.pem "$URL/health")" = OK ] || fail "/health"
[ "$(curl -sS --cacert ratls.pem "$URL/secret")" = username ] || fail "/secret does not read SECRETS_PATH"
curl -sS --cacert ratls.pem "$URL/result" > result.enc
run 0 "$MSE" home decrypt --key example/key.txt result.enc
[ "$OUT" = "secret message from the enclave" ] || fail "/result: '$OUT'"
/usr/bin/python3 -c "
import requests, sys
r = requests.get('$URL/secret', verify='ratls.pem', timeout=10)
assert r.status_code == 200 and r.text == 'username', (r.status_code, r.text)"

# Restart: same certificate, the app at once (no configuration server).
kill "$ENCLAVE_PID"; wait "$ENCLAVE_PID" 2>/dev/null || true
start_enclave
URL=https://127.0.0.1:$PORT
for _ in $(seq 300); do [ "$(curl -s --cacert ratls.pem "$URL/health")" = OK ] && break; sleep 0.1; done
[ "$(curl -sS --cacert ratls.pem "$URL/health")" = OK ] || fail "/health after restart with the old certificate"
[ "$(curl -sS --cacert ratls.pem "$URL/secret")" = username ] || fail "secrets lost across restart"
echo "ok"
