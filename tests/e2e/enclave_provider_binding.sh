#!/usr/bin/env bash
# Issue 13, item 2 (provider binding), SIMULATED attestation: an enclave
# started with the package's provider key (--provider-key, as mse-run passes
# the mse.toml `provider_public_key`) refuses every configuration the
# provider did not sign for it — unsigned, signed by another key, signed for
# another app id, or signed over other sealed secrets — with 401 and nothing
# written, then accepts the provider's signed one. The signature is built
# here in Python from docs/provider-binding.md alone (PyNaCl, cryptography),
# an implementation independent of the enclave's. The key is measured: the
# same enclave without it reports another MRENCLAVE.
# Usage: MSE=... MSE_ENCLAVE=... bash enclave_provider_binding.sh
source "$(dirname "$0")/enclave_lib.sh"
enclave_setup "${MSE_ENCLAVE:-}"
enclave_use_sim
enclave_encrypt_app
/usr/bin/python3 - "$WORK" <<'PY'
import sys
from nacl.signing import SigningKey
for name in ("provider", "mallory"):
    key = SigningKey.generate()
    open(f"{sys.argv[1]}/{name}.seed", "wb").write(bytes(key))
    open(f"{sys.argv[1]}/{name}.pub", "w").write("ed25519:" + key.verify_key.encode().hex())
PY
PROVIDER_KEY=$(cat "$WORK/provider.pub")
enclave_start --provider-key "$PROVIDER_KEY"
URL="https://127.0.0.1:$PORT"

# post SIGNER APP_ID SEALED_FROM: builds and sends a configuration whose
# sealed secrets carry the code key; SIGNER "none" sends no signature; the
# signature covers the sealed secrets of SEALED_FROM ("same" or "other").
post() {
  /usr/bin/python3 - "$WORK" "$1" "$2" "$3" <<'PY' > "$WORK/post.json"
import base64, hashlib, json, struct, sys, uuid
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.public import PublicKey, SealedBox
from nacl.signing import SigningKey
work, signer, app_id, sealed_from = sys.argv[1:]
cert = x509.load_pem_x509_certificate(open(f"{work}/key/cert.ratls.pem", "rb").read())
point = cert.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
quote = cert.extensions.get_extension_for_oid(x509.ObjectIdentifier("1.2.840.113741.1337.6")).value.value
enclave_pk = quote[368 + 32:368 + 64]
def seal(key_hex):
    return SealedBox(PublicKey(enclave_pk)).encrypt(json.dumps({"code_secret_key": key_hex}).encode())
code_key = open(f"{work}/code.key", "rb").read().hex()
sealed = seal(code_key)
signed_sealed = sealed if sealed_from == "same" else seal(code_key)
def item(data):
    return b"\x00" if not data else b"\x01" + struct.pack(">Q", len(data)) + data
payload = hashlib.sha256(b"mse-provider-payload-v1\n" + item(signed_sealed) + item(None) + item(None)).digest()
message = b"mse-provider-binding-v1\n" + uuid.UUID(app_id).bytes + point + enclave_pk + payload
assert len(message) == 169
body = {"uuid": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21", "app_secrets": {"login": "operator"},
        "app_sealed_secrets": base64.urlsafe_b64encode(sealed).rstrip(b"=").decode()}
if signer != "none":
    signature = SigningKey(open(f"{work}/{signer}.seed", "rb").read()).sign(message).signature
    body["provider_signature"] = base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
print(json.dumps(body))
PY
  ecurl -o "$WORK/body" -w '%{http_code}' -X POST --data-binary @"$WORK/post.json" "$URL/"
}

refused() {  # refused WHAT CODE
  [[ "$2" == 401 ]] || fail "$1 answered $2, expected 401: $(cat "$WORK/body")"
  [[ -z "$(ls -A "$WORK/mse-app" 2>/dev/null)" && ! -e "$WORK/home/.cache/mse/secrets.json" ]] ||
    fail "$1: something was written"
  ecurl -D - -o /dev/null "$URL/" | grep -qi '^Mse-Status: Waiting' || fail "$1: no longer waiting"
}
refused "an unsigned configuration" "$(post none "$UUID" same)"
grep -q "provider_signature" "$WORK/body" || fail "the refusal does not name provider_signature"
grep -q "$PROVIDER_KEY" "$WORK/body" || fail "the refusal does not name the provider key"
refused "a configuration signed by another key" "$(post mallory "$UUID" same)"
refused "a configuration signed for another app id" "$(post provider 00000000-0000-4000-8000-000000000000 same)"
refused "a signature over other sealed secrets" "$(post provider "$UUID" other)"

code=$(post provider "$UUID" same)
[[ "$code" == 200 ]] || fail "the provider's signed configuration answered $code: $(cat "$WORK/body")"
[[ "$(ecurl "$URL/health")" == OK ]] || fail "/health after the signed configuration"
[[ "$(ecurl "$URL/whoami")" == operator ]] || fail "the operator's plaintext app_secrets were not served"
cp "$WORK/key/cert.ratls.pem" "$WORK/with-key.pem"
enclave_stop

# The provider key is measured: the same enclave without it is another MRENCLAVE.
mv "$WORK/key" "$WORK/key-with"
enclave_start
enclave_stop
/usr/bin/python3 - "$WORK/with-key.pem" "$WORK/key/cert.ratls.pem" <<'PY' || fail "the provider key is not measured"
import sys
from cryptography import x509
def mrenclave(path):
    cert = x509.load_pem_x509_certificate(open(path, "rb").read())
    quote = cert.extensions.get_extension_for_oid(x509.ObjectIdentifier("1.2.840.113741.1337.6")).value.value
    return quote[112:144]
sys.exit(0 if mrenclave(sys.argv[1]) != mrenclave(sys.argv[2]) else 1)
PY
echo PASS
