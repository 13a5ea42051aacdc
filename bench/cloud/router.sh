#!/usr/bin/env bash
# mse-cloud's SNI router in pass-through against a direct connection to the
# same enclave, in the same run, alternating rounds: mse-enclave (configured,
# simulated attestation off) serving the Flask /health app over TLS,
# wrk -t2 -cC -dS keep-alive, then the same with Connection: close.
# Loopback only; bounded in time. Usage:
#   bench/cloud/router.sh build/src/enclave/mse-enclave build/bench/cloud/mse_router_proxy [seconds=10] [connections=64] [rounds=3]
set -euo pipefail
ENCLAVE=${1:?usage: $0 mse-enclave mse_router_proxy [seconds] [connections] [rounds]}
PROXY=${2:?usage: $0 mse-enclave mse_router_proxy [seconds] [connections] [rounds]}
SECONDS_PER_RUN=${3:-10}
CONNECTIONS=${4:-64}
ROUNDS=${5:-3}
WORK=$(mktemp -d /tmp/mse-router-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$WORK/app"
printf 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/health")\ndef health():\n    return "OK"\n' > "$WORK/app/app.py"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PORT=$(free_port)
"$ENCLAVE" --ratls $(( $(date +%s) + 3600 )) --host 127.0.0.1 --port "$PORT" --san bench.localhost \
  --id 2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21 --app-dir "$WORK/app" --attestation none-for-tests \
  --home "$WORK/home" --secrets-path "$WORK/home/s.json" --sealed-secrets-path "$WORK/home/ss.json" \
  --tmp-path "$WORK/tmp" --module-path "$WORK/mse-app" --key-path "$WORK/key" app:app > "$WORK/enclave.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -sk --max-time 2 -o /dev/null "https://127.0.0.1:$PORT/" && break; sleep 0.1; done
curl -sk --max-time 10 -o /dev/null -X POST -d '{"uuid": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21"}' "https://127.0.0.1:$PORT/"
for _ in $(seq 100); do [ "$(curl -sk "https://127.0.0.1:$PORT/health")" = OK ] && break; sleep 0.1; done

"$PROXY" bench.localhost "$PORT" > "$WORK/proxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q "router port" "$WORK/proxy.log" && break; sleep 0.1; done
ROUTER=$(sed -n 's/router port //p' "$WORK/proxy.log")
[ "$(curl -sS --cacert "$WORK/key/cert.ratls.pem" --connect-to "bench.localhost:$ROUTER:127.0.0.1:$ROUTER" \
  "https://bench.localhost:$ROUTER/health")" = OK ] || { echo "no answer through the router" >&2; exit 1; }

# wrk's own resolution of the URL host: bench.localhost → loopback (libnss-myhostname).
summary() { awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /^ +50%/ {p50=$2} END {printf "%s req/s, p50 %s, p99 %s", rps, p50, p99}'; }
for round in $(seq "$ROUNDS"); do
  for mode in keepalive close; do
    header=(); [ "$mode" = close ] && header=(-H "Connection: close")
    direct=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${header[@]}" "https://127.0.0.1:$PORT/health" | summary)
    routed=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${header[@]}" "https://bench.localhost:$ROUTER/health" | summary)
    echo "round $round $mode: direct $direct | router $routed"
  done
done
