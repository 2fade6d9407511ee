#!/usr/bin/env bash
# The package test: installs the .debs with `apt-get install ./*.deb` into a brand-new Debian 12
# root (debootstrap --variant=minbase + chroot, as /work/shared/tools/fresh-debian-check makes one),
# then runs grove --version, groved --help, grovectl --version, grove-relay --version, the desktop
# app headless over its screens (every QML import resolves from the packages), builds the
# out-of-tree sample tool (samples/checklist) against the installed grove-sdk, and has groved load
# it next to the built-in tools. Needs root and the Debian mirror.
# Usage: scripts/package-check.sh [DEBDIR]  (default build/package/debs; made by scripts/package.sh
# when it holds no .deb)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "package-check: run as root (debootstrap, chroot)" >&2; exit 2; }
debdir=${1:-build/package/debs}
if ! ls "$debdir"/*.deb >/dev/null 2>&1; then bash scripts/package.sh "$debdir"; fi
debdir=$(cd "$debdir" && pwd)

cache=${FRESH_CACHE:-/var/tmp/grove-fresh}
mkdir -p "$cache"
base=$cache/bookworm-minbase.tar
if [ ! -f "$base" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  rm -rf "$cache/build-root"
  debootstrap --variant=minbase bookworm "$cache/build-root" http://deb.debian.org/debian \
    >"$cache/debootstrap.log" 2>&1 || { echo "package-check: debootstrap failed" >&2; exit 2; }
  tar -C "$cache/build-root" -cf "$base" . && rm -rf "$cache/build-root"
fi
root=$(mktemp -d /var/tmp/grove-package-root.XXXX)
cleanup() {
  for m in dev/pts dev proc sys; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# A user's system has the point releases and security updates too.
cat >"$root/etc/apt/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mkdir -p "$root/debs" "$root/src"
cp "$debdir"/*.deb "$root/debs/"
cp -r samples/checklist "$root/src/checklist"

start=$(date +%s)
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 bash -euo pipefail -c '
step() { echo "package-check: $*"; }
step "apt-get install ./*.deb"
apt-get update -qq
cd /debs && apt-get install -y ./*.deb >/tmp/apt.log 2>&1 || { grep -v "^Get:\|^Selecting\|^Preparing\|^Unpacking\|^Setting up" /tmp/apt.log | tail -n 40; exit 1; }
cd /
step "installed: $(dpkg-query -W -f="\${Package} " grove groved grovectl grove-relay grove-sdk)"
step "grove --version: $(grove --version)"
groved --help | head -n 1
step "grovectl --version: $(grovectl --version)"
step "grove-relay --version: $(grove-relay --version)"
test -f /usr/share/applications/org.grove.Grove.desktop
test -f /usr/share/icons/hicolor/48x48/apps/org.grove.Grove.png
test -f /lib/systemd/system/grove-relay.service
test -f /usr/lib/systemd/user/groved.service

step "the desktop app over its screens, offscreen (every QML import from the packages)"
QT_QPA_PLATFORM=offscreen timeout 300 grove --screenshot-dir /tmp/shots >/tmp/shots.log 2>&1 \
  || { tail -n 30 /tmp/shots.log; exit 1; }
shots=$(ls /tmp/shots/*.png | wc -l)
[ "$shots" -ge 5 ] || { echo "package-check: only $shots screenshots"; exit 1; }
step "$shots screens rendered"

step "build the sample tool against the installed grove-sdk"
apt-get install -y -qq make >/dev/null
cmake -S /src/checklist -B /tmp/checklist -DCMAKE_BUILD_TYPE=Release >/tmp/sample.log 2>&1 \
  || { tail -n 30 /tmp/sample.log; exit 1; }
cmake --build /tmp/checklist -j2 >>/tmp/sample.log 2>&1 || { tail -n 30 /tmp/sample.log; exit 1; }
cmake --install /tmp/checklist --prefix /tmp/tools >>/tmp/sample.log 2>&1
manifest=$(find /tmp/tools -name grove-tool.json | head -n 1)
[ -n "$manifest" ] || { echo "package-check: the sample installed no manifest"; exit 1; }
tools_root=$(dirname "$(dirname "$manifest")")

step "groved loads it beside the built-in tools (GROVE_TOOL_PATH=$tools_root)"
mkdir -p /tmp/profile
GROVE_TOOL_PATH=$tools_root groved --profile /tmp/profile --no-discovery >/tmp/groved.log 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening on" /tmp/groved.log && break; sleep 0.2; done
grep -q "listening on" /tmp/groved.log || { cat /tmp/groved.log; exit 1; }
installed=$(grovectl --profile /tmp/profile tool installed)
echo "$installed"
kill -TERM $pid
wait $pid || { echo "package-check: groved exited $?"; cat /tmp/groved.log; exit 1; }
for id in org.example.checklist org.grove.discussion org.grove.files org.grove.notepad; do
  grep -q "$id" <<<"$installed" || { echo "package-check: $id is not installed"; exit 1; }
done
step "ok"
' </dev/null 2>&1 | tee "$cache/package-check.log"
rc=${PIPESTATUS[0]}
echo "package-check: exited $rc after $(( $(date +%s) - start )) s (log: $cache/package-check.log)"
exit "$rc"
