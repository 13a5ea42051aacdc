#!/usr/bin/env bash
# Help of every level lists every option with its default, on stdout, exit 0.
source "$(dirname "$0")/lib.sh"
run 0 "$MSE" --help
contains "$OUT" "home commands"; contains "$OUT" "cloud commands"; contains "$OUT" "--color"
run 0 "$MSE" home --help
contains "$OUT" "spawn"; contains "$OUT" "scaffold"
run 0 "$MSE" home spawn --help
for opt in --package --host --subject --san --days --port --size --signer-key --pccs --timeout --output NAME; do
  contains "$OUT" "$opt" "spawn help"
done
contains "$OUT" "(default: 365)"; contains "$OUT" "(default: 443)"; contains "$OUT" "(default: 1440)"
run 0 "$MSE" cloud deploy --help
for opt in --path -y --no-verify --untrusted-ssl --workspace --timeout; do contains "$OUT" "$opt" "deploy help"; done
contains "$OUT" "(default: ./mse.toml)"
run 0 "$MSE" --version
contains "$OUT" "mse 0."
echo "ok"
