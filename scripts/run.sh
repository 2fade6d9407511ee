#!/usr/bin/env bash
# Installs what is missing, builds, and runs Grove: the desktop app when a display is available,
# otherwise the headless peer groved. Arguments go to the program (e.g. --demo, --profile DIR).
# Headless --demo: a temporary profile with a demo account, a space, chat and a Discussion.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release --target grove groved grovectl grove-relay grove_discussion >/dev/null
bin=build/release/apps
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
  exec "$bin/grove/grove" "$@"
fi

echo "run: no display found: starting the headless peer (groved)."
demo=0
args=()
for a in "$@"; do
  if [ "$a" = "--demo" ]; then demo=1; else args+=("$a"); fi
done

if [ "$demo" = 0 ]; then
  has_profile=0
  for a in "${args[@]+"${args[@]}"}"; do [ "$a" = "--profile" ] && has_profile=1; done
  if [ "$has_profile" = 0 ]; then
    args=(--profile "${XDG_DATA_HOME:-$HOME/.local/share}/grove" "${args[@]+"${args[@]}"}")
  fi
  echo "run: drive it with $bin/grovectl/grovectl --profile DIR … (see README)"
  exec "$bin/groved/groved" "${args[@]}"
fi

profile=$(mktemp -d /tmp/grove-demo.XXXXXX)
"$bin/groved/groved" --profile "$profile" "${args[@]+"${args[@]}"}" &
daemon=$!
cleanup() { kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; rm -rf "$profile"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ctl=("$bin/grovectl/grovectl" --profile "$profile")
for _ in $(seq 1 100); do [ -S "$profile/api.sock" ] && break; sleep 0.1; done
printf 'demo passphrase' > "$profile/demo-passphrase"
"${ctl[@]}" account create --name "Demo User" --passphrase-file "$profile/demo-passphrase" >/dev/null
space=$("${ctl[@]}" space create "Welcome to Grove")
"${ctl[@]}" chat post "$space" "Hello! This space lives only on your devices, encrypted." >/dev/null
"${ctl[@]}" chat post "$space" "Try: grovectl chat list, tool list, discussion topics" >/dev/null
if "${ctl[@]}" tool add "$space" org.grove.discussion --name "Design notes" >/dev/null 2>&1; then
  echo "run: added a Discussion tool instance"
fi
echo
echo "Demo peer running with a temporary profile: $profile"
echo "  ${ctl[*]} space list"
echo "  ${ctl[*]} chat list \"Welcome to Grove\""
echo "  ${ctl[*]} watch \"Welcome to Grove\""
echo "Stop with Ctrl-C (the demo profile is deleted)."
wait $daemon
