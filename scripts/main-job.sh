#!/usr/bin/env bash
# The main job: what a user of mse does first, on this machine, end to end.
# Until the home flow lands (issue 7) it runs what exists and says so.
set -euo pipefail
mse_bin=${MSE:-mse}
work=$(mktemp -d /tmp/mse-main-job.XXXXXX)
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "mse --version"
"$mse_bin" --version
step "mse --help"
"$mse_bin" --help | head -n 5
step "mse home spawn --help"
"$mse_bin" home spawn --help | head -n 3
echo
echo "main job done (the full home flow comes with issue 7)"
