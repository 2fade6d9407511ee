#!/usr/bin/env bash
# grovectl backup against a running groved: an account, a space and a chat message are backed up
# while groved serves, restored into a new directory, and a second groved on the restored profile
# unlocks with the account passphrase and shows the message. Usage: backup_cli_test.sh GROVED GROVECTL
set -euo pipefail
groved=$1
grovectl=$2
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
printf 'account passphrase' >account.pass
printf 'backup passphrase' >backup.pass

start_groved() {  # PROFILE LOG
  "$groved" --profile "$1" --no-discovery >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 150); do grep -q "listening on" "$2" && return 0; sleep 0.2; done
  cat "$2"
  return 1
}

start_groved live live.log
"$grovectl" account create --name Ada --passphrase-file account.pass --profile live >/dev/null
"$grovectl" space create Plans --profile live >/dev/null
"$grovectl" chat post Plans "written just before the backup" --profile live >/dev/null
"$grovectl" backup create plans.grovebak --profile live --passphrase-file backup.pass
verified=$("$grovectl" backup verify plans.grovebak --passphrase-file - --json <backup.pass)
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["stores"] >= 1 and d["files"] >= 2, d' \
  "$verified"

# Refusals exit with their documented codes and write nothing.
set +e
printf 'wrong' | "$grovectl" backup restore plans.grovebak --profile nope --passphrase-file -
[ $? -eq 3 ] || { echo "a wrong passphrase must exit 3"; exit 1; }
"$grovectl" backup create plans.grovebak --profile live --passphrase-file backup.pass
[ $? -eq 6 ] || { echo "an existing archive must exit 6"; exit 1; }
set -e
[ ! -e nope ] || { echo "a failed restore left a directory"; exit 1; }

"$grovectl" backup restore plans.grovebak --profile restored --passphrase-file backup.pass
start_groved restored restored.log
"$grovectl" account unlock --passphrase-file account.pass --profile restored >/dev/null
"$grovectl" chat list Plans --profile restored | grep -q "written just before the backup" \
  || { echo "the restored profile lacks the message"; exit 1; }
echo "ok"
