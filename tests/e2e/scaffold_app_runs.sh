#!/usr/bin/env bash
# `mse home scaffold` makes a project whose Flask app runs and whose tests
# pass against it (plain HTTP on 127.0.0.1, as localtest does), and a second
# scaffold into the same directory fails without touching it.
source "$(dirname "$0")/lib.sh"
cd "$E2E_TMP"
run 0 "$MSE" home scaffold example
contains "$ERR" "example"
run 1 "$MSE" home scaffold example
contains "$ERR" "already exists"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SECRETS_PATH="$PWD/example/secrets.json" SEALED_SECRETS_PATH="$PWD/example/secrets_to_seal.json" \
  /usr/bin/python3 -c "
import sys; sys.path.insert(0, 'example/mse_src')
from app import app
app.run(host='127.0.0.1', port=$port)" >"$E2E_TMP/app.log" 2>&1 &
app_pid=$!
trap 'kill $app_pid 2>/dev/null || true; rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
TEST_REMOTE_URL="http://127.0.0.1:$port" TEST_SECRET_JSON="$PWD/example/secrets.json" \
  TEST_SEALED_SECRET_JSON="$PWD/example/secrets_to_seal.json" \
  run 0 /usr/bin/python3 -m pytest -q -p no:cacheprovider example/tests
contains "$OUT" "4 passed"
echo "ok"
