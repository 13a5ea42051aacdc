#!/usr/bin/env bash
# README command 2 (and .ci/run): the whole test suite.
#  1. dependencies (idempotent), 2. warning-free build + unit and e2e tests
#  through ctest, 3. ASan/UBSan build of the libraries that parse untrusted
#  input, with their tests, 4. fuzzers, when present.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${MSE_SHARED_DIR:-$root/../shared}
if [ ! -d "$shared/vectors/dcap" ]; then
  echo "test.sh: the shared specification and vectors are expected in $shared (set MSE_SHARED_DIR)" >&2
  exit 1
fi
bash scripts/install-deps.sh

echo "== build (warnings are errors)"
bash scripts/build.sh build
echo "== unit and end-to-end tests"
(cd build && ctest --output-on-failure -j "$(nproc)")

echo "== sanitizers: ASan + UBSan build of the libraries that handle untrusted input"
# base, crypto, format, attest: files, quotes, certificates; net: HTTP from
# the network; docker: Engine API answers; enclave: the configuration POST
# and the WSGI bridge (with CPython embedded, see the suppressions file).
sanitized_targets=(base_test)
for t in crypto_test format_test attest_test net_test docker_test enclave_test; do
  if grep -q "$t" build/build.ninja; then sanitized_targets+=("$t"); fi
done
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMSE_SANITIZE=ON -DMSE_BENCH=OFF >/dev/null
cmake --build build-asan -j "$(nproc)" --target "${sanitized_targets[@]}"
for t in "${sanitized_targets[@]}"; do
  echo "-- $t (ASan + UBSan)"
  asan=detect_leaks=1 lsan=""
  if [ "$t" = enclave_test ]; then  # full stacks, so the suppressions can see libpython
    asan=$asan:fast_unwind_on_malloc=0 lsan="suppressions=$root/tests/sanitizers/lsan-embedded-python.supp"
  fi
  ASAN_OPTIONS=$asan LSAN_OPTIONS="$lsan" UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    MSE_SOURCE_DIR="$root" "build-asan/src/${t%_test}/$t" --gtest_brief=1
done

if [ -x fuzz/run.sh ]; then
  echo "== fuzzers (60 s each)"
  bash fuzz/run.sh 60
fi
echo "== all tests passed"
