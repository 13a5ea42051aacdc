#!/usr/bin/env bash
# Whole-process timings of the home flow on a private Docker engine with the
# simulated SGX platform (loopback only, bounded: ROUNDS rounds):
#   spawn  — `mse home spawn` until the configuration server answers and the
#            evidence is written (ready for secrets);
#   verify — `mse home verify --package … --allow-simulation` as a whole process
#            (package unpacked, image layers measured, quote verified);
#   run    — `mse home run` until the app answers its healthcheck.
# Usage: bench/home/run.sh MSE MSE_ENCLAVE [ROUNDS]
set -euo pipefail
mse=$1; enclave=$2; rounds=${3:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
state=$(mktemp -d /tmp/mse-bench-home.XXXXXX)
export HOME=$state/home MSE_CONF_PATH=$state/conf
mkdir -p "$HOME/.config/gramine"
dockerd --bridge=none --iptables=false --ip6tables=false --data-root "$state/docker" --exec-root "$state/exec" \
  --pidfile "$state/pid" --host "unix://$state/docker.sock" >"$state/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST=unix://$state/docker.sock
trap 'kill $dockerd_pid 2>/dev/null; wait $dockerd_pid 2>/dev/null; umount "$state"/exec/netns/* 2>/dev/null; rm -rf "$state" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf --unix-socket "$state/docker.sock" http://localhost/_ping >/dev/null && break; sleep 0.2; done
bash "$repo/scripts/build-base-image.sh" --enclave "$enclave" >/dev/null
openssl genrsa -3 -out "$HOME/.config/gramine/enclave-key.pem" 3072 2>/dev/null
cd "$state"
"$mse" home sim init 2>/dev/null
"$mse" home scaffold example 2>/dev/null
"$mse" home package --project example --output pkg --encrypt >/dev/null 2>&1
package=$(ls pkg/*.tar); key=${package%.tar}.key
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
now() { date +%s.%N; }
elapsed() { /usr/bin/python3 -c "print(f'{$2 - $1:.2f}')"; }
printf 'round  spawn(s)  verify(s)  run(s)\n'
for r in $(seq "$rounds"); do
  rm -rf op && t0=$(now)
  "$mse" home spawn --host localhost --port "$port" --size 4096 --package "$package" --output op/ app >/dev/null 2>&1
  t1=$(now)
  "$mse" home verify --package "$package" --evidence op/evidence.json --output . --allow-simulation >/dev/null 2>&1
  t2=$(now)
  "$mse" home seal --input example/secrets_to_seal.json --cert ratls.pem --code-key "$key" --output s.sealed >/dev/null 2>&1
  t3=$(now)
  "$mse" home run --sealed-secrets s.sealed app >/dev/null 2>&1
  t4=$(now)
  printf '%5d  %8s  %9s  %6s\n' "$r" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "$(elapsed "$t3" "$t4")"
  "$mse" home stop --remove app >/dev/null 2>&1
done
printf 'package: %s (%s)\n' "$(basename "$package")" "$(du -h "$package" | cut -f1)"
