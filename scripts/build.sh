#!/usr/bin/env bash
# Configures and builds Grove with a CMake preset (release, debug or asan) after setup.
# Usage: scripts/build.sh PRESET [cmake --build args…]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
bash scripts/setup.sh
# Paths relative to the checkout in ccache's keys: a fresh clone elsewhere still hits the cache.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build --preset "$preset" -j "$jobs" "$@"
