"""Devices from the command line with real peers on loopback: `device pair` on a groved with an
account, `device join CODE` on a groved running on an empty profile; the new device gets the
identity, the spaces and their history, writes as the same member; `device list` on both;
`device revoke` drops the spaces on the revoked device; reused, tampered and misplaced codes fail
with a clear message and exit code."""
import json
import os

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json
from tool_support import tool_env, wait_for

SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge


class DevicesTest(GroveTestCase):

    def daemon(self, profile=None):
        if profile is None:
            profile = Profile()
            self.addCleanup(profile.cleanup)
        daemon = self.start_groved("--listen", "127.0.0.1:0", profile=profile,
                                   env=tool_env(profile.root))
        return profile, daemon

    def ctl(self, *args, profile, expect=0):
        result = grovectl(*args, profile=profile, timeout=150)
        self.assertEqual(result.returncode, expect,
                         "grovectl %s: exit %d, stderr: %s" % (args, result.returncode,
                                                               result.stderr))
        return result

    def chat_texts(self, profile, space):
        return [m["text"] for m in grovectl_json("chat", "list", space, profile=profile)["messages"]]

    def test_pair_sync_list_revoke(self):
        a, daemon_a = self.daemon(self.profile)
        ada = grovectl_json("account", "create", "--name", "Ada", "--passphrase-file",
                            a.passphrase_file, profile=a)
        space = grovectl_json("space", "create", "Plans", profile=a)
        self.ctl("chat", "post", "Plans", "before pairing", profile=a)

        # B: groved on an empty profile, no account.
        b, daemon_b = self.daemon()
        self.ctl("account", "show", profile=b, expect=4)

        # The code, as text (stdout: the code alone; stderr: what to do with it) and as JSON.
        shown = self.ctl("device", "pair", "--expires", "10m", profile=a)
        code = shown.stdout.strip()
        self.assertTrue(code.startswith("grove-pair:"), shown.stdout)
        self.assertIn("device join", shown.stderr)

        joined = self.ctl("device", "join", code, "--passphrase-file", b.passphrase_file,
                          "--json", profile=b)
        account = json.loads(joined.stdout)
        self.assertEqual(account["identity_id"], ada["identity_id"])
        self.assertEqual(account["display_name"], "Ada")
        self.assertNotEqual(account["device_id"], ada["device_id"])
        self.assertTrue(account["unlocked"])

        # B holds the space and its history, and writes as Ada.
        spaces = grovectl_json("space", "list", profile=b)["spaces"]
        self.assertEqual([(s["id"], s["name"]) for s in spaces], [(space["id"], "Plans")])
        wait_for(lambda: "before pairing" in self.chat_texts(b, "Plans"), SYNC_TIMEOUT,
                 "the history on the new device")
        self.ctl("chat", "post", "Plans", "from the new device", profile=b)
        wait_for(lambda: "from the new device" in self.chat_texts(a, "Plans"), SYNC_TIMEOUT,
                 "the new device's post on the first")
        self.ctl("chat", "post", "Plans", "after pairing", profile=a)
        wait_for(lambda: "after pairing" in self.chat_texts(b, "Plans"), SYNC_TIMEOUT,
                 "a later post on the new device")
        members = grovectl_json("member", "list", "Plans", profile=a)["members"]
        self.assertEqual(len(members), 1)
        self.assertEqual(len(members[0]["devices"]), 2)

        # Both devices list both devices, each marking itself.
        def devices(profile):
            return grovectl_json("device", "list", profile=profile)["devices"]
        wait_for(lambda: len(devices(b)) == 2, SYNC_TIMEOUT, "two devices on the new device")
        for profile, me in ((a, ada["device_id"]), (b, account["device_id"])):
            listed = devices(profile)
            self.assertEqual(sorted(d["device_id"] for d in listed),
                             sorted([ada["device_id"], account["device_id"]]))
            self.assertEqual([d["device_id"] for d in listed if d["this_device"]], [me])
            self.assertFalse(any(d["revoked"] for d in listed))
        text = self.ctl("device", "list", profile=a).stdout
        self.assertIn("(this device)", text)
        self.assertEqual(len(text.strip().splitlines()), 2)

        # After a restart the new device is an ordinary peer: its own passphrase, --peer.
        daemon_b.stop()
        self.start_groved("--peer", daemon_a.peer_address, profile=b, env=tool_env(b.root))
        self.ctl("account", "unlock", "--passphrase-file", b.passphrase_file, profile=b)
        self.ctl("chat", "post", "Plans", "after the restart", profile=a)
        wait_for(lambda: "after the restart" in self.chat_texts(b, "Plans"), SYNC_TIMEOUT,
                 "a post reaching the restarted device")

        # The code was used: a third, empty profile cannot pair with it.
        c, _ = self.daemon()
        reused = self.ctl("device", "join", code, "--passphrase-file", c.passphrase_file,
                          profile=c, expect=7)
        self.assertIn("cannot pair this device", reused.stderr)
        self.assertIn("used", reused.stderr)
        self.ctl("account", "show", profile=c, expect=4)
        # A tampered code fails its checksum; a profile with an account cannot be paired into.
        body = code[len("grove-pair:"):]
        tampered = "grove-pair:" + ("a" if body[0] != "a" else "b") + body[1:]
        bad = self.ctl("device", "join", tampered, "--passphrase-file", c.passphrase_file,
                       profile=c, expect=2)
        self.assertIn("cannot pair this device", bad.stderr)
        fresh = self.ctl("device", "pair", profile=a).stdout.strip()
        taken = self.ctl("device", "join", fresh, "--passphrase-file", b.passphrase_file,
                         profile=b, expect=6)
        self.assertIn("already has an account", taken.stderr)
        not_a_code = self.ctl("device", "join", "grove-invite:abc", "--passphrase-file",
                              c.passphrase_file, profile=c, expect=2)
        self.assertIn("grove-pair:", not_a_code.stderr)
        self.ctl("device", "pair", "--expires", "2h", profile=a, expect=2)

        self.assertIn("revoke it from another",
                      self.ctl("device", "revoke", ada["device_id"], profile=a, expect=2).stderr)
        # Revoking the new device: the space re-keys without it, and it drops the space.
        revoked = grovectl_json("device", "revoke", account["device_id"][:12], profile=a)
        self.assertEqual(revoked, {"revoked": account["device_id"][:12]})
        listed = {d["device_id"]: d for d in devices(a)}
        self.assertTrue(listed[account["device_id"]]["revoked"])
        self.ctl("chat", "post", "Plans", "after revocation", profile=a)
        wait_for(lambda: grovectl_json("space", "list", profile=b)["spaces"] == [],
                 SYNC_TIMEOUT, "the revoked device dropping the space")

    def test_pairing_needs_a_listening_peer_and_the_profile_token(self):
        a = self.profile
        self.start_groved(profile=a, env=tool_env(a.root))  # no --listen
        grovectl_json("account", "create", "--name", "Ada", "--passphrase-file",
                      a.passphrase_file, profile=a)
        no_links = self.ctl("device", "pair", profile=a, expect=6)
        self.assertIn("--listen", no_links.stderr)
        # A per-client admin token may list devices but not pair a profile.
        token_file = os.path.join(a.root, "admin.token")
        self.ctl("token", "create", "ops", "--scope", "admin", "--save", token_file, profile=a)
        listed = grovectl("--token-file", token_file, "device", "list", "--json", profile=a)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        refused = grovectl("--token-file", token_file, "device", "join", "grove-pair:abc",
                           "--passphrase-file", a.passphrase_file, profile=a)
        self.assertEqual(refused.returncode, 7, refused.stderr)
        self.assertIn("profile token", refused.stderr)
        # A read token may not list devices.
        read_file = os.path.join(a.root, "read.token")
        self.ctl("token", "create", "dash", "--scope", "read", "--save", read_file, profile=a)
        self.assertEqual(grovectl("--token-file", read_file, "device", "list",
                                  profile=a).returncode, 7)
