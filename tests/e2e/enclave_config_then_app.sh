#!/usr/bin/env bash
# mse-enclave end to end: the configuration server answers "waiting" over
# RA-TLS, rejects a wrong UUID without writing anything, accepts the
# configuration, then serves the Flask app on the same port; a restart
# serves the app directly with the same certificate (Q-45).
source "$(dirname "$0")/enclave_lib.sh"
enclave_setup "$@"
enclave_start
URL="https://127.0.0.1:$PORT"

headers=$(ecurl -D - -o "$WORK/body" "$URL/health")
grep -qi '^Mse-Status: Waiting' <<<"$headers" || fail "no Mse-Status header: $headers"
[[ "$(cat "$WORK/body")" == "Waiting for code secret key and/or ssl private key..." ]] || fail "waiting body"

code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST \
  -d '{"uuid": "00000000-0000-0000-0000-000000000000", "app_secrets": {"login": "mallory"}}' "$URL/")
[[ "$code" == 401 ]] || fail "wrong uuid answered $code"
grep -q '"error"' "$WORK/body" || fail "no JSON error body"
[[ ! -e "$WORK/home/.cache/mse/secrets.json" && ! -e "$WORK/mse-app" ]] || fail "files written after a rejected POST"

code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST -d '{"uuid": "' \
  "$URL/")
[[ "$code" == 400 ]] || fail "malformed JSON answered $code"

code=$(ecurl -o /dev/null -w '%{http_code}' -X POST \
  -d "{\"uuid\": \"${UUID^^}\", \"app_secrets\": {\"login\": \"alice\"}}" "$URL/")
[[ "$code" == 200 ]] || fail "configuration answered $code"

[[ "$(ecurl "$URL/health")" == OK ]] || fail "/health after configuration"
[[ "$(ecurl "$URL/whoami")" == alice ]] || fail "/whoami does not read SECRETS_PATH"
headers=$(ecurl -D - -o /dev/null "$URL/health")
grep -qi '^Mse-Status' <<<"$headers" && fail "app still reports Mse-Status"
[[ "$(stat -c %a "$WORK/home/.cache/mse/secrets.json")" == 600 ]] || fail "secrets.json not 0600"
grep -q '"GET /health" 200 2 ' "$ENCLAVE_LOG" || fail "no access log line for /health"

cert_before=$(sha256sum < "$WORK/key/cert.ratls.pem")
cp "$WORK/key/cert.ratls.pem" "$WORK/old-cert.pem"
enclave_stop

enclave_start
URL="https://127.0.0.1:$PORT"
grep -q 'listening on .* (application)' "$ENCLAVE_LOG" || fail "restart went through the configuration server"
for _ in $(seq 300); do
  out=$(curl -sS --max-time 5 --cacert "$WORK/old-cert.pem" "$URL/health" || true)
  [[ "$out" == OK ]] && break
  sleep 0.1
done
[[ "$out" == OK ]] || fail "/health after restart: $out"
[[ "$(sha256sum < "$WORK/key/cert.ratls.pem")" == "$cert_before" ]] || fail "certificate changed on restart"
served=$(openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null | openssl x509 -outform der | sha256sum)
[[ "$served" == "$(openssl x509 -in "$WORK/old-cert.pem" -outform der | sha256sum)" ]] || fail "served certificate differs"
enclave_stop
echo PASS
