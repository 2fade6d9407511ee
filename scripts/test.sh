#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite with CTest.
# Usage: scripts/test.sh [--asan] [ctest args…]   (--asan: AddressSanitizer + UBSan build)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=debug
if [ "${1:-}" = "--asan" ]; then preset=asan; shift; fi
bash scripts/build.sh "$preset"
export QT_QPA_PLATFORM=offscreen
jobs=$(nproc 2>/dev/null || echo 2)
ctest --preset "$preset" -j "$jobs" --timeout 600 "$@"
