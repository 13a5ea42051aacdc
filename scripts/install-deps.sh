#!/usr/bin/env bash
# Installs every build, runtime and test dependency of mse from Debian 12's
# apt (nothing else is downloaded). Idempotent: only missing packages are
# installed, and apt's lists are refreshed only when something is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  # libraries named in ARCHITECTURE.md
  libssl-dev libsodium-dev libcurl4-openssl-dev libboost-dev libboost-system-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libarchive-dev libsqlite3-dev
  libpqxx-dev pybind11-dev libpython3.11-dev python3.11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libjwt-dev
  # runtime and test suite
  docker.io mmdebstrap python3 python3-flask python3-nacl python3-cryptography
  python3-requests python3-pytest python3-hypercorn wrk curl openssl time ca-certificates
  # *.localhost through glibc (Python's requests in the cloud app tests)
  libnss-myhostname
  # mse-cloud's PostgreSQL store: tests start their own server (initdb)
  postgresql-15
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run as root" >&2
  exit 1
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
