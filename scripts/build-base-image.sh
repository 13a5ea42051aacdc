#!/usr/bin/env bash
# Builds the enclave base image `mse-base:<version>` from Debian packages only
# (mmdebstrap, no registry): Debian bookworm, python3 with Flask and
# cryptography, the libraries of the mse-enclave runtime, the runtime itself
# and the trusted-files manifest. Imported into the engine at $DOCKER_HOST.
#
# Usage: scripts/build-base-image.sh --enclave PATH [--tag mse-base:0.1.0] [--force]
set -euo pipefail
cd "$(dirname "$0")/.."

tag="mse-base:$(sed -n 's/.*kMseVersion\[\] = "\(.*\)";/\1/p' src/cli/version.h)"
enclave=""
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --enclave) enclave=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build-base-image: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$enclave" ] && [ -x "$enclave" ] || { echo "build-base-image: --enclave must name the mse-enclave binary" >&2; exit 2; }
docker_cli=(docker -H "${DOCKER_HOST:-unix:///var/run/docker.sock}")

if [ "$force" -eq 0 ] && "${docker_cli[@]}" image inspect "$tag" >/dev/null 2>&1; then
  echo "build-base-image: $tag already present (use --force to rebuild)"
  exit 0
fi

work=$(mktemp -d /tmp/mse-base-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
packages=python3,python3-flask,python3-cryptography,libssl3,libsodium23,libpython3.11,libcurl4,libarchive13,ca-certificates
echo "build-base-image: debootstrapping bookworm with $packages"
mmdebstrap --variant=minbase --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --customize-hook="copy-in '$enclave' /usr/local/bin/" \
  --customize-hook='chroot "$1" sh -c "rm -rf /var/cache/apt/* /var/lib/apt/lists/*"' \
  --customize-hook="chroot \"\$1\" sh -c 'mkdir -p /etc/mse && find /usr/local/bin/mse-enclave /usr/bin/python3.11 /usr/lib/python3.11 /usr/lib/python3/dist-packages -type f | LC_ALL=C sort > /etc/mse/trusted-paths'" \
  bookworm "$work/rootfs.tar" >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; exit 1; }

echo "build-base-image: importing $tag"
"${docker_cli[@]}" import \
  --change 'ENTRYPOINT ["/usr/local/bin/mse-enclave"]' \
  --change 'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1' \
  --change 'LABEL org.opencontainers.image.title=mse-base' \
  "$work/rootfs.tar" "$tag" >/dev/null
echo "build-base-image: $tag ready"
