#!/usr/bin/env bash
# Builds the Debian rootfs of the enclave base image once into FILE (the
# MSE_ROOTFS_CACHE of scripts/build-base-image.sh), unless FILE exists.
# No Docker engine needed: mmdebstrap writes the tarball directly.
# Usage: scripts/build-rootfs-cache.sh FILE
set -euo pipefail
out=${1:?usage: $0 FILE}
if [ -s "$out" ]; then
  echo "build-rootfs-cache: $out already built"
  exit 0
fi
cd "$(dirname "$0")/.."
mkdir -p "$(dirname "$out")"
work=$(mktemp -d /tmp/mse-rootfs.XXXXXX)
trap 'rm -rf "$work"' EXIT
packages=python3,python3-flask,python3-cryptography,libssl3,libsodium23,libpython3.11,libcurl4,libarchive13,ca-certificates
echo "build-rootfs-cache: debootstrapping bookworm with $packages (about a minute)"
mmdebstrap --variant=minbase --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --customize-hook='chroot "$1" sh -c "rm -rf /var/cache/apt/* /var/lib/apt/lists/*"' \
  bookworm "$work/rootfs.tar" >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; exit 1; }
mv "$work/rootfs.tar" "$out.tmp.$$" && mv "$out.tmp.$$" "$out"
echo "build-rootfs-cache: $out ready"
