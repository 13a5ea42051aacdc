#!/usr/bin/env bash
# Configures and builds mse. Usage: scripts/build.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
jobs=$(nproc)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSE_WERROR=ON "$@"
cmake --build "$build_dir" -j "$jobs"
