# Shared helpers of the end-to-end scripts. Each script tests one behaviour
# through the real binaries; $MSE is the mse binary under test.
set -euo pipefail
: "${MSE:?MSE must point to the mse binary}"
E2E_TMP=$(mktemp -d /tmp/mse-e2e.XXXXXX)
E2E_CAPTURE=$(mktemp -d /tmp/mse-e2e-capture.XXXXXX)
trap 'rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
export MSE_CONF_PATH="$E2E_TMP/conf"
unset MSE_DEFAULT_ENV NO_COLOR MSE_BACKTRACE || true
# Nothing reaches Cosmian's services: every cloud endpoint is a closed
# loopback port unless a script starts mse-cloud and points at it.
export MSE_BASE_URL=http://127.0.0.1:9 MSE_AUTH0_DOMAIN_NAME=http://127.0.0.1:9 MSE_PCCS_URL=http://127.0.0.1:9 \
  MSE_SIGNER_URL=http://127.0.0.1:9/signer.pem MSE_CONSOLE_URL=http://127.0.0.1:9
# No Docker engine unless a script starts its own (start_dockerd).
export DOCKER_HOST="unix://$E2E_TMP/no-dockerd.sock"

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT CMD...: runs CMD, captures stdout/stderr in $OUT/$ERR,
# fails unless the exit status is EXPECTED_EXIT.
run() {
  local expected=$1; shift
  local code=0
  "$@" >"$E2E_CAPTURE/out" 2>"$E2E_CAPTURE/err" || code=$?
  OUT=$(cat "$E2E_CAPTURE/out"); ERR=$(cat "$E2E_CAPTURE/err")
  if [ "$code" -ne "$expected" ]; then
    echo "--- stdout"; echo "$OUT"; echo "--- stderr"; echo "$ERR"
    fail "'$*' exited $code, expected $expected"
  fi
}

contains() {  # contains TEXT NEEDLE [what]
  case "$1" in *"$2"*) ;; *) echo "$1" | head -20 >&2; fail "${3:-output} does not contain '$2'";; esac
}
not_contains() {
  case "$1" in *"$2"*) fail "${3:-output} contains '$2'";; *) ;; esac
}

# start_dockerd: a private Docker engine for this script (own data-root and
# socket, no bridge, no iptables), stopped on exit. Sets DOCKER_HOST.
start_dockerd() {
  command -v dockerd >/dev/null || fail "dockerd is not installed (scripts/install-deps.sh installs docker.io)"
  DOCKERD_DIR=$(mktemp -d /tmp/mse-dockerd.XXXXXX)
  dockerd --bridge=none --iptables=false --ip6tables=false \
    --data-root "$DOCKERD_DIR/root" --exec-root "$DOCKERD_DIR/exec" \
    --pidfile "$DOCKERD_DIR/pid" --host "unix://$DOCKERD_DIR/docker.sock" \
    >"$DOCKERD_DIR/log" 2>&1 &
  DOCKERD_PID=$!
  export DOCKER_HOST="unix://$DOCKERD_DIR/docker.sock"
  trap 'stop_dockerd; rm -rf "$E2E_TMP" "$E2E_CAPTURE"' EXIT
  for _ in $(seq 300); do
    [ -S "$DOCKERD_DIR/docker.sock" ] && curl -sf --unix-socket "$DOCKERD_DIR/docker.sock" http://localhost/_ping >/dev/null && return 0
    kill -0 "$DOCKERD_PID" 2>/dev/null || { tail -20 "$DOCKERD_DIR/log" >&2; fail "dockerd died"; }
    sleep 0.2
  done
  tail -20 "$DOCKERD_DIR/log" >&2
  fail "dockerd did not start"
}

stop_dockerd() {
  [ -n "${DOCKERD_PID:-}" ] || return 0
  for c in $(curl -sf --unix-socket "$DOCKERD_DIR/docker.sock" 'http://localhost/containers/json?all=1' |
             /usr/bin/python3 -c 'import json,sys; print(" ".join(c["Id"] for c in json.load(sys.stdin)))' 2>/dev/null); do
    curl -sf -X DELETE --unix-socket "$DOCKERD_DIR/docker.sock" "http://localhost/containers/$c?force=1" >/dev/null || true
  done
  kill "$DOCKERD_PID" 2>/dev/null || true
  wait "$DOCKERD_PID" 2>/dev/null || true
  umount "$DOCKERD_DIR"/root/overlay2/*/merged "$DOCKERD_DIR"/exec/netns/* 2>/dev/null || true
  rm -rf "$DOCKERD_DIR" 2>/dev/null || true
  DOCKERD_PID=""
}
