#!/usr/bin/env bash
# Usage errors exit 2 with a message that says what to do; no crash.
source "$(dirname "$0")/lib.sh"
run 2 "$MSE"
contains "$ERR" "usage: mse"
run 2 "$MSE" home spwan
contains "$ERR" "did you mean 'spawn'?"
run 2 "$MSE" list
contains "$ERR" "mse home list"; contains "$ERR" "mse cloud list"
MSE_DEFAULT_ENV=mars run 2 "$MSE" list
contains "$ERR" "MSE_DEFAULT_ENV"
run 2 "$MSE" home spawn --size 4096 app
contains "$ERR" "--package"
run 2 "$MSE" home seal --input x
contains "$ERR" "--receiver-enclave"
run 2 "$MSE" --colour never home list
contains "$ERR" "did you mean '--color'?"
# A command of one group only needs no group word, even with the other default.
MSE_DEFAULT_ENV=home run 1 "$MSE" login --whoami
contains "$ERR" "You are not logged in yet!"
MSE_DEFAULT_ENV=home run 1 "$MSE" --color never list
contains "$ERR" "cannot reach the Docker engine"   # resolved to `mse home list`
echo "ok"
