#!/usr/bin/env bash
# The seed README's "MSE Home" flow, step by step, on this machine: a code
# provider and an SGX operator in separate folders of WORKDIR, the enclave on
# the Docker engine at $DOCKER_HOST (simulated SGX platform when the machine
# has no SGX). Ends with the decrypted result. Needs the base image
# (scripts/build-base-image.sh). Usage: scripts/home-flow.sh WORKDIR [PORT]
set -euo pipefail
work=$1
port=${2:-7777}
mse_bin=${MSE:-mse}
mkdir -p "$work/code_provider" "$work/sgx_operator"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
mse() { echo "\$ mse $*"; "$mse_bin" "$@"; }

cd "$work/code_provider"
step "code provider: scaffold the example app"
mse home scaffold example
step "code provider: test the app, its docker image and mse.toml locally (no SGX)"
mse home localtest --project example/
step "code provider: package the code (encrypted) and the docker image"
mse home package --project example/ --output "$work/code_provider/package" --encrypt
package=$(ls "$work"/code_provider/package/package_example_*.tar)
code_key=${package%.tar}.key

cd "$work/sgx_operator"
step "SGX operator: simulated SGX platform and enclave signer key (this machine has no SGX)"
if [ ! -e /dev/sgx_enclave ]; then
  [ -e "${MSE_CONF_PATH:-$HOME/.config/mse}/sim/root_ca.pem" ] || mse home sim init
fi
signer=$HOME/.config/gramine/enclave-key.pem
if [ ! -e "$signer" ]; then
  mkdir -p "$(dirname "$signer")"
  openssl genrsa -3 -out "$signer" 3072 2>/dev/null
  chmod 600 "$signer"
fi
step "SGX operator: spawn the enclave (evidence is collected)"
mse home spawn --host localhost --port "$port" --size 4096 --package "$package" --output "$work/sgx_operator/" app_name

cd "$work/code_provider"
step "code provider: verify the evidence against the package, get ratls.pem"
mse home verify --package "$package" --evidence "$work/sgx_operator/evidence.json" --output "$work/code_provider" \
  --allow-simulation
step "code provider: seal the secrets and the code key to the verified enclave"
mse home seal --secrets example/secrets_to_seal.json --cert "$work/code_provider/ratls.pem" --code-key "$code_key" \
  --output "$work/code_provider/"

cd "$work/sgx_operator"
step "SGX operator: finish the configuration and run the application"
mse home run --secrets "$work/code_provider/example/secrets.json" \
  --sealed-secrets "$work/code_provider/secrets_to_seal.json.sealed" app_name
step "SGX operator: test the deployed application"
mse home test --test "$work/sgx_operator/tests/" --config "$work/sgx_operator/mse.toml" app_name
step "SGX operator: fetch a result"
echo "\$ curl https://localhost:$port/result --cacert ratls.pem > result.enc"
curl -sSf "https://localhost:$port/result" --cacert "$work/code_provider/ratls.pem" > "$work/sgx_operator/result.enc"

cd "$work/code_provider"
step "code provider: decrypt the result"
mse home decrypt --key example/key.txt --output "$work/code_provider/result.plain" "$work/sgx_operator/result.enc"
echo "\$ cat result.plain"
cat "$work/code_provider/result.plain"; echo
