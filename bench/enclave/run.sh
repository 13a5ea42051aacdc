#!/usr/bin/env bash
# Throughput of mse-enclave serving a Flask app, against the same app under
# Debian's hypercorn (TLS, one worker, Flask wrapped by asgiref's WsgiToAsgi
# as the original runtime does), plus a slow-loris check. Loopback only;
# every run is bounded (wrk -d, slowloris limit). Results: RESULTS.md.
# Usage: bench/enclave/run.sh path/to/mse-enclave [seconds=10] [connections=64]
set -euo pipefail
BIN=${1:?usage: $0 path/to/mse-enclave [seconds] [connections]}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-64}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/mse-enclave-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/app"
cat > "$WORK/app/app.py" <<'PY'
from flask import Flask
app = Flask(__name__)

@app.route("/health")
def health():
    return "OK"
PY
cat > "$WORK/app/asgi_app.py" <<'PY'
from asgiref.wsgi import WsgiToAsgi
from app import app as flask_app
app = WsgiToAsgi(flask_app)
PY

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_https() { for _ in $(seq 100); do curl -sk --max-time 2 -o /dev/null "https://127.0.0.1:$1/health" && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }

# mse-enclave: configuration server, then the app.
PORT_E=$(free_port)
"$BIN" --ratls $(( $(date +%s) + 3600 )) --host 127.0.0.1 --port "$PORT_E" --san 127.0.0.1 \
  --id 2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21 --app-dir "$WORK/app" --attestation none-for-tests \
  --home "$WORK/home" --secrets-path "$WORK/home/s.json" --sealed-secrets-path "$WORK/home/ss.json" \
  --tmp-path "$WORK/tmp" --module-path "$WORK/mse-app" --key-path "$WORK/key" app:app > "$WORK/enclave.log" 2>&1 &
PIDS+=($!)
wait_https "$PORT_E"
curl -sk --max-time 10 -o /dev/null -X POST -d '{"uuid": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21"}' "https://127.0.0.1:$PORT_E/"
[[ "$(curl -sk "https://127.0.0.1:$PORT_E/health")" == OK ]] || { echo "enclave app not ready" >&2; exit 1; }

# hypercorn with a key of the same kind (P-256): the enclave's RA-TLS key is
# sealed in its state, never in a file another server could read.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$WORK/hypercorn.key" -out "$WORK/hypercorn.pem" 2>/dev/null
PORT_H=$(free_port)
(cd "$WORK/app" && exec /usr/bin/python3 -m hypercorn --certfile "$WORK/hypercorn.pem" \
  --keyfile "$WORK/hypercorn.key" --bind "127.0.0.1:$PORT_H" --workers 1 asgi_app:app) \
  > "$WORK/hypercorn.log" 2>&1 &
PIDS+=($!)
wait_https "$PORT_H"

echo "== wrk: mse-enclave (${SECONDS_PER_RUN}s, $CONNECTIONS connections)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "https://127.0.0.1:$PORT_E/health" | sed -n '1,20p'
echo "== wrk: hypercorn 0.13 + WsgiToAsgi, 1 worker (${SECONDS_PER_RUN}s, $CONNECTIONS connections)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "https://127.0.0.1:$PORT_H/health" | sed -n '1,20p'

echo "== slow loris (one header byte per second), limit 20 s"
echo -n "mse-enclave: "; "$HERE/slowloris.py" "$PORT_E" 20 &
LORIS=$!
sleep 2
echo "  (meanwhile a normal request: $(curl -sk --max-time 5 -w ' %{time_total}s' "https://127.0.0.1:$PORT_E/health"))"
wait $LORIS
echo -n "hypercorn:   "; "$HERE/slowloris.py" "$PORT_H" 20
grep -c 'header timeout' "$WORK/enclave.log" | sed 's/^/enclave log lines with "header timeout": /'
