#!/usr/bin/env bash
# libFuzzer targets (fuzz/), built by clang in build/fuzz with ASan + UBSan, apart from the gcc
# build. Only the platform libraries the targets need are compiled.
# Usage:
#   scripts/fuzz.sh [--smoke]                 build, then every target's bounded smoke pass (CTest
#                                             label "fuzz"; GROVE_FUZZ_SECONDS per target, default 15)
#   scripts/fuzz.sh --build                   build only
#   scripts/fuzz.sh --list                    the targets
#   scripts/fuzz.sh --run TARGET SECONDS [libFuzzer args…]
#                                             one target for SECONDS (hours: 3600…), corpus kept in
#                                             build/fuzz/fuzz/corpus/TARGET/corpus; e.g. -fork=2
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---smoke}
shift || true
bash scripts/setup.sh
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
dir=build/fuzz
seconds=${GROVE_FUZZ_SECONDS:-15}
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_C_FLAGS_DEBUG=$flags" "-DCMAKE_CXX_FLAGS_DEBUG=$flags" \
    -DGROVE_BUILD_TESTS=OFF -DGROVE_BUILD_BENCH=OFF -DGROVE_BUILD_APP=OFF -DGROVE_BUILD_FUZZ=ON \
    "-DGROVE_FUZZ_SECONDS=$seconds" >/dev/null
else
  cmake "$dir" "-DGROVE_FUZZ_SECONDS=$seconds" >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
targets() { sed -n '/^set(GROVE_FUZZERS/,/)/p' fuzz/CMakeLists.txt | grep -o 'fuzz_[a-z_]*'; }
case "$mode" in
  --list) targets ;;
  --build) cmake --build "$dir" -j "$jobs" --target grove_fuzzers ;;
  --smoke)
    cmake --build "$dir" -j "$jobs" --target grove_fuzzers
    ctest --test-dir "$dir" -L fuzz -j "$jobs" --output-on-failure
    ;;
  --run)
    target=${1:?usage: scripts/fuzz.sh --run TARGET SECONDS [libFuzzer args…]}
    secs=${2:?usage: scripts/fuzz.sh --run TARGET SECONDS [libFuzzer args…]}
    shift 2
    cmake --build "$dir" -j "$jobs" --target "$target"
    work=$dir/fuzz/corpus/$target
    mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
    export GROVE_FUZZ_WORLD="$work/world"   # the accounts and space the seeds are made for
    rm -rf "$GROVE_FUZZ_WORLD"
    GROVE_FUZZ_WRITE_SEEDS="$work/seeds" "$dir/fuzz/$target"
    args=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 -print_final_stats=1
          "-artifact_prefix=$work/artifacts/" -max_total_time="$secs")
    [ -f "fuzz/dict/$target.dict" ] && args+=("-dict=fuzz/dict/$target.dict")
    inputs=("$work/corpus" "$work/seeds")
    [ -d "fuzz/corpus/$target" ] && inputs+=("fuzz/corpus/$target")
    exec "$dir/fuzz/$target" "${args[@]}" "$@" "${inputs[@]}"
    ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
