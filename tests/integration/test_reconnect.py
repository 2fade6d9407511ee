"""Members find each other again after restarts, with no address typed by hand and LAN discovery
off: groved keeps its peer-link port in the profile, each device's signed address record is
remembered by the other, and both redial at start. Through a relay too: relays added at run time
(`grovectl relay add`) are kept in the profile. Each round both members restart, and what each
posts must reach the other within 10 s. `sync status` says why a space is offline and what to do."""
import os
import shutil
import subprocess
import tempfile
import time

from grove_harness import (GroveTestCase, Profile, api_pb2, grovectl, grovectl_json, read_line,
                           reap, spawn)
from tool_support import wait_for

RELAY = os.environ.get("GROVE_RELAY", "")
RECONNECT_SECONDS = 10
ROUNDS = 3


class ReconnectTest(GroveTestCase):

    def start_member(self, profile, *args, create=None):
        daemon = self.start_groved(*args, profile=profile)
        api = self.api(daemon)
        if create:
            api.create_account(create)
        else:
            api.unlock()
        return daemon, api

    def status(self, api, space):
        return api.call(api.sync.Status, api_pb2.SyncStatusRequest(space=space))

    def assert_exchange(self, api_a, api_b, space, label):
        """Both post; each must see the other's post within RECONNECT_SECONDS."""
        started = time.monotonic()
        api_a.post(space, label + " from A")
        api_b.post(space, label + " from B")
        texts = lambda api: {m.text for m in api.list_chat(space)}
        wait_for(lambda: label + " from A" in texts(api_b), RECONNECT_SECONDS,
                 "B to receive A's post (%s)" % label)
        wait_for(lambda: label + " from B" in texts(api_a),
                 max(0.5, RECONNECT_SECONDS - (time.monotonic() - started)),
                 "A to receive B's post (%s)" % label)

    def join(self, api_a, profile_a, profile_b, name):
        space = api_a.create_space(name).id
        code = grovectl_json("invite", name, profile=profile_a)["code"]
        joined = grovectl("join", code, profile=profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        return space

    def test_direct_links_come_back_after_restarts(self):
        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        listen = ("--listen", "127.0.0.1:0")
        a, api_a = self.start_member(self.profile, *listen, create="Alice")
        b, api_b = self.start_member(profile_b, *listen, create="Bob")
        space = self.join(api_a, self.profile, profile_b, "Reconnect")
        port_a, port_b = a.peer_address, b.peer_address
        # Each side learns the other's signed record over the link the join left up.
        wait_for(lambda: os.path.exists(os.path.join(profile_b.dir, "addresses")) and
                 os.path.exists(os.path.join(self.profile.dir, "addresses")), 10,
                 "both address books to be written")
        self.assert_exchange(api_a, api_b, space, "before restarts")

        for round_ in range(ROUNDS):
            # Stop order varies: A first, B first, then A killed (no graceful shutdown).
            if round_ == 2:
                a.kill()
                self.assertEqual(b.stop(), 0)
            elif round_ % 2 == 0:
                self.assertEqual(a.stop(), 0)
                self.assertEqual(b.stop(), 0)
            else:
                self.assertEqual(b.stop(), 0)
                self.assertEqual(a.stop(), 0)
            a, api_a = self.start_member(self.profile, *listen)
            b, api_b = self.start_member(profile_b, *listen)
            self.assertEqual(a.peer_address, port_a, "A's port is kept in its profile")
            self.assertEqual(b.peer_address, port_b, "B's port is kept in its profile")
            self.assert_exchange(api_a, api_b, space, "round %d" % round_)
            status = self.status(api_b, space)
            self.assertEqual((status.connectivity, status.connectivity_reason),
                             ("online", "direct"), status)

        # The kept port is taken by another program: a clear warning, a new port, and B finds A
        # at the new one through A's re-signed record (B dials A's old port in vain, A dials B).
        self.assertEqual(a.stop(), 0)
        squatter = spawn(["python3", "-c", "import socket,sys,time\n"
                          "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                          "s.bind(('127.0.0.1', %s)); s.listen(); print('bound', flush=True)\n"
                          "time.sleep(120)" % port_a.rsplit(":", 1)[1]],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: (squatter.kill(), reap(squatter, 10)))
        self.assertEqual(read_line(squatter.stdout, 10), "bound")
        a, api_a = self.start_member(self.profile, *listen)
        self.assertNotEqual(a.peer_address, port_a)
        self.assertIn("is taken by another program", a.stderr())
        self.assert_exchange(api_a, api_b, space, "after the port moved")

    def test_relay_links_come_back_after_restarts(self):
        if not RELAY:
            self.skipTest("GROVE_RELAY is not set (run through ctest)")
        relay_dir = tempfile.mkdtemp(prefix="grove-it-relay-", dir="/tmp")
        self.addCleanup(shutil.rmtree, relay_dir, True)
        relay = spawn([RELAY, "--data", relay_dir, "--listen", "127.0.0.1:0"],
                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: (relay.kill(), reap(relay, 10)))
        line = read_line(relay.stdout, 30)
        self.assertTrue(line and line.startswith("listening "), line)
        relay_address = line.split()[1]

        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        a, api_a = self.start_member(self.profile, "--listen", "127.0.0.1:0", create="Alice")
        b, api_b = self.start_member(profile_b, create="Bob")  # B accepts no links
        space = self.join(api_a, self.profile, profile_b, "Relayed")

        # Relays at run time: a dead one fails its test in plain words; the live one is added.
        dead = grovectl("relay", "test", "127.0.0.1:1", profile=profile_b)
        self.assertNotEqual(dead.returncode, 0)
        self.assertIn("did not answer", dead.stderr)
        tested = grovectl("relay", "test", relay_address, profile=profile_b)
        self.assertEqual(tested.returncode, 0, tested.stderr)
        for profile in (self.profile, profile_b):
            added = grovectl("relay", "add", relay_address, profile=profile)
            self.assertEqual(added.returncode, 0, added.stderr)
        relays = lambda profile: grovectl_json("relay", "list", profile=profile).get("relays", [])
        wait_for(lambda: [r.get("linked") for r in relays(profile_b)] == [True], 10,
                 "B's relay link")

        for round_ in range(ROUNDS):
            self.assertEqual(a.stop(), 0)
            self.assertEqual(b.stop(), 0)
            # A comes back without a listener: only the relay (kept in both profiles) joins them.
            a, api_a = self.start_member(self.profile)
            b, api_b = self.start_member(profile_b)
            self.assert_exchange(api_a, api_b, space, "relayed round %d" % round_)
            status = self.status(api_b, space)
            self.assertEqual((status.connectivity, status.connectivity_reason),
                             ("online", "relay"), status)

        # Without the relay, B knows A's address but cannot reach it: offline, with why and what
        # to do.
        removed = grovectl("relay", "remove", relay_address, profile=profile_b)
        self.assertEqual(removed.returncode, 0, removed.stderr)
        self.assertEqual(relays(profile_b), [])
        status = wait_for(lambda: (lambda s: s if s.connectivity == "offline" else None)(
            self.status(api_b, space)), 10, "B to report offline")
        self.assertEqual(status.connectivity_reason, "dials_failing", status)
        self.assertIn("failed", status.connectivity_detail)
        self.assertTrue(status.connectivity_action)
        missing = grovectl("relay", "remove", relay_address, profile=profile_b)
        self.assertNotEqual(missing.returncode, 0)
