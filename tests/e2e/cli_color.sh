#!/usr/bin/env bash
# Colour: never → no escape codes; always → escapes; auto → only on a tty
# and never with NO_COLOR.
source "$(dirname "$0")/lib.sh"
esc=$'\033['
run 1 "$MSE" --color always home list
contains "$ERR" "$esc" "stderr with --color always"
run 1 "$MSE" --color never home list
not_contains "$ERR" "$esc" "stderr with --color never"
contains "$ERR" "error: "
run 1 "$MSE" home list   # auto, not a tty
not_contains "$ERR" "$esc" "stderr with --color auto on a pipe"
# On a pseudo-terminal (script(1)), auto colours unless NO_COLOR is set.
tty_out=$(script -qec "$MSE home list" /dev/null || true)
contains "$tty_out" "$esc" "auto on a tty"
tty_out=$(NO_COLOR=1 script -qec "$MSE home list" /dev/null || true)
not_contains "$tty_out" "$esc" "auto on a tty with NO_COLOR"
echo "ok"
