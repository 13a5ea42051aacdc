#!/usr/bin/env bash
# A package tar holding `../x`, an absolute path or a symlink escaping the
# destination is refused before anything is written: one line naming the
# package and the member, exit 1, no file outside, no work directory left.
source "$(dirname "$0")/lib.sh"
cd "$E2E_TMP"
cat > evidence.json <<'JSON'
{
    "input_args": {
        "subject": "CN=localhost",
        "subject_alternative_name": "localhost",
        "expiration_date": 1900000000,
        "size": 4096,
        "app_id": "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21",
        "application": "app:app"
    },
    "ratls_certificate": "",
    "root_ca_crl": "",
    "pck_platform_crl": "",
    "tcb_info": "",
    "qe_identity": "",
    "tcb_cert": "",
    "signer_pk": ""
}
JSON
mkdir -p out pkgs
/usr/bin/python3 - <<'PY'
import io, tarfile
def add(t, name, data=b"x", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name); info.type = kind; info.linkname = link; info.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
for label, members in {
    "dotdot": [("app.tar", b"a"), ("../escaped", b"evil")],
    "absolute": [("app.tar", b"a"), ("/tmp/mse-e2e-absolute-escape", b"evil")],
    "symlink": [("app.tar", b"a"), ("link", "symlink:/etc"), ("link/passwd", b"evil")],
}.items():
    with tarfile.open(f"pkgs/{label}.tar", "w", format=tarfile.GNU_FORMAT) as t:
        for name, data in members:
            if isinstance(data, str) and data.startswith("symlink:"):
                add(t, name, kind=tarfile.SYMTYPE, link=data[len("symlink:"):])
            else:
                add(t, name, data)
PY
for label in dotdot absolute symlink; do
  run 1 "$MSE" home verify --package "pkgs/$label.tar" --evidence evidence.json --output out
  contains "$ERR" "pkgs/$label.tar"
  [ "$(echo "$ERR" | grep -c .)" -eq 1 ] || fail "$label: error is not one line: $ERR"
  [ -z "$(ls -A out)" ] || fail "$label: output written"
  [ -z "$(ls -A pkgs | grep -v '\.tar$')" ] || fail "$label: work directory left beside the package: $(ls -A pkgs)"
done
contains "$("$MSE" home verify --package pkgs/dotdot.tar --evidence evidence.json --output out 2>&1)" "'../escaped'"
[ ! -e "$E2E_TMP/escaped" ] && [ ! -e /tmp/mse-e2e-absolute-escape ] || fail "a member escaped"
echo "ok"
