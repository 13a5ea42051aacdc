#!/usr/bin/env bash
# mse-enclave --timeout: without a configuration it stops with an error
# instead of starting the app unconfigured (Q-50).
source "$(dirname "$0")/enclave_lib.sh"
enclave_setup "$@"
enclave_start --timeout 2
rc=0
wait "$ENCLAVE_PID" || rc=$?
ENCLAVE_PID=
[[ $rc -eq 1 ]] || fail "expected exit code 1 after the timeout, got $rc"
grep -q 'no configuration received within 2 s' "$ENCLAVE_LOG" || fail "no timeout message"
[[ ! -e "$WORK/mse-app" ]] || fail "MODULE_PATH was created"
echo PASS
