#!/usr/bin/env bash
# Sealed secrets made for another enclave are rejected, the CLI says so, and
# the enclave keeps waiting: the right secrets then configure it.
source "$(dirname "$0")/lib.sh"
: "${MSE_ENCLAVE:?MSE_ENCLAVE must point to the mse-enclave binary}"
repo=$(cd "$(dirname "$0")/../.." && pwd)
export HOME="$E2E_TMP/home"; mkdir -p "$HOME/.config/gramine"
openssl genrsa -3 -out "$HOME/.config/gramine/enclave-key.pem" 3072 2>/dev/null
start_dockerd
bash "$repo/scripts/build-base-image.sh" --enclave "$MSE_ENCLAVE" >/dev/null
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$E2E_TMP"
run 0 "$MSE" home scaffold example
run 0 "$MSE" home package --project example --output pkg --encrypt
package=$(ls pkg/*.tar); key=${package%.tar}.key
run 0 "$MSE" home sim init
run 0 "$MSE" home spawn --host localhost --port "$port" --size 4096 --package "$package" --output op/ app
run 0 "$MSE" home verify --package "$package" --evidence op/evidence.json --output . --allow-simulation
/usr/bin/python3 -c "from nacl.public import PrivateKey; open('other.pub','wb').write(bytes(PrivateKey.generate().public_key))"
run 0 "$MSE" home seal --input example/secrets_to_seal.json --receiver-public-key other.pub --code-key "$key" --output wrong.sealed
run 1 "$MSE" home run --sealed-secrets wrong.sealed app
contains "$ERR" "refused the secrets"
run 0 "$MSE" home status app
contains "$OUT" "waiting for its secrets"
run 0 "$MSE" home seal --input example/secrets_to_seal.json --cert ratls.pem --code-key "$key" --output right.sealed
run 0 "$MSE" home run --sealed-secrets right.sealed app
run 0 "$MSE" home stop --remove app
echo "ok"
