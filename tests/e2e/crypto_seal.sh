#!/usr/bin/env bash
# home seal/unseal with raw X25519 keys: interoperability with PyNaCl's
# SealedBox, the seed README's `seal --secrets … --output DIR` spelling,
# --code-key, and clean failures.
source "$(dirname "$0")/lib.sh"
cd "$E2E_TMP"
/usr/bin/python3 - <<'PY'
from nacl.public import PrivateKey, SealedBox
sk = PrivateKey.generate()
open("enclave.key", "wb").write(bytes(sk))
open("enclave.pub", "wb").write(bytes(sk.public_key))
open("py.sealed", "wb").write(SealedBox(sk.public_key).encrypt(b'{"from": "python"}'))
PY
printf '{"result_sk": "secret"}' > secrets_to_seal.json
mkdir out
run 0 "$MSE" home seal --secrets secrets_to_seal.json --receiver-public-key enclave.pub --output out/
[ -f out/secrets_to_seal.json.sealed ] || fail "seal --output DIR did not write DIR/<name>.sealed"
/usr/bin/python3 - <<'PY'
from nacl.public import PrivateKey, SealedBox
sk = PrivateKey(open("enclave.key", "rb").read())
assert SealedBox(sk).decrypt(open("out/secrets_to_seal.json.sealed", "rb").read()) == b'{"result_sk": "secret"}'
PY
run 0 "$MSE" home unseal --input py.sealed --private-key enclave.key
[ "$OUT" = '{"from": "python"}' ] || fail "unsealed '$OUT'"
run 0 "$MSE" home unseal --input out/secrets_to_seal.json.sealed --private-key enclave.key --output plain.json
[ "$(cat plain.json)" = '{"result_sk": "secret"}' ] || fail "round trip differs"

# --code-key puts the code key inside the sealed JSON.
head -c 32 /dev/urandom > code.key
run 0 "$MSE" home seal --input secrets_to_seal.json --receiver-public-key enclave.pub --code-key code.key --output with_key.sealed
run 0 "$MSE" home unseal --input with_key.sealed --private-key enclave.key
expected=$(od -An -tx1 code.key | tr -d ' \n')
contains "$OUT" "\"code_secret_key\":\"$expected\""

# Failures: wrong key length, wrong private key, tampered box; no output left.
head -c 31 /dev/urandom > short.pub
run 1 "$MSE" home seal --input secrets_to_seal.json --receiver-public-key short.pub --output s.sealed
contains "$ERR" "short.pub"; contains "$ERR" "expected 32 raw bytes, found 31"
[ ! -e s.sealed ] || fail "output written despite a bad key"
head -c 32 /dev/urandom > other.key
run 1 "$MSE" home unseal --input py.sealed --private-key other.key --output p.json
contains "$ERR" "py.sealed"
[ ! -e p.json ] || fail "output written despite a wrong key"
head -c 40 py.sealed > truncated.sealed
run 1 "$MSE" home unseal --input truncated.sealed --private-key enclave.key --output p.json
contains "$ERR" "truncated.sealed"
[ ! -e p.json ] || fail "output written for a truncated box"
head -c 32 /dev/zero > zero.pub
run 1 "$MSE" home seal --input secrets_to_seal.json --receiver-public-key zero.pub
contains "$ERR" "does not support sealed secrets"
echo "ok"
