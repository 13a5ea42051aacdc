#!/usr/bin/env bash
# Peak RSS and throughput of streaming .enc encryption/decryption on a 2 GiB
# file, plus libsodium's raw in-memory speed for comparison.
#
#   bench/crypto/file_rss.sh [BUILD_DIR]      (default: build)
#
# Needs /usr/bin/time (Debian package "time"). Fails if a peak RSS reaches
# 64 MiB or if the decrypted file differs from the input. Removes its files.
set -euo pipefail

build=${1:-build}
tool=$build/bench/crypto/mse_secretbox_file_tool
bench=$build/bench/crypto/mse_crypto_bench
size_mib=2048
limit_kib=$((64 * 1024))

for f in "$tool" "$bench" /usr/bin/time; do
  [[ -x $f ]] || { echo "error: $f not found (build with -DMSE_BENCH=ON)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mse-file-rss.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "creating a ${size_mib} MiB input in $tmp"
head -c "${size_mib}M" /dev/urandom > "$tmp/plain"
key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

status=0
# run NAME ARGS...: time one tool run, print peak RSS and MiB/s.
run() {
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v "$tool" "$@" 2> "$tmp/time.txt"
  end=$(date +%s.%N)
  local rss_kib
  rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
  awk -v n="$name" -v r="$rss_kib" -v s="$start" -v e="$end" -v m="$size_mib" \
    'BEGIN { printf "%-8s peak RSS %6.1f MiB   %7.1f MiB/s   (%.2f s wall)\n", n, r / 1024, m / (e - s), e - s }'
  if (( rss_kib >= limit_kib )); then
    echo "FAIL: $name peak RSS ${rss_kib} KiB >= 64 MiB" >&2
    status=1
  fi
}

run encrypt encrypt "$tmp/plain" "$tmp/plain.enc" "$key"
run decrypt decrypt "$tmp/plain.enc" "$tmp/plain.out" "$key"
if ! cmp -s "$tmp/plain" "$tmp/plain.out"; then
  echo "FAIL: decrypted file differs from the input" >&2
  status=1
fi
enc_size=$(stat -c %s "$tmp/plain.enc")
echo "encrypted size: $enc_size bytes (input + 40)"

echo "in-memory 16 MiB (Google Benchmark):"
"$bench" --benchmark_filter='BM_RawSecretboxEasy|BM_SecretboxStream64KiB' 2>/dev/null |
  awk '/^BM_/ {print "  " $0}'
exit $status
