"""Lagging past a relay's retention with real processes: grove-relay with a 2-second retention, a
member groved and a relay-only groved. The relay-only peer, back after the relay expired what it
lacks and with no member online, reports it in `grovectl sync status --json` (behind_retention,
the missing range, the note) and as a `sync_changed` event; once the member is back it catches
up (through the relay's refill or a direct link) and the report clears, with equal digests."""
import json
import os
import subprocess
import tempfile
import shutil

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json, read_line, reap, spawn
from tool_support import wait_for

RELAY = os.environ.get("GROVE_RELAY", "")
SYNC_TIMEOUT = 60


class RetentionTest(GroveTestCase):

    def setUp(self):
        super().setUp()
        if not RELAY:
            self.skipTest("GROVE_RELAY is not set (run through ctest)")
        self.relay_dir = tempfile.mkdtemp(prefix="grove-it-relay-", dir="/tmp")
        self.addCleanup(shutil.rmtree, self.relay_dir, True)
        self.relay = spawn([RELAY, "--data", self.relay_dir, "--listen", "127.0.0.1:0",
                            "--retention-seconds", "2"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        self.addCleanup(self.stop_relay)
        line = read_line(self.relay.stdout, 30)
        self.assertTrue(line and line.startswith("listening "), line)
        self.relay_address = line.split()[1]

    def stop_relay(self):
        if self.relay.poll() is None:
            self.relay.kill()
        reap(self.relay, 10)
        self.relay.stdout.close()

    def relay_status(self):
        out = subprocess.run([RELAY, "--status", "--json", "--listen", self.relay_address,
                              "--data", self.relay_dir],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def status(self, profile, space):
        return grovectl_json("sync", "status", space, profile=profile)

    def test_relay_only_peer_behind_retention_is_told_then_catches_up(self):
        member = ("--listen", "127.0.0.1:0", "--relay", self.relay_address)
        a = self.start_groved(*member)
        self.api(a).create_account("Ada")
        space = self.api(a).create_space("Long away").id
        code = grovectl_json("invite", space, profile=self.profile)["code"]
        profile_c = Profile()
        self.addCleanup(profile_c.cleanup)
        c = self.start_groved("--relay", self.relay_address, profile=profile_c)
        self.api(c).create_account("Cy")
        joined = grovectl("join", code, profile=profile_c, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        self.assertEqual(c.stop(), 0)

        for i in range(20):
            self.api(a).post(space, "while Cy is away %d" % i)
        wait_for(lambda: self.relay_status()["expired_deltas"] >= 20, SYNC_TIMEOUT,
                 "the relay to take and expire Ada's posts")
        floor = self.relay_status()["per_space"][0]["retention_floor"]
        self.assertEqual(len(floor), 1)
        self.assertEqual(a.stop(), 0)

        # Cy back with no link at first; watching before it dials the relay, so that no event
        # can pass unseen; then only the relay.
        c = self.start_groved(profile=profile_c)
        self.api(c).unlock()
        watch = spawn([os.environ["GROVE_GROVECTL"], "--profile", profile_c.dir, "watch", space,
                       "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: (watch.kill(), reap(watch, 10), watch.stdout.close(),
                                 watch.stderr.close()))
        live = read_line(watch.stderr, 30)
        self.assertTrue(live and "watching" in live, live)
        dialed = grovectl("peer", "connect", "--relay", self.relay_address, profile=profile_c)
        self.assertEqual(dialed.returncode, 0, dialed.stderr)
        st = wait_for(lambda: (lambda s: s if s["behind_retention"] else None)(
            self.status(profile_c, space)), SYNC_TIMEOUT, "Cy to report it lags past retention")
        self.assertEqual(len(st["missing"]), 1)
        self.assertEqual(st["missing"][0]["device_id"], floor[0]["device_id"])
        self.assertEqual(st["missing"][0]["to_sequence"], floor[0]["seq"])
        self.assertIn("waiting for a member device", st["retention_note"])
        self.assertEqual(st["pending"], 0)
        self.assertEqual(self.relay_status()["lagging_devices"], 1)
        text = grovectl("sync", "status", space, profile=profile_c)
        self.assertIn("BEHIND RETENTION", text.stdout)

        a = self.start_groved(*member)
        self.api(a).unlock()
        wait_for(lambda: not self.status(profile_c, space)["behind_retention"] and
                 self.status(profile_c, space)["state_digest"] ==
                 self.status(self.profile, space)["state_digest"], SYNC_TIMEOUT,
                 "Cy to catch up and the gap to clear")
        self.assertEqual(self.status(profile_c, space)["heads_digest"],
                         self.status(self.profile, space)["heads_digest"])
        self.assertEqual(len(self.api(c).list_chat(space)), 20)
        kinds = []
        while len(kinds) < 2:
            line = read_line(watch.stdout, 10)
            if line is None:
                break
            event = json.loads(line)
            if event.get("kind") == "sync_changed":
                kinds.append(event)
        self.assertEqual(len(kinds), 2, "fell behind, caught up")
