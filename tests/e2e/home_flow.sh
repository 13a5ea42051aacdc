#!/usr/bin/env bash
# The whole seed "MSE Home" flow on a private Docker engine with the
# simulated SGX platform (scripts/home-flow.sh), then what an operator and a
# provider do next, and the failures that must be refused:
#   verify without --allow-simulation; a package whose code differs; sealed
#   secrets made for another enclave; spawn on an existing name or a busy
#   port; failing tests; stop → restart (same certificate, app answers at
#   once) → stop --remove.
source "$(dirname "$0")/lib.sh"
: "${MSE_ENCLAVE:?MSE_ENCLAVE must point to the mse-enclave binary}"
repo=$(cd "$(dirname "$0")/../.." && pwd)
export HOME="$E2E_TMP/home"; mkdir -p "$HOME"
start_dockerd
echo "building the base image (mmdebstrap from Debian's mirror, about a minute)"
bash "$repo/scripts/build-base-image.sh" --enclave "$MSE_ENCLAVE"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
w=$E2E_TMP/w
MSE="$MSE" bash "$repo/scripts/home-flow.sh" "$w" "$port" > "$E2E_TMP/flow.log" 2>&1 || { cat "$E2E_TMP/flow.log"; fail "home flow failed"; }
grep -q "secret message from the enclave" "$w/code_provider/result.plain" || fail "result not decrypted"
cert=$w/code_provider/ratls.pem
package=$(ls "$w"/code_provider/package/package_example_*.tar)

# The app answers over the RA-TLS certificate the provider verified.
[ "$(curl -sSf --cacert "$cert" "https://localhost:$port/health")" = OK ] || fail "health over RA-TLS"
run 0 "$MSE" home status app_name
contains "$OUT" "running"
run 0 "$MSE" home list
contains "$OUT" "app_name"
run 0 "$MSE" home logs app_name
contains "$OUT" "GET /health"
# logs -f shows a request made after it started, until it is stopped.
"$MSE" home logs -f app_name > "$E2E_TMP/follow.log" 2>&1 &
follow_pid=$!
sleep 1
curl -sS --cacert "$cert" "https://localhost:$port/followed-by-logs" >/dev/null
for _ in $(seq 100); do grep -q "GET /followed-by-logs" "$E2E_TMP/follow.log" && break; sleep 0.1; done
kill -0 "$follow_pid" 2>/dev/null || fail "logs -f exited while the container runs"
kill "$follow_pid"; wait "$follow_pid" 2>/dev/null || true
grep -q "GET /followed-by-logs" "$E2E_TMP/follow.log" || { cat "$E2E_TMP/follow.log"; fail "logs -f did not show the new request"; }
# Fresh evidence from the running enclave verifies against the package.
run 0 "$MSE" home evidence --output "$E2E_TMP/evidence" app_name
run 0 "$MSE" home verify --package "$package" --evidence "$E2E_TMP/evidence/evidence.json" \
  --output "$E2E_TMP/evidence" --allow-simulation
cmp -s "$E2E_TMP/evidence/ratls.pem" "$cert" || fail "evidence gave another certificate than spawn"

# The operator's copy of the certificate is named apart; seal refuses it
# (no verdict record) and refuses a verdict record of another certificate.
[ -f "$w/sgx_operator/ratls.unverified.pem" ] || fail "spawn did not record ratls.unverified.pem"
[ ! -e "$w/sgx_operator/ratls.pem" ] || fail "spawn wrote ratls.pem, the name of the provider's verified copy"
seal_secrets=$w/code_provider/example/secrets_to_seal.json
run 1 "$MSE" home seal --secrets "$seal_secrets" --cert "$w/sgx_operator/ratls.unverified.pem" --output "$E2E_TMP/s1"
contains "$ERR" "was not verified"
[ ! -e "$E2E_TMP/s1" ] || fail "seal wrote a file for an unverified certificate"
cp "$w/sgx_operator/ratls.unverified.pem" "$E2E_TMP/forged.pem"
sed -i 's/^MII/MIJ/' "$E2E_TMP/forged.pem"
cp "$w/code_provider/ratls.verdict.json" "$E2E_TMP/forged.verdict.json"
run 1 "$MSE" home seal --secrets "$seal_secrets" --cert "$E2E_TMP/forged.pem" --output "$E2E_TMP/s1"
contains "$ERR" "another certificate"
# seal --evidence verifies right there (and needs the package to check the code).
run 2 "$MSE" home seal --secrets "$seal_secrets" --evidence "$w/sgx_operator/evidence.json" --output "$E2E_TMP/s1"
contains "$ERR" "--package"
run 0 "$MSE" home seal --secrets "$seal_secrets" --evidence "$w/sgx_operator/evidence.json" --package "$package" \
  --allow-simulation --output "$E2E_TMP/s1"
[ -s "$E2E_TMP/s1" ] || fail "seal --evidence wrote nothing"
contains "$ERR" "Attestation verified"
# An evidence.json whose application the operator changed: refused, naming the field.
/usr/bin/python3 - "$w/sgx_operator/evidence.json" "$E2E_TMP/evil_evidence.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e["input_args"]["application"] = "app:other_app"
json.dump(e, open(sys.argv[2], "w"), indent=4)
PY
run 1 "$MSE" home verify --package "$package" --evidence "$E2E_TMP/evil_evidence.json" --output "$E2E_TMP/evil" \
  --allow-simulation
contains "$ERR" "input_args.application"
contains "$ERR" "app:other_app"
[ ! -e "$E2E_TMP/evil" ] || fail "a refused verify created its output directory"
# verify shows the operator's measured choices, in text and in --json.
run 0 "$MSE" home verify --package "$package" --evidence "$w/sgx_operator/evidence.json" --output "$E2E_TMP/v2" \
  --allow-simulation --json
/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); m=d["measured_inputs"]; assert m["size"]=="4096 MB" and m["application"]=="app:app" and m["app_id"], m' "$OUT" \
  || fail "verify --json lacks the measured inputs"

