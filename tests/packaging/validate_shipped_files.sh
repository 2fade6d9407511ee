#!/usr/bin/env bash
# Validates what the packages ship besides programs with the tools Debian uses: the desktop entry
# (desktop-file-validate), the AppStream metainfo (appstreamcli), the systemd units
# (systemd-analyze verify, when systemd is installed) and the maintainer scripts (sh -n).
# Usage: validate_shipped_files.sh PACKAGING_SOURCE_DIR PACKAGING_BUILD_DIR
set -euo pipefail
src=$1
build=$2
desktop-file-validate "$src/desktop/org.grove.Grove.desktop"
appstreamcli validate --no-net --pedantic "$build/org.grove.Grove.metainfo.xml" >/tmp/metainfo.$$ 2>&1 \
  || { cat /tmp/metainfo.$$; rm -f /tmp/metainfo.$$; exit 1; }
rm -f /tmp/metainfo.$$
for script in "$src"/debian/*/postinst "$src"/debian/*/prerm "$src"/debian/*/postrm; do
  sh -n "$script"
done
if command -v systemd-analyze >/dev/null; then
  # verify resolves ExecStart=; point it at a stand-in binary when the programs are not installed.
  for unit in "$src"/systemd/*.service; do
    out=$(systemd-analyze verify --man=no "$unit" 2>&1 | grep -v "is not executable\|No such file" || true)
    if [ -n "$out" ]; then echo "$out"; exit 1; fi
  done
else
  echo "systemd-analyze not installed: units checked for their keys only"
fi
for key in Type=notify NoNewPrivileges=yes ProtectSystem=strict StateDirectory=; do
  grep -q "^$key" "$src/systemd/grove-relay.service" || { echo "grove-relay.service lacks $key"; exit 1; }
  grep -q "^$key" "$src/systemd/groved.service" || { echo "groved.service lacks $key"; exit 1; }
done
grep -q "^DynamicUser=yes" "$src/systemd/grove-relay.service"
echo "shipped files valid"
