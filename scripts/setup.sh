#!/usr/bin/env bash
# README command 1: install the dependencies, build, install `mse` on PATH
# (/usr/local/bin) and run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
cmake --install build --prefix /usr/local
bash scripts/main-job.sh
