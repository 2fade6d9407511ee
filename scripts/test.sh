#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite with CTest, then
# the fuzz smoke pass (scripts/fuzz.sh --smoke).
# Usage: scripts/test.sh [--asan] [ctest args…]   (--asan: AddressSanitizer + UBSan build)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=debug
if [ "${1:-}" = "--asan" ]; then preset=asan; shift; fi
bash scripts/build.sh "$preset"
export QT_QPA_PLATFORM=offscreen
jobs=$(nproc 2>/dev/null || echo 2)
ctest --preset "$preset" -j "$jobs" --timeout 600 "$@"
# The full suite also runs every libFuzzer target briefly (clang build in build/fuzz, CTest label
# "fuzz"; see docs/security.md). Skipped when ctest arguments select a subset, or GROVE_FUZZ=0.
if [ $# -eq 0 ] && [ "${GROVE_FUZZ:-1}" != 0 ]; then bash scripts/fuzz.sh --smoke; fi
