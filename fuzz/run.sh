#!/bin/sh
# Builds the libFuzzer targets with clang + ASan/UBSan in their own build
# directory and runs each for DURATION seconds (default 60), seeded with the
# shared DCAP vectors. Usage: fuzz/run.sh [DURATION]
# Env: MSE_FUZZ_BUILD_DIR (default <repo>/build-fuzz), MSE_SHARED_DIR.
set -eu
DURATION=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${MSE_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
SHARED=${MSE_SHARED_DIR:-$ROOT/../shared}
VECTORS=$SHARED/vectors/dcap
TARGETS="fuzz_quote fuzz_ratls fuzz_collateral"

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DMSE_FUZZ=ON -DMSE_SANITIZE=ON \
  -DMSE_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$BUILD" -j2 $TARGETS

seed() {  # seed TARGET DIR: copies the vectors that fit TARGET into DIR
  mkdir -p "$2"
  for set in "$VECTORS"/*/ "$VECTORS"/tampered/*/; do
    name=$(basename "$set")
    case $1 in
      fuzz_quote) [ -f "$set/quote.bin" ] && cp "$set/quote.bin" "$2/$name.bin" ;;
      fuzz_ratls) for f in "$set"/collateral/*.pem; do [ -f "$f" ] && cp "$f" "$2/$name-$(basename "$f")"; done ;;
      fuzz_collateral) for f in "$set"/collateral/*.json "$set"/collateral/*.der; do [ -f "$f" ] && cp "$f" "$2/$name-$(basename "$f")"; done ;;
    esac
  done
  return 0
}

status=0
for target in $TARGETS; do
  corpus=$BUILD/fuzz/corpus/$target
  seeds=$BUILD/fuzz/seeds/$target
  seed "$target" "$seeds"
  mkdir -p "$corpus"
  echo "== $target for ${DURATION}s"
  if ! (cd "$BUILD/fuzz" && "./$target" -max_total_time="$DURATION" -rss_limit_mb=2048 \
        -print_final_stats=1 "$corpus" "$seeds"); then
    echo "FAIL: $target found a crash (see $BUILD/fuzz/crash-*)" >&2
    status=1
  fi
done
exit $status
