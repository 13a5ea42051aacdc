#!/usr/bin/env bash
# The seed README's "MSE cloud" flow on this machine, step by step: our own
# backend mse-cloud (its defaults: SQLite store, the Docker engine at
# $DOCKER_HOST, simulated SGX without hardware, names under localhost), an
# account with a CI token, then the provider's side with the mse CLI:
# login, scaffold, deploy (verified over RA-TLS, code key sent only to the
# verified enclave), a query through the router, verify, status, stop.
# Needs the base image (scripts/build-base-image.sh) in that engine.
# Usage: scripts/cloud-flow.sh WORKDIR
set -euo pipefail
work=$1
mse_bin=${MSE:-mse}
cloud_bin=${MSE_CLOUD:-mse-cloud}
mkdir -p "$work"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { echo "\$ $*"; "$@"; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

step "cloud operator: start mse-cloud (simulated SGX on a machine without it)"
api_port=$(free_port)
router_port=$(free_port)
"$cloud_bin" serve --data "$work/mse-cloud" --api "127.0.0.1:$api_port" --router "$router_port" \
  > "$work/mse-cloud.log" 2>&1 &
cloud_pid=$!
trap 'kill "$cloud_pid" 2>/dev/null || true; wait "$cloud_pid" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q "mse-cloud: API on" "$work/mse-cloud.log" && break
  kill -0 "$cloud_pid" 2>/dev/null || { cat "$work/mse-cloud.log"; exit 1; }
  sleep 0.1
done
grep "mse-cloud: API on" "$work/mse-cloud.log"
image=$(docker -H "${DOCKER_HOST:-unix:///var/run/docker.sock}" images --format '{{.Repository}}:{{.Tag}}' |
        grep '^mse-base:[0-9]' | head -n 1)
echo "\$ mse-cloud admin user add provider@example.com --password-stdin"
head -c 18 /dev/urandom | base64 | "$cloud_bin" admin --data "$work/mse-cloud" user add provider@example.com --password-stdin
show "$cloud_bin" admin --data "$work/mse-cloud" image approve "$image"
echo "\$ mse-cloud admin token create provider@example.com   (a CI token, shown once)"
token=$("$cloud_bin" admin --data "$work/mse-cloud" token create provider@example.com 2>/dev/null)

step "code provider: point the CLI at this backend, log in with the CI token"
export MSE_BASE_URL="http://127.0.0.1:$api_port" MSE_DEFAULT_ENV=cloud MSE_ALLOW_SIMULATION=1
echo "\$ export MSE_BASE_URL=$MSE_BASE_URL MSE_DEFAULT_ENV=cloud MSE_ALLOW_SIMULATION=1"
echo "\$ mse login --with-token < token"
"$mse_bin" login --with-token <<<"$token"
cd "$work"
step "code provider: scaffold the app and deploy it"
show "$mse_bin" scaffold my_app
show "$mse_bin" deploy --path my_app/mse.toml --workspace .
app=$("$mse_bin" list --json | /usr/bin/python3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin) if a["status"]=="running"][0])')
domain=$("$mse_bin" list --json | /usr/bin/python3 -c 'import json,sys; print([a["domain_name"] for a in json.load(sys.stdin) if a["status"]=="running"][0])')

step "anyone: query the app through the router, pinned to the verified certificate"
echo "\$ curl https://$domain:$router_port/health --cacert ratls.pem"
curl -sSf "https://$domain:$router_port/health" --cacert ratls.pem; echo

step "anyone: verify the running app against the code (no login needed)"
show "$mse_bin" context --export "$app"
show "$mse_bin" verify --context "$app.toml" --code my_app/mse_src --workspace . "$domain"

step "code provider: status, then stop"
show "$mse_bin" status "$app"
show "$mse_bin" stop "$app"
