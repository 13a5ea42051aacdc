#!/usr/bin/env bash
# mse home sim init | export-root | pccs: a platform is created once (keys
# 0600), its root exported as PEM, its collateral served as a PCCS v4 on
# 127.0.0.1, a second init refused, a missing platform reported clearly.
source "$(dirname "$0")/lib.sh"
run 1 "$MSE" home sim export-root
contains "$ERR" "mse home sim init"
run 0 "$MSE" home sim init
[ "$(stat -c %a "$MSE_CONF_PATH/sim/root_ca.key")" = 600 ] || fail "root key is not 0600"
run 1 "$MSE" home sim init
contains "$ERR" "already"
run 0 "$MSE" home sim init --renew
contains "$ERR" "still fresh"
run 0 "$MSE" home sim export-root
contains "$OUT" "-----BEGIN CERTIFICATE-----"
echo "$OUT" | openssl x509 -noout -subject | grep -q "MSE Simulation Root CA" || fail "exported root subject"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$MSE" home sim pccs --port "$port" 2>"$E2E_TMP/pccs.log" &
pccs=$!
trap 'kill $pccs 2>/dev/null || true; rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/sgx/certification/v4/qe/identity" -o "$E2E_TMP/qe.json" && break; sleep 0.1; done
/usr/bin/python3 -c "import json; d=json.load(open('$E2E_TMP/qe.json')); assert d['enclaveIdentity']['id']=='QE'"
headers=$(curl -sf -D - -o /dev/null "http://127.0.0.1:$port/sgx/certification/v4/pckcrl?ca=platform&encoding=der")
contains "$headers" "SGX-PCK-CRL-Issuer-Chain"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/sgx/certification/v4/tcb?fmspc=000000000000")
[ "$code" = 404 ] || fail "unknown FMSPC answered $code"
kill "$pccs"; wait "$pccs" 2>/dev/null || true
echo "ok"
