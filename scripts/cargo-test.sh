#!/usr/bin/env bash
# Runs `cargo test` with the given arguments and prints one summary line over all test
# binaries. A run that executes no test fails.
set -uo pipefail
label=${TEST_LABEL:-cargo test}
log=$(mktemp)
cargo test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
read -r passed failed ignored < <(awk '/^test result:/ {
    for (i = 1; i <= NF; i++) {
      if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i
    }
  } END { print p+0, f+0, g+0 }' "$log")
rm -f "$log"
echo "== $label: $passed passed, $failed failed, $ignored ignored"
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$passed" -eq 0 ]; then echo "== $label: no test ran"; exit 1; fi
