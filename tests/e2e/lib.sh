# Shared helpers of the end-to-end scripts. Each script tests one behaviour
# through the real binaries; $MSE is the mse binary under test.
set -euo pipefail
: "${MSE:?MSE must point to the mse binary}"
E2E_TMP=$(mktemp -d /tmp/mse-e2e.XXXXXX)
trap 'rm -rf "$E2E_TMP"' EXIT
export MSE_CONF_PATH="$E2E_TMP/conf"
unset MSE_DEFAULT_ENV NO_COLOR MSE_BACKTRACE || true

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT CMD...: runs CMD, captures stdout/stderr in $OUT/$ERR,
# fails unless the exit status is EXPECTED_EXIT.
run() {
  local expected=$1; shift
  local code=0
  "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err" || code=$?
  OUT=$(cat "$E2E_TMP/out"); ERR=$(cat "$E2E_TMP/err")
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
