#!/usr/bin/env bash
# home encrypt/decrypt: round trip in both spellings, interoperability with
# Python's cryptography.fernet, and clean failures that leave no output.
source "$(dirname "$0")/lib.sh"
cd "$E2E_TMP"
printf 'the result: 42\n' > result.txt
run 0 "$MSE" home encrypt --input result.txt --key key.txt --generate-key --output result.enc
[ "$(stat -c %a key.txt)" = 600 ] || fail "key.txt is not 0600"
run 0 "$MSE" home decrypt --key key.txt --output result.plain result.enc
cmp result.txt result.plain || fail "round trip through files differs"
[ "$(stat -c %a result.plain)" = 600 ] || fail "decrypted output is not 0600"
run 0 "$MSE" home decrypt --input result.enc --key key.txt
[ "$OUT" = "the result: 42" ] || fail "decrypt to stdout printed '$OUT' (must be the plaintext only)"
[ -z "$ERR" ] || fail "decrypt to stdout wrote diagnostics: $ERR"

# A token made by Python's cryptography opens with mse, and the reverse.
/usr/bin/python3 - <<'PY'
from cryptography.fernet import Fernet
key = open("key.txt", "rb").read().strip()
open("py.enc", "wb").write(Fernet(key).encrypt(b"from python"))
assert Fernet(key).decrypt(open("result.enc", "rb").read()) == b"the result: 42\n"
PY
run 0 "$MSE" home decrypt --input py.enc --key key.txt
[ "$OUT" = "from python" ] || fail "python token decrypted to '$OUT'"

# Tampered token: one line naming the file, exit 1, no output file.
/usr/bin/python3 -c "
import base64; t = bytearray(base64.urlsafe_b64decode(open('result.enc','rb').read())); t[40] ^= 1
open('tampered.enc','wb').write(base64.urlsafe_b64encode(bytes(t)))"
run 1 "$MSE" home decrypt --input tampered.enc --key key.txt --output out.plain
contains "$ERR" "tampered.enc"; contains "$ERR" "invalid key or corrupted token"
[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "error is not one line: $ERR"
[ ! -e out.plain ] || fail "partial output left behind"

# Wrong key.
/usr/bin/python3 -c "from cryptography.fernet import Fernet; open('other.txt','wb').write(Fernet.generate_key())"
run 1 "$MSE" home decrypt --input result.enc --key other.txt --output out.plain
contains "$ERR" "result.enc"; contains "$ERR" "invalid key or corrupted token"
[ ! -e out.plain ] || fail "partial output left behind"

# Key of the wrong length.
printf 'c2hvcnQ=\n' > short.txt
run 1 "$MSE" home encrypt --input result.txt --key short.txt --output x.enc
contains "$ERR" "short.txt"; contains "$ERR" "32 url-safe base64-encoded bytes"
[ ! -e x.enc ] || fail "output written despite a bad key"

# Truncated token.
head -c 30 result.enc > truncated.enc
run 1 "$MSE" home decrypt --input truncated.enc --key key.txt --output out.plain
contains "$ERR" "truncated.enc"
[ ! -e out.plain ] || fail "partial output left behind"

# --generate-key never overwrites a key.
run 1 "$MSE" home encrypt --input result.txt --key key.txt --generate-key
contains "$ERR" "already exists"
echo "ok"
