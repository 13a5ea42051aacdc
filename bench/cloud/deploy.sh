#!/usr/bin/env bash
# Whole-command timings of the cloud flow on this machine: a private Docker
# engine (loopback only), mse-cloud with simulated SGX, the scaffold app,
# then ROUNDS rounds of:
#   deploy — `mse deploy -y` until the app runs (encrypt, upload, spawn,
#            measure the image and code, verify over RA-TLS, send the key,
#            wait for the health check);
#   verify — `mse verify DOMAIN` (certificate through the router, collateral,
#            full verification, no code check) as a whole process;
#   verify --context — with the context and the code (re-encryption with the
#            stored nonces and the measurement recomputed).
# Usage: bench/cloud/deploy.sh MSE MSE_ENCLAVE MSE_CLOUD [ROUNDS]
set -euo pipefail
mse=$1; enclave=$2; cloud=$3; rounds=${4:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
state=$(mktemp -d /tmp/mse-bench-cloud.XXXXXX)
export HOME=$state/home MSE_CONF_PATH=$state/conf
mkdir -p "$HOME"
dockerd --bridge=none --iptables=false --ip6tables=false --data-root "$state/docker" --exec-root "$state/exec" \
  --pidfile "$state/pid" --host "unix://$state/docker.sock" >"$state/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST=unix://$state/docker.sock
cleanup() {
  kill "${cloud_pid:-}" 2>/dev/null || true; wait "${cloud_pid:-}" 2>/dev/null || true
  for c in $(docker -H "$DOCKER_HOST" ps -aq 2>/dev/null); do docker -H "$DOCKER_HOST" rm -f "$c" >/dev/null 2>&1 || true; done
  kill $dockerd_pid 2>/dev/null; wait $dockerd_pid 2>/dev/null
  umount "$state"/exec/netns/* 2>/dev/null; rm -rf "$state" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf --unix-socket "$state/docker.sock" http://localhost/_ping >/dev/null && break; sleep 0.2; done
bash "$repo/scripts/build-base-image.sh" --enclave "$enclave" >/dev/null
image=$(docker -H "$DOCKER_HOST" images --format '{{.Repository}}:{{.Tag}}' | grep '^mse-base:[0-9]' | head -n 1)
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api=$(port); router=$(port)
"$cloud" serve --data "$state/cloud" --api "127.0.0.1:$api" --router "$router" >"$state/cloud.log" 2>&1 &
cloud_pid=$!
for _ in $(seq 600); do grep -q "API on" "$state/cloud.log" && break; sleep 0.1; done
head -c 18 /dev/urandom | base64 | "$cloud" admin --data "$state/cloud" user add bench@example.com --password-stdin 2>/dev/null
"$cloud" admin --data "$state/cloud" image approve "$image" 2>/dev/null
export MSE_BASE_URL=http://127.0.0.1:$api MSE_DEFAULT_ENV=cloud MSE_ALLOW_SIMULATION=1
"$cloud" admin --data "$state/cloud" token create bench@example.com 2>/dev/null | "$mse" login --with-token >/dev/null 2>&1
cd "$state"
"$mse" scaffold my_app >/dev/null 2>&1
now() { date +%s.%N; }
elapsed() { /usr/bin/python3 -c "print(f'{$2 - $1:.2f}')"; }
printf 'round  deploy→running(s)  verify DOMAIN(s)  verify --context(s)\n'
for r in $(seq "$rounds"); do
  t0=$(now)
  "$mse" deploy -y --path my_app/mse.toml --workspace "ws$r" >/dev/null 2>&1
  t1=$(now)
  info=$("$mse" list --json | /usr/bin/python3 -c 'import json,sys; a=[x for x in json.load(sys.stdin) if x["status"]=="running"][0]; print(a["id"], a["domain_name"])')
  app=${info% *}; domain=${info#* }
  "$mse" verify --workspace "ws$r" "$domain" >/dev/null 2>&1
  t2=$(now)
  "$mse" context --export "$app" >/dev/null 2>&1
  "$mse" verify --context "$app.toml" --code my_app/mse_src --workspace "ws$r" "$domain" >/dev/null 2>&1
  t3=$(now)
  printf '%5d  %17s  %16s  %19s\n' "$r" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "$(elapsed "$t2" "$t3")"
done
"$mse" stop "$app" >/dev/null 2>&1
