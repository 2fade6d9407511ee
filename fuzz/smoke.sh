#!/usr/bin/env bash
# One fuzz target's CTest smoke pass: writes its seed corpus (valid messages made by the target
# itself), replays every checked-in input (regressions, crash reproducers), then fuzzes for a
# bounded time. Any crash, leak, timeout or sanitizer report fails the test.
# Usage: smoke.sh BINARY CHECKED_IN_CORPUS WORK_DIR SECONDS [DICT]
set -euo pipefail
bin=$1 checked=$2 work=$3 seconds=$4 dict=${5:-}
name=$(basename "$bin")
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
# The world of fuzz_support.cpp (two accounts and a space) shared by the seed writer and the
# fuzzing processes, rebuilt each pass.
export GROVE_FUZZ_WORLD="$work/world"
rm -rf "$GROVE_FUZZ_WORLD"
rm -f "$work/seeds"/*
GROVE_FUZZ_WRITE_SEEDS="$work/seeds" "$bin"
inputs=("$work/seeds")
if [ -d "$checked" ]; then inputs+=("$checked"); fi
args=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 -print_final_stats=1
      "-artifact_prefix=$work/artifacts/")
if [ -n "$dict" ]; then args+=("-dict=$dict"); fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "== $name: replaying the seed and checked-in corpus"
"$bin" "${args[@]}" -runs=0 "${inputs[@]}"
echo "== $name: fuzzing for ${seconds}s"
if ! "$bin" "${args[@]}" -max_total_time="$seconds" "$work/corpus" "${inputs[@]}"; then
  echo "== $name FAILED: the reproducer is in $work/artifacts/ — fix the bug, then save the input"
  echo "   under fuzz/corpus/$name/ (a regression the smoke pass replays)"
  exit 1
fi
