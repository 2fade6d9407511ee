#!/usr/bin/env bash
# Builds the Debian packages — grove, groved, grovectl, grove-relay, grove-sdk — from a release build
# (build/package, installed under /usr), then checks each with lintian (errors fail the run).
# Usage: scripts/package.sh [OUTDIR]            (default OUTDIR: build/package/debs)
# Environment: GROVE_PACKAGE_BUILD_TYPE (default Release), GROVE_PACKAGE_BUILD_DIR (default
# build/package), GROVE_JOBS (default 2). See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build_type=${GROVE_PACKAGE_BUILD_TYPE:-Release}
build_dir=${GROVE_PACKAGE_BUILD_DIR:-build/package}
out=${1:-$build_dir/debs}
jobs=${GROVE_JOBS:-2}
bash scripts/setup.sh
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1

# Debian's hardening flags (fortify, stack protector, relro/now) as dpkg-buildflags gives them.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cppflags=$(dpkg-buildflags --get CPPFLAGS)
ldflags=$(dpkg-buildflags --get LDFLAGS)
hardening_cxx="$cppflags -fstack-protector-strong -fstack-clash-protection -fcf-protection"
if [ "$build_type" = Debug ]; then hardening_cxx=""; fi  # keep a debug build's ccache hits

cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE="$build_type" \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -DGROVE_BUILD_TESTS=OFF -DGROVE_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$hardening_cxx" -DCMAKE_C_FLAGS="$hardening_cxx" \
  -DCMAKE_EXE_LINKER_FLAGS="$ldflags" -DCMAKE_MODULE_LINKER_FLAGS="$ldflags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" >/dev/null
cmake --build "$build_dir" -j "$jobs"

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
(cd "$build_dir" && cpack -G DEB -B "$out/.cpack" >/dev/null)
mv "$out"/.cpack/*.deb "$out"/
rm -rf "$out/.cpack"

status=0
for deb in "$out"/*.deb; do
  echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
  dpkg-deb --field "$deb" Depends | fold -s -w 100 | sed 's/^/  depends: /'
  # Errors fail the run; warnings are shown. The suppressed tags are explained in docs/packaging.md.
  if ! report=$(lintian --allow-root --fail-on error --suppress-tags-from-file packaging/debian/lintian-suppressed \
      "$deb" 2>&1); then
    status=1
  fi
  [ -z "$report" ] || sed 's/^/  lintian: /' <<<"$report"
done
if [ "$status" -ne 0 ]; then
  echo "package: lintian reported errors" >&2
  exit 1
fi
echo "package: $(ls "$out"/*.deb | wc -l) packages in $out"
