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
TARGETS="fuzz_quote fuzz_ratls fuzz_collateral fuzz_evidence fuzz_app_config fuzz_tar_extract fuzz_client_hello fuzz_multipart fuzz_enclave_config"

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
      fuzz_evidence|fuzz_app_config|fuzz_tar_extract|fuzz_client_hello|fuzz_multipart|fuzz_enclave_config) ;;  # seeded below
    esac
  done
  case $1 in
    fuzz_app_config) printf 'name = "x"\npython_application = "app:app"\nhealthcheck_endpoint = "/health"\ntests_cmd = "pytest"\ntests_requirements = [ "pytest",]\n\n[cloud]\ncode = "c"\ntests = "t"\ndocker = "d:1"\nproject = "p"\nhardware = "h"\nexpiration_date = 2030-01-01T00:00:00Z\n' > "$2/mse.toml" ;;
    fuzz_evidence) printf '{"input_args": {"subject": "CN=a", "subject_alternative_name": "a", "expiration_date": null, "size": 4096, "app_id": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "application": "app:app"}, "ratls_certificate": "", "root_ca_crl": "", "pck_platform_crl": "", "tcb_info": "", "qe_identity": "", "tcb_cert": "", "signer_pk": ""}' > "$2/evidence.json" ;;
    fuzz_tar_extract) tar cf "$2/small.tar" -C "$ROOT" README.md ;;
    fuzz_client_hello)  # a real ClientHello with SNI, as OpenSSL writes it (through Python's ssl)
      /usr/bin/python3 -c 'import ssl,sys
i, o = ssl.MemoryBIO(), ssl.MemoryBIO()
s = ssl.create_default_context().wrap_bio(i, o, server_hostname="0123456789abcdef.localhost")
try: s.do_handshake()
except ssl.SSLWantReadError: pass
open(sys.argv[1], "wb").write(o.read())' "$2/hello.bin" ;;
    fuzz_enclave_config)
      printf '{"uuid": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "app_secrets": {"a": [1, {"b": null}]}, "code_secret_key": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}' > "$2/config.json" ;;
    fuzz_multipart)
      printf 'multipart/form-data; boundary=b\n--b\r\nContent-Disposition: form-data; name="code"; filename="app.tar"\r\nContent-Type: application/tar\r\nExpires: 0\r\n\r\nTAR\r\n--b\r\nContent-Disposition: form-data; name="conf"\r\n\r\n{"name": "a", "project": "default", "dev_mode": false, "healthcheck_endpoint": "/", "python_application": "app:app", "expires_at": null, "ssl_certificate": null, "domain_name": null, "hardware": "4g-eu-001", "docker": "x:1"}\r\n--b--\r\n' > "$2/upload.txt" ;;
  esac
  return 0
}

status=0
for target in $TARGETS; do
  corpus=$BUILD/fuzz/corpus/$target
  seeds=$BUILD/fuzz/seeds/$target
  binary=$(find "$BUILD/fuzz" -name "$target" -type f -perm -u+x | head -n 1)
  if [ -z "$binary" ]; then
    echo "FAIL: $target was not built" >&2
    status=1
    continue
  fi
  seed "$target" "$seeds"
  mkdir -p "$corpus"
  echo "== $target for ${DURATION}s"
  log=$BUILD/fuzz/$target.log
  dict=""
  case $target in  # duplicate and escaped member names for the JSON parsers
    fuzz_collateral|fuzz_evidence) dict=-dict=$ROOT/fuzz/json_keys.dict ;;
  esac
  if (cd "$(dirname "$binary")" && "$binary" $dict -max_total_time="$DURATION" -rss_limit_mb=2048 \
        -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1); then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  else
    tail -n 40 "$log" >&2
    echo "FAIL: $target found a crash (see $(dirname "$binary")/crash-* and $log)" >&2
    status=1
  fi
done
exit $status
