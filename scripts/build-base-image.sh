#!/usr/bin/env bash
# Builds the enclave base image `mse-base:<version>` from Debian packages only
# (mmdebstrap, no registry), in the engine at $DOCKER_HOST:
#  1. mse-base-rootfs:bookworm — Debian bookworm minbase with python3, Flask,
#     cryptography and the runtime's libraries (built once, then reused);
#  2. mse-base:<version> — that rootfs plus the mse-enclave runtime and the
#     trusted-files manifest /etc/mse/trusted-paths (docs/measurement.md).
#
# The rootfs tarball can be cached across engines: with MSE_ROOTFS_CACHE=FILE
# it is taken from FILE when it exists, else built once into FILE (the test
# suite shares one per run instead of one mmdebstrap per engine).
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
  cache=${MSE_ROOTFS_CACHE:-$work/rootfs.tar}
  [ "$force_rootfs" -eq 1 ] && rm -f "$cache"
  bash scripts/build-rootfs-cache.sh "$cache"
  "${docker_cli[@]}" import "$cache" "$rootfs_tag" >/dev/null
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
# The Gramine manifest template for SGX hardware (docs/sealed-state.md §6): encrypted
# mounts for \$HOME, KEY_PATH and MODULE_PATH keyed to MRENCLAVE, /tmp in enclave memory.
# Not a trusted file of the simulated measurement (it is not loaded in simulation).
RUN mkdir -p /etc/mse/gramine && echo '$(base64 -w0 docs/gramine/mse-enclave.manifest.template)' | base64 -d \
      > /etc/mse/gramine/mse-enclave.manifest.template
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
ENTRYPOINT ["/usr/local/bin/mse-enclave"]
DOCKERFILE
"${docker_cli[@]}" build -q --network host -t "$tag" "$work/context" >/dev/null
echo "build-base-image: $tag ready"
