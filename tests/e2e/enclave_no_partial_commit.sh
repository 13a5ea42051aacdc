#!/usr/bin/env bash
# Issue 13, item 1 (no partial commit), SIMULATED attestation, encrypted code:
# a configuration without the code key, then one with a wrong key, are
# refused (400, JSON error) with nothing written; the enclave keeps waiting,
# and a restart still waits with the same certificate; then the provider's
# correct configuration is accepted and survives a restart. No plain key,
# secret or code is left in KEY_PATH, HOME or MODULE_PATH after a stop.
# Usage: MSE=... MSE_ENCLAVE=... bash enclave_no_partial_commit.sh
source "$(dirname "$0")/enclave_lib.sh"
enclave_setup "${MSE_ENCLAVE:-}"
enclave_use_sim
enclave_encrypt_app
enclave_start
URL="https://127.0.0.1:$PORT"
cp "$WORK/key/cert.ratls.pem" "$WORK/cert-before.pem"

nothing_written() {
  [[ -z "$(ls -A "$WORK/mse-app" 2>/dev/null)" ]] || fail "$1: MODULE_PATH holds $(ls -A "$WORK/mse-app")"
  [[ ! -e "$WORK/home/.cache/mse/secrets.json" ]] || fail "$1: secrets.json was written"
}

# No key against encrypted code: refused, named, nothing written, still waiting.
code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST \
  -d "{\"uuid\": \"$UUID\", \"app_secrets\": {\"login\": \"alice\"}}" "$URL/")
[[ "$code" == 400 ]] || fail "no-key POST answered $code: $(cat "$WORK/body")"
grep -q '"error":.*no code key' "$WORK/body" || fail "no-key POST: unexpected body $(cat "$WORK/body")"
nothing_written "no-key POST"
kill -0 "$ENCLAVE_PID" 2>/dev/null || fail "the enclave exited after a refused configuration"
ecurl -D - -o /dev/null "$URL/" | grep -qi '^Mse-Status: Waiting' || fail "not waiting after the no-key POST"

# A wrong key: the first file does not decrypt; nothing is left.
wrong=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST -d "{\"uuid\": \"$UUID\", \"code_secret_key\": \"$wrong\"}" "$URL/")
[[ "$code" == 400 ]] || fail "wrong-key POST answered $code"
grep -q 'does not decrypt' "$WORK/body" || fail "wrong-key POST: $(cat "$WORK/body")"
nothing_written "wrong-key POST"

# A restart is unaffected: still the configuration server, same identity.
enclave_stop
enclave_start
URL="https://127.0.0.1:$PORT"
grep -q 'listening on .* (configuration server)' "$ENCLAVE_LOG" || fail "restart after refusals is not waiting"
cmp -s "$WORK/key/cert.ratls.pem" "$WORK/cert-before.pem" || fail "the identity changed across the restart"

# The correct configuration (key inside TLS, as `mse home run --key` sends it).
key=$(od -An -tx1 < "$WORK/code.key" | tr -d ' \n')
code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST \
  -d "{\"uuid\": \"$UUID\", \"app_secrets\": {\"login\": \"alice\"}, \"code_secret_key\": \"$key\"}" "$URL/")
[[ "$code" == 200 ]] || fail "correct configuration answered $code: $(cat "$WORK/body")"
[[ "$(ecurl "$URL/health")" == OK ]] || fail "/health after configuration"
[[ "$(ecurl "$URL/whoami")" == alice ]] || fail "/whoami after configuration"
code=$(ecurl -o /dev/null -w '%{http_code}' -X POST -d "{\"uuid\": \"$UUID\"}" "$URL/")
[[ "$code" != 200 ]] || fail "a second configuration was accepted"

# At rest: only the sealed state and public copies in KEY_PATH.
enclave_stop
ls "$WORK/key" | sort | tr '\n' ' ' | grep -qx 'cert.ratls.pem enclave.pub state.sealed ' ||
  fail "KEY_PATH holds $(ls "$WORK/key")"
grep -qa -e 'PRIVATE KEY' -e "$key" "$WORK/key/state.sealed" && fail "the sealed state is readable"
nothing_written "after stop"

# Restart: the app again, code decrypted again from the app dir with the sealed key.
enclave_start
URL="https://127.0.0.1:$PORT"
grep -q 'listening on .* (application)' "$ENCLAVE_LOG" || fail "restart did not go straight to the app"
for _ in $(seq 100); do [[ "$(ecurl "$URL/health" 2>/dev/null)" == OK ]] && break; sleep 0.1; done
[[ "$(curl -sS --max-time 5 --cacert "$WORK/cert-before.pem" "$URL/whoami")" == alice ]] ||
  fail "/whoami after restart with the original certificate"
enclave_stop
echo PASS
