#!/usr/bin/env bash
# Installs what is missing, builds, and runs Grove: the desktop app when a display is available,
# otherwise the headless peer groved. Arguments go to the program (e.g. --demo, --profile DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release --target grove groved grovectl grove-relay >/dev/null
export GROVE_TOOL_PATH="${GROVE_TOOL_PATH:-}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
  exec build/release/apps/grove/grove "$@"
fi
echo "run: no display found: starting the headless peer (groved). Drive it with build/release/apps/grovectl/grovectl."
profile="${XDG_DATA_HOME:-$HOME/.local/share}/grove"
args=("$@")
has_profile=0
for a in "${args[@]}"; do [ "$a" = "--profile" ] && has_profile=1; done
if [ "$has_profile" = 0 ]; then args=(--profile "$profile" "${args[@]}"); fi
exec build/release/apps/groved/groved "${args[@]}"
