#!/usr/bin/env bash
# mse-enclave TLS modes: the configuration server always presents the RA-TLS
# certificate (Q-55); afterwards --no-ssl serves the app over plain HTTP and
# --certificate serves it with the owner's chain and the posted private key.
source "$(dirname "$0")/enclave_lib.sh"
enclave_setup "$@"

# --no-ssl
ENCLAVE_TLS=(--no-ssl)
enclave_start
ecurl -D - -o /dev/null "https://127.0.0.1:$PORT/" | grep -qi '^Mse-Status: Waiting' || fail "no-ssl: waiting over RA-TLS"
code=$(ecurl -o /dev/null -w '%{http_code}' -X POST -d "{\"uuid\": \"$UUID\"}" "https://127.0.0.1:$PORT/")
[[ "$code" == 200 ]] || fail "no-ssl: configuration answered $code"
[[ "$(curl -sS --max-time 5 "http://127.0.0.1:$PORT/health")" == OK ]] || fail "no-ssl: plain HTTP /health"
enclave_stop
rm -rf "$WORK/mse-app" "$WORK/key" "$WORK/home"

# --certificate (owner mode)
mkdir -p "$WORK/owner"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=owner.test" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/owner/key.pem" -out "$WORK/owner/fullchain.pem" \
  2>/dev/null || fail "openssl req"
ENCLAVE_TLS=(--certificate "$WORK/owner/fullchain.pem")
enclave_start
URL="https://127.0.0.1:$PORT"
ecurl -D - -o /dev/null "$URL/" | grep -qi '^Mse-Status: Waiting' || fail "owner: waiting over RA-TLS"
code=$(ecurl -o "$WORK/body" -w '%{http_code}' -X POST -d "{\"uuid\": \"$UUID\"}" "$URL/")
[[ "$code" == 400 ]] || fail "owner: POST without ssl_private_key answered $code"
grep -q ssl_private_key "$WORK/body" || fail "owner: error does not name ssl_private_key"
/usr/bin/python3 - "$UUID" "$WORK/owner/key.pem" > "$WORK/post.json" <<'PY'
import json, sys
print(json.dumps({"uuid": sys.argv[1], "ssl_private_key": open(sys.argv[2]).read()}))
PY
code=$(ecurl -o /dev/null -w '%{http_code}' -X POST --data-binary @"$WORK/post.json" "$URL/")
[[ "$code" == 200 ]] || fail "owner: configuration answered $code"
[[ "$(curl -sS --max-time 5 --cacert "$WORK/owner/fullchain.pem" "$URL/health")" == OK ]] || fail "owner: /health with the owner chain"
# The owner key is kept in the sealed state only (docs/sealed-state.md), never as a plain file.
[[ ! -e "$WORK/key/key.pem" ]] || fail "owner: the owner key was written to a plain KEY_PATH/key.pem"
grep -q "BEGIN PRIVATE KEY" "$WORK/key/state.sealed" && fail "owner: the sealed state holds a readable key"
ecurl -o /dev/null "$URL/health" 2>/dev/null && fail "owner: the app still presents the RA-TLS certificate"
enclave_stop
echo PASS
