#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60): the short run CI
# does. A long run is the same with more time, e.g. `scripts/fuzz.sh 3600`.
# New inputs go to a scratch folder, so the committed seed corpora stay as
# they are; a crash stops the run and leaves its input in fuzz/artifacts/.
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/../fuzz"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

for target in $(cargo fuzz list); do
  scratch=$(mktemp -d)
  log="$scratch.log"
  echo "fuzzing $target for ${seconds}s"
  if ! cargo fuzz run "$target" "$scratch" "corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    # The failing input's dump can be long: show the failure itself first.
    grep -E -A4 "panicked at|ERROR: libFuzzer|==[0-9]+==ERROR" "$log" | head -n 30 || true
    tail -n 40 "$log"
    echo "fuzz target $target failed: the input is in fuzz/artifacts/$target/"
    exit 1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$log"
  rm -rf "$scratch" "$log"
done
