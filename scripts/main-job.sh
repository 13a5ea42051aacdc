#!/usr/bin/env bash
# The main job: the seed README's "MSE Home" flow on this machine, end to
# end — code provider and SGX operator in separate folders, each step
# printed, ending with a decrypted result — then its "MSE cloud" flow
# against our own backend mse-cloud started here. Without SGX hardware both
# run on the simulated SGX platform. Needs nothing but what scripts/setup.sh
# installed: it starts its own Docker engine (and stops it), builds the base
# image, and cleans up after itself. Usage: scripts/main-job.sh [WORKDIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
mse_bin=${MSE:-$(command -v mse || echo "$repo/build/src/cli/mse")}
enclave_bin=${MSE_ENCLAVE:-$repo/build/src/enclave/mse-enclave}
cloud_bin=${MSE_CLOUD:-$(command -v mse-cloud || echo "$repo/build/src/cloud/mse-cloud")}
work=${1:-$(mktemp -d /tmp/mse-main-job.XXXXXX)}
state=$(mktemp -d /tmp/mse-main-job-engine.XXXXXX)
export MSE_CONF_PATH="$state/conf"

# A private Docker engine: no bridge, no iptables; containers use the host
# network and only ever talk to 127.0.0.1.
dockerd --bridge=none --iptables=false --ip6tables=false --data-root "$state/docker" \
  --exec-root "$state/exec" --pidfile "$state/dockerd.pid" --host "unix://$state/docker.sock" \
  >"$state/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST="unix://$state/docker.sock"
cleanup() {
  "$mse_bin" home stop --remove app_name >/dev/null 2>&1 || true
  kill "$dockerd_pid" 2>/dev/null || true
  wait "$dockerd_pid" 2>/dev/null || true
  umount "$state"/exec/netns/* 2>/dev/null || true
  rm -rf "$state" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  curl -sf --unix-socket "$state/docker.sock" http://localhost/_ping >/dev/null 2>&1 && break
  sleep 0.2
done

printf '== %s: the home flow, with work files in %s\n' "$("$mse_bin" --version)" "$work"
bash "$repo/scripts/build-base-image.sh" --enclave "$enclave_bin"
# The seed README's port, or a free one if something already listens there.
port=7777
if ! /usr/bin/python3 -c 'import socket,sys; s=socket.socket(); s.bind(("0.0.0.0", 7777))' 2>/dev/null; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "port 7777 is busy: using $port"
fi
MSE="$mse_bin" bash "$repo/scripts/home-flow.sh" "$work/workspace" "$port"
printf '\n== home flow done: the enclave computed a result only the code provider could decrypt\n'
printf '\n== the cloud flow, against mse-cloud on this machine\n'
(export MSE_CONF_PATH="$state/cloud-conf"
 MSE="$mse_bin" MSE_CLOUD="$cloud_bin" bash "$repo/scripts/cloud-flow.sh" "$work/cloud")
printf '\n== cloud flow done: deployed, verified over RA-TLS, queried through the router, stopped\n'
