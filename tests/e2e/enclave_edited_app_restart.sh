#!/usr/bin/env bash
# Issue 13, item 4 (state sealed at rest), SIMULATED attestation: the
# operator cannot make a configured enclave serve other code under its
# attested identity.
#  1. Editing the app dir (the package's code) and restarting: the
#     measurement changes, the sealed state does not open, the enclave stops
#     with an error; nothing is served. Undoing the edit restores the enclave.
#  2. Editing the decrypted code (MODULE_PATH) left by a killed enclave and
#     restarting: the code is installed again from the measured app dir, the
#     edit is never served.
#  3. Editing the app dir while the enclave waits for its configuration: the
#     configuration is refused (the file changed since it was measured).
# Usage: MSE=... MSE_ENCLAVE=... bash enclave_edited_app_restart.sh
source "$(dirname "$0")/enclave_lib.sh"
enclave_setup "${MSE_ENCLAVE:-}"
enclave_use_sim
cat >> "$WORK/app/app.py" <<'PY'

@app.route("/version")
def version():
    return "original"
PY
enclave_start
URL="https://127.0.0.1:$PORT"
code=$(ecurl -o /dev/null -w '%{http_code}' -X POST -d "{\"uuid\": \"$UUID\", \"app_secrets\": {\"login\": \"alice\"}}" "$URL/")
[[ "$code" == 200 ]] || fail "configuration answered $code"
[[ "$(ecurl "$URL/version")" == original ]] || fail "/version before the edit"
cp "$WORK/key/cert.ratls.pem" "$WORK/attested.pem"
enclave_stop

# 1. stop -> edit the app dir -> restart: refused, with the reason.
cp "$WORK/app/app.py" "$WORK/app.py.orig"
sed -i 's/return "original"/return "edited by the operator"/' "$WORK/app/app.py"
ENCLAVE_STARTS=$(( ${ENCLAVE_STARTS:-0} + 1 ))
ENCLAVE_LOG="$WORK/enclave.$ENCLAVE_STARTS.log"
"$ENCLAVE_BIN" --ratls "$(( $(date +%s) + 3600 ))" --host 127.0.0.1 --port 0 --san 127.0.0.1 --id "$UUID" \
  --app-dir "$WORK/app" "${ENCLAVE_ATTESTATION[@]}" --home "$WORK/home" \
  --secrets-path "$WORK/home/.cache/mse/secrets.json" --sealed-secrets-path "$WORK/home/.cache/mse/sealed_secrets.json" \
  --tmp-path "$WORK/tmp" --module-path "$WORK/mse-app" --key-path "$WORK/key" app:app > "$ENCLAVE_LOG" 2>&1 &
pid=$!
rc=0
timeout 60 tail --pid=$pid -f /dev/null || fail "the enclave kept running with edited code"
wait $pid || rc=$?
[[ $rc -eq 1 ]] || fail "restart with edited code exited $rc, expected 1"
grep -q "does not open with this enclave's sealing key" "$ENCLAVE_LOG" || fail "no reason given: $(cat "$ENCLAVE_LOG")"
grep -q "listening on" "$ENCLAVE_LOG" && fail "the enclave listened with edited code"
cmp -s "$WORK/key/cert.ratls.pem" "$WORK/attested.pem" || fail "the refused start touched the certificate"

# Undoing the edit: the same enclave, same identity, serving the original code.
cp "$WORK/app.py.orig" "$WORK/app/app.py"
enclave_start
URL="https://127.0.0.1:$PORT"
for _ in $(seq 100); do [[ "$(ecurl "$URL/version" 2>/dev/null)" == original ]] && break; sleep 0.1; done
[[ "$(curl -sS --max-time 5 --cacert "$WORK/attested.pem" "$URL/version")" == original ]] || fail "restored enclave"

# 2. kill -9 (no cleanup) -> edit MODULE_PATH -> restart: the edit is not served.
kill -KILL "$ENCLAVE_PID"; wait "$ENCLAVE_PID" 2>/dev/null || true; ENCLAVE_PID=
[[ -f "$WORK/mse-app/app.py" ]] || fail "expected the killed enclave's MODULE_PATH"
sed -i 's/return "original"/return "edited in MODULE_PATH"/' "$WORK/mse-app/app.py"
enclave_start
URL="https://127.0.0.1:$PORT"
for _ in $(seq 100); do out=$(ecurl "$URL/version" 2>/dev/null || true); [[ -n "$out" && "$out" != starting ]] && break; sleep 0.1; done
[[ "$out" == original ]] || fail "restart served '$out' instead of the measured code"
grep -q "edited in MODULE_PATH" "$WORK/mse-app/app.py" && fail "MODULE_PATH was not rebuilt"
enclave_stop

# 3. A fresh enclave whose app dir changes while it waits: the POST is refused.
rm -rf "$WORK/key" "$WORK/mse-app" "$WORK/home"
enclave_start
URL="https://127.0.0.1:$PORT"
echo "# changed after the measurement" >> "$WORK/app/app.py"
code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST -d "{\"uuid\": \"$UUID\"}" "$URL/")
[[ "$code" == 500 ]] || fail "a configuration over changed code answered $code"
grep -q "changed since the enclave measured it" "$WORK/body" || fail "no reason: $(cat "$WORK/body")"
[[ -z "$(ls -A "$WORK/mse-app" 2>/dev/null)" ]] || fail "changed code was installed"
enclave_stop
echo PASS
