#!/usr/bin/env bash
# mse attest verify / show on the real DCAP vectors: verdicts, TCB policy,
# stale collateral, identity expectations, tampering, JSON output.
source "$(dirname "$0")/lib.sh"
: "${MSE_SHARED_DIR:?}"
v=$MSE_SHARED_DIR/vectors/dcap

# Up-to-date enough: SWHardeningNeeded is accepted by default, with its advisories.
run 0 "$MSE" attest verify "$v/zkdcap-sgx-v3/quote.bin" --collateral "$v/zkdcap-sgx-v3/collateral" --at 2025-02-05T10:43:45Z
contains "$OUT" "SWHardeningNeeded"; contains "$OUT" "INTEL-SA-00334"
contains "$OUT" "dca1a1841ab2e3fa7025c1d175d2c947df760b3baa4a9a0f30f4fd05718fcfe3"
contains "$OUT" "00906ED50000"

# Policy: ConfigurationAndSWHardeningNeeded is refused by default, with the way out.
run 1 "$MSE" attest verify "$v/phala-sgx-v3/quote.bin" --collateral "$v/phala-sgx-v3/collateral" --at 2025-07-04T10:28:44Z
contains "$ERR" "TCB_STATUS_NOT_ACCEPTED"; contains "$OUT" "--accept-tcb ConfigurationAndSWHardeningNeeded"
run 0 "$MSE" attest verify "$v/phala-sgx-v3/quote.bin" --collateral "$v/phala-sgx-v3/collateral" \
  --at 2025-07-04T10:28:44Z --accept-tcb ConfigurationAndSWHardeningNeeded
run 2 "$MSE" attest verify "$v/phala-sgx-v3/quote.bin" --collateral "$v/phala-sgx-v3/collateral" --accept-tcb Revoked
contains "$ERR" "Revoked"

# Stale collateral fails unless allowed.
run 1 "$MSE" attest verify "$v/mobilecoin-sgx-v3/quote.bin" --collateral "$v/mobilecoin-sgx-v3/collateral" --at 2023-07-27T20:22:34Z
contains "$ERR" "COLLATERAL_EXPIRED"
run 0 "$MSE" attest verify "$v/mobilecoin-sgx-v3/quote.bin" --collateral "$v/mobilecoin-sgx-v3/collateral" \
  --at 2023-07-27T20:22:34Z --allow-stale-collateral

# Identity expectations.
run 1 "$MSE" attest verify "$v/zkdcap-sgx-v3/quote.bin" --collateral "$v/zkdcap-sgx-v3/collateral" \
  --at 2025-02-05T10:43:45Z --mrenclave 0000000000000000000000000000000000000000000000000000000000000000
contains "$ERR" "MRENCLAVE_MISMATCH"
run 0 "$MSE" attest verify "$v/zkdcap-sgx-v3/quote.bin" --collateral "$v/zkdcap-sgx-v3/collateral" \
  --at 2025-02-05T10:43:45Z --mrenclave dca1a1841ab2e3fa7025c1d175d2c947df760b3baa4a9a0f30f4fd05718fcfe3

# An altered PCK CA and a tampered quote fail on their own checks.
run 1 "$MSE" attest verify "$v/oe-sgx-v3-2019-bad-pckca/quote.bin" --collateral "$v/mobilecoin-sgx-v3/collateral" \
  --at 2023-01-17T10:52:08Z --allow-stale-collateral
contains "$ERR" "PCK_CHAIN_INVALID"
t=$v/tampered/sgx-mrenclave-flip
run 1 "$MSE" attest verify "$t/quote.bin" --collateral "$v/phala-sgx-v3/collateral" --at 2025-07-04T10:28:44Z \
  --accept-tcb ConfigurationAndSWHardeningNeeded
contains "$ERR" "quote_signature"

# JSON verdict and decoding.
run 0 "$MSE" attest verify "$v/zkdcap-sgx-v3/quote.bin" --collateral "$v/zkdcap-sgx-v3/collateral" --at 2025-02-05T10:43:45Z --json
echo "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["ok"] and d["tcb_status"]=="SWHardeningNeeded", d'
run 0 "$MSE" attest show "$v/zkdcap-sgx-v3/quote.bin"
contains "$OUT" "mr_enclave: dca1a1841ab2e3fa7025c1d175d2c947df760b3baa4a9a0f30f4fd05718fcfe3"
run 0 "$MSE" attest show "$v/zkdcap-sgx-v3/quote.bin" --json
echo "$OUT" | /usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)'
head -c 100 "$v/zkdcap-sgx-v3/quote.bin" > "$E2E_TMP/short.bin"
run 1 "$MSE" attest show "$E2E_TMP/short.bin"
contains "$ERR" "short.bin"
echo "ok"
