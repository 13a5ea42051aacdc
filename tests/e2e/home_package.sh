#!/usr/bin/env bash
# home package --encrypt on a real (private) Docker engine: the package holds
# app.tar, image.tar, tests.tar, mse.toml in that order, the code opens with
# the key (PyNaCl SecretBox), hidden and ignored files stay out; a broken
# mse.toml or an unreachable engine fails cleanly with no package written.
source "$(dirname "$0")/lib.sh"
cd "$E2E_TMP"
run 0 "$MSE" home scaffold example
# An image that needs no base image, so the test is independent of mse-base.
printf 'FROM scratch\nCOPY mse.toml /mse.toml\n' > example/Dockerfile
mkdir -p example/mse_src/__pycache__ example/mse_src/pkg
echo "x" > example/mse_src/__pycache__/app.cpython-311.pyc
echo "flask" > example/mse_src/pkg/requirements.txt
echo "VALUE = 1" > example/mse_src/pkg/mod.py

DOCKER_HOST=unix://$E2E_TMP/nothing.sock run 1 "$MSE" home package --project example/ --output out
contains "$ERR" "cannot reach the Docker engine at unix://$E2E_TMP/nothing.sock: is dockerd running?"

start_dockerd
run 0 "$MSE" home package --project example/ --output out --encrypt
pkg=$(ls out/package_example_*.tar); key=${pkg%.tar}.key
[ "$(stat -c %s "$key")" = 32 ] || fail "key is not 32 raw bytes"
[ "$(stat -c %a "$key")" = 600 ] || fail "key is not 0600"
[ "$(tar tf "$pkg" | tr '\n' ' ')" = "app.tar image.tar tests.tar mse.toml " ] || fail "members: $(tar tf "$pkg")"
mkdir x && tar xf "$pkg" -C x
[ "$(tar tf x/app.tar | sort | tr '\n' ' ')" = "app.py.enc pkg/mod.py.enc pkg/requirements.txt " ] \
  || fail "app.tar holds: $(tar tf x/app.tar)"
mkdir code && tar xf x/app.tar -C code
/usr/bin/python3 - "$key" <<'PY'
import sys
from nacl.secret import SecretBox
box = SecretBox(open(sys.argv[1], "rb").read())
plain = box.decrypt(open("code/app.py.enc", "rb").read())
assert plain == open("example/mse_src/app.py", "rb").read()
PY
cmp x/mse.toml example/mse.toml || fail "mse.toml not byte for byte"
tar tf x/image.tar | grep -q manifest.json || fail "image.tar is not a docker save archive"
[ -z "$(ls -A out | grep -v '^package_example_')" ] || fail "workspace left in out/: $(ls -A out)"

# A malformed mse.toml: one line naming the file and the problem, no package.
printf 'name = "example"\npython_application = \n' > example/mse.toml
run 1 "$MSE" home package --project example/ --output out2
contains "$ERR" "example/mse.toml"
[ "$(echo "$ERR" | grep -c .)" -eq 1 ] || fail "error is not one line: $ERR"
[ ! -e out2 ] || [ -z "$(ls -A out2)" ] || fail "partial output in out2"
# A valid TOML with an invalid field.
printf 'name = "example"\npython_application = "app"\nhealthcheck_endpoint = "/health"\ntests_cmd = "pytest"\ntests_requirements = []\n' > example/mse.toml
run 1 "$MSE" home package --project example/ --output out2
contains "$ERR" "python_application"; contains "$ERR" "module:variable"
echo "ok"
