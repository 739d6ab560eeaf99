#!/usr/bin/env bash
# The fuzz smoke suite of ./deltag test: each target runs over its seed corpus plus a fixed
# number of new inputs (fixed seed, so a run is reproducible); a crash or a broken invariant
# fails that target. Prints node's "# pass N" / "# fail M" summary for run_suite.
# Usage: smoke.sh FUZZ_BIN_DIR SEEDS_DIR [NEW_INPUTS]
set -uo pipefail
bin="$1" seeds="$2" new="${3:-3000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
for target in registration validation event headers csv; do
  n=$(find "$seeds/$target" -type f | wc -l)
  mkdir -p "$work/$target"
  # New inputs go to the first (empty) folder: the seeds stay as made.
  if "$bin/fuzz_$target" -seed=1 -runs=$((n + new)) -artifact_prefix="$work/$target-" \
       "$work/$target" "$seeds/$target" >"$work/$target.log" 2>&1; then
    pass=$((pass + 1))
    echo "ok - fuzz_$target: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$target.log" | tail -n1)"
  else
    fail=$((fail + 1))
    echo "not ok - fuzz_$target"
    grep -E 'invariant broken|detail:|ERROR:|SUMMARY:|Test unit written' "$work/$target.log" | head -n 12 | sed 's/^/  /'
    for f in "$work/$target"-*; do [ -f "$f" ] && { echo "  input (base64): $(base64 -w0 "$f" | head -c 2000)"; }; done
  fi
done
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]