# verify refuses a simulated enclave unless told, and names the flag.
run 1 "$MSE" home verify --package "$package" --evidence "$w/sgx_operator/evidence.json" --output "$E2E_TMP"
contains "$OUT$ERR" "--allow-simulation"
# A package whose code differs from the one running: measurement mismatch.
cp -r "$w/code_provider/example" "$E2E_TMP/other"
echo "# changed" >> "$E2E_TMP/other/mse_src/app.py"
run 0 "$MSE" home package --project "$E2E_TMP/other" --output "$E2E_TMP/other_pkg"
run 1 "$MSE" home verify --package "$(ls "$E2E_TMP"/other_pkg/*.tar)" --evidence "$w/sgx_operator/evidence.json" \
  --output "$E2E_TMP" --allow-simulation
contains "$ERR" "MRENCLAVE_MISMATCH"
[ ! -e "$E2E_TMP/ratls.pem" ] || fail "ratls.pem written by a failed verify"
# The same package but for image.tar, taken from an image in which one
# trusted library differs: measurement mismatch too.
cp -r "$w/code_provider/example" "$E2E_TMP/other_image"
echo "RUN echo '# changed' >> /usr/lib/python3/dist-packages/flask/__init__.py" >> "$E2E_TMP/other_image/Dockerfile"
run 0 "$MSE" home package --project "$E2E_TMP/other_image" --output "$E2E_TMP/other_image_pkg"
/usr/bin/python3 - "$package" "$(ls "$E2E_TMP"/other_image_pkg/*.tar)" "$E2E_TMP/image_swapped.tar" <<'PY'
import sys, tarfile
original, other, out = sys.argv[1:]
with tarfile.open(original) as a, tarfile.open(other) as b, tarfile.open(out, "w") as o:
    for member in a.getmembers():
        source = b if member.name == "image.tar" else a
        info = source.getmember(member.name)
        o.addfile(info, source.extractfile(info))
PY
run 1 "$MSE" home verify --package "$E2E_TMP/image_swapped.tar" --evidence "$w/sgx_operator/evidence.json" \
  --output "$E2E_TMP" --allow-simulation
contains "$ERR" "MRENCLAVE_MISMATCH"
[ ! -e "$E2E_TMP/ratls.pem" ] || fail "ratls.pem written by a failed verify"
rm -rf "$E2E_TMP/other_image" "$E2E_TMP/other_image_pkg" "$E2E_TMP/other_pkg" "$E2E_TMP/image_swapped.tar"

# spawn on an existing name, then on a busy port.
run 1 "$MSE" home spawn --host localhost --port "$port" --size 4096 --package "$package" --output "$E2E_TMP/op2" app_name
contains "$ERR" "already exists"
run 1 "$MSE" home spawn --host 127.0.0.1 --port "$port" --size 4096 --package "$package" --output "$E2E_TMP/op2" other_app
contains "$ERR" "already in use"
run 2 "$MSE" home spawn --host localhost --port 1 --size 3000 --package "$package" --output "$E2E_TMP/op2" x
contains "$ERR" "power of 2"

# Failing tests make `home test` fail.
cp -r "$w/sgx_operator/tests" "$E2E_TMP/failing_tests"
printf 'def test_fails():\n    assert False\n' > "$E2E_TMP/failing_tests/test_fail.py"
run 1 "$MSE" home test --test "$E2E_TMP/failing_tests" --config "$w/sgx_operator/mse.toml" app_name
contains "$ERR" "tests failed"

# stop → restart: same certificate, app answers at once, no reconfiguration.
run 0 "$MSE" home stop app_name
run 0 "$MSE" home restart app_name
for _ in $(seq 60); do curl -sf --cacert "$cert" "https://localhost:$port/health" >/dev/null && break; sleep 0.5; done
[ "$(curl -sSf --cacert "$cert" "https://localhost:$port/health")" = OK ] || fail "app not serving after restart"
served=$(echo | openssl s_client -connect "127.0.0.1:$port" 2>/dev/null | openssl x509)
[ "$served" = "$(openssl x509 -in "$cert")" ] || fail "certificate changed across restart"
run 0 "$MSE" home stop --remove app_name
run 1 "$MSE" home status app_name
contains "$ERR" "no container named 'app_name'"

# The CLI's own image (seed "Dockerisation"), from the local base image.
mkdir -p "$E2E_TMP/cli_image/build/src/cli"
cp "$repo/Dockerfile" "$E2E_TMP/cli_image/"
cp "$MSE" "$E2E_TMP/cli_image/build/src/cli/mse"
docker build -q --network host -t mse "$E2E_TMP/cli_image" >/dev/null 2>&1 || fail "docker build of the CLI image"
[ "$(docker run --rm --network host mse --version)" = "$("$MSE" --version)" ] || fail "CLI image --version"
mkdir -p "$E2E_TMP/ws"
docker run --rm -v "$E2E_TMP/ws:/mnt/workspace" mse home scaffold example >/dev/null 2>&1 || fail "scaffold in the CLI image"
[ -f "$E2E_TMP/ws/example/mse.toml" ] || fail "CLI image did not write into the mounted workspace"
echo "ok"
