#!/usr/bin/env bash
# Builds the enclave base image `mse-base:<version>` from Debian packages only
# (mmdebstrap, no registry), in the engine at $DOCKER_HOST:
#  1. mse-base-rootfs:bookworm — Debian bookworm minbase with python3, Flask,
#     cryptography and the runtime's libraries (built once, then reused);
#  2. mse-base:<version> — that rootfs plus the mse-enclave runtime and the
#     trusted-files manifest /etc/mse/trusted-paths (docs/measurement.md).
#
# Usage: scripts/build-base-image.sh --enclave PATH [--tag mse-base:0.1.0] [--force-rootfs]
set -euo pipefail
cd "$(dirname "$0")/.."

tag="mse-base:$(sed -n 's/.*kMseVersion\[\] = "\(.*\)";/\1/p' src/cli/version.h)"
rootfs_tag="mse-base-rootfs:bookworm"
enclave=""
force_rootfs=0
while [ $# -gt 0 ]; do
  case "$1" in
    --enclave) enclave=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --force-rootfs) force_rootfs=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-base-image: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$enclave" ] && [ -x "$enclave" ] || { echo "build-base-image: --enclave must name the mse-enclave binary" >&2; exit 2; }
docker_cli=(docker -H "${DOCKER_HOST:-unix:///var/run/docker.sock}")

work=$(mktemp -d /tmp/mse-base-image.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ "$force_rootfs" -eq 1 ] || ! "${docker_cli[@]}" image inspect "$rootfs_tag" >/dev/null 2>&1; then
  packages=python3,python3-flask,python3-cryptography,libssl3,libsodium23,libpython3.11,libcurl4,libarchive13,ca-certificates
  echo "build-base-image: debootstrapping bookworm with $packages (about a minute)"
  mmdebstrap --variant=minbase --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook='chroot "$1" sh -c "rm -rf /var/cache/apt/* /var/lib/apt/lists/*"' \
    bookworm "$work/rootfs.tar" >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; exit 1; }
  "${docker_cli[@]}" import "$work/rootfs.tar" "$rootfs_tag" >/dev/null
  rm -f "$work/rootfs.tar"
fi

echo "build-base-image: adding mse-enclave to $tag"
mkdir -p "$work/context"
install -m 755 -s "$enclave" "$work/context/mse-enclave"   # stripped: no debug info in the image
cat > "$work/context/Dockerfile" <<DOCKERFILE
FROM $rootfs_tag
COPY mse-enclave /usr/local/bin/mse-enclave
# The files the simulated platform measures: the runtime, the interpreter,
# its standard library and site-packages (docs/measurement.md).
RUN chmod 755 /usr/local/bin/mse-enclave && mkdir -p /etc/mse && find /usr/local/bin/mse-enclave /usr/bin/python3.11 /usr/lib/python3.11 \
      /usr/lib/python3/dist-packages -type f | LC_ALL=C sort > /etc/mse/trusted-paths
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
ENTRYPOINT ["/usr/local/bin/mse-enclave"]
DOCKERFILE
"${docker_cli[@]}" build -q --network host -t "$tag" "$work/context" >/dev/null
echo "build-base-image: $tag ready"
