#!/usr/bin/env bash
# README command 2 (and .ci/run): the whole test suite.
#  1. dependencies (idempotent), 2. warning-free build, 3. the base image's
#  Debian rootfs, built once and shared by every end-to-end script, 4. unit
#  and e2e tests through ctest, 5. ASan/UBSan build of the libraries that
#  parse untrusted input, with their tests, 6. fuzzers. Each stage's time is
#  printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${MSE_SHARED_DIR:-$root/../shared}
if [ ! -d "$shared/vectors/dcap" ]; then
  echo "test.sh: the shared specification and vectors are expected in $shared (set MSE_SHARED_DIR)" >&2
  exit 1
fi
stages=()
stage_start=$SECONDS
stage() {  # stage NAME: closes the previous stage's clock, prints the new one
  if [ -n "${stage_name:-}" ]; then stages+=("$(printf '%-44s %5ds' "$stage_name" $((SECONDS - stage_start)))"); fi
  stage_name=$1
  stage_start=$SECONDS
  echo "== $1"
}
report() {
  stage_name_done=${stage_name:-}
  if [ -n "$stage_name_done" ]; then stages+=("$(printf '%-44s %5ds' "$stage_name_done" $((SECONDS - stage_start)))"); fi
  echo "== stage times"
  printf '  %s\n' "${stages[@]}"
  printf '  %-44s %5ds\n' "total" "$SECONDS"
}
trap report EXIT

stage "dependencies"
bash scripts/install-deps.sh

stage "build (warnings are errors)"
bash scripts/build.sh build

stage "base image rootfs (shared by the e2e scripts)"
export MSE_ROOTFS_CACHE=${MSE_ROOTFS_CACHE:-$root/build/rootfs-cache/bookworm.tar}
bash scripts/build-rootfs-cache.sh "$MSE_ROOTFS_CACHE"

stage "unit and end-to-end tests"
(cd build && ctest --output-on-failure -j "$(nproc)")

stage "sanitizers: ASan + UBSan"
# base, crypto, format, attest: files, quotes, certificates; net: HTTP from
# the network; docker: Engine API answers; enclave: the configuration POST
# and the WSGI bridge (with CPython embedded, see the suppressions file);
# cloud: the router's ClientHello parser, the API's multipart and JSON
# parsers, the OAuth forms and tokens, the store.
sanitized_targets=(base_test)
for t in crypto_test format_test attest_test net_test docker_test enclave_test cloud_router_test cloud_api_test \
         cloud_auth_test cloud_store_test cloud_client_test; do
  if grep -q "build $t\b\|/$t:" build/build.ninja; then sanitized_targets+=("$t"); fi
done
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMSE_SANITIZE=ON -DMSE_BENCH=OFF >/dev/null
cmake --build build-asan -j "$(nproc)" --target "${sanitized_targets[@]}"
for t in "${sanitized_targets[@]}"; do
  echo "-- $t (ASan + UBSan)"
  asan=detect_leaks=1 lsan=""
  if [ "$t" = enclave_test ]; then  # full stacks, so the suppressions can see libpython
    asan=$asan:fast_unwind_on_malloc=0 lsan="suppressions=$root/tests/sanitizers/lsan-embedded-python.supp"
  fi
  binary=$(find build-asan/src -name "$t" -type f -perm -u+x | head -n 1)
  ASAN_OPTIONS=$asan LSAN_OPTIONS="$lsan" UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    MSE_SOURCE_DIR="$root" "$binary" --gtest_brief=1
done

if [ -x fuzz/run.sh ]; then
  stage "fuzzers (60 s each)"
  bash fuzz/run.sh 60
fi
echo "== all tests passed"
