"""LAN discovery between real groved processes: two peers sharing a space, neither told about the
other (no --peer), find each other over UDP multicast on loopback and converge to equal
`grovectl sync status --json` digests; with --no-discovery nothing links them.

Each test uses its own discovery port (a free one, or GROVE_TEST_DISCOVERY_PORT) so that tests
running in parallel do not hear each other. Where multicast on loopback does not work at all,
the tests skip and say why."""
import os
import socket
import struct
import time

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json
from tool_support import wait_for

GROUP = "239.255.71.82"
SYNC_TIMEOUT = 60


def free_udp_port():
    if os.environ.get("GROVE_TEST_DISCOVERY_PORT"):
        return int(os.environ["GROVE_TEST_DISCOVERY_PORT"])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback_multicast_problem(port):
    """None when a datagram sent to GROUP on 127.0.0.1 comes back; otherwise why not."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as r, \
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            r.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            r.bind((GROUP, port))
            r.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                         struct.pack("4s4s", socket.inet_aton(GROUP), socket.inet_aton("127.0.0.1")))
            r.settimeout(2)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
            s.sendto(b"grove discovery probe", (GROUP, port))
            data, _ = r.recvfrom(64)
            return None if data == b"grove discovery probe" else "a stranger's datagram came back"
    except OSError as e:
        return "%s (%s)" % (e, type(e).__name__)


class DiscoveryTest(GroveTestCase):

    def setUp(self):
        super().setUp()
        self.port = free_udp_port()
        problem = loopback_multicast_problem(self.port)
        if problem is not None:
            print("SKIP: IPv4 multicast on loopback does not work here: %s" % problem)
            self.skipTest("IPv4 multicast on loopback does not work here: %s" % problem)
        self.discovery = ("--discovery-port", str(self.port), "--discovery-interface", "127.0.0.1")

    def shared_space(self):
        """A and B in one space (B joined through A's code), both stopped since; returns A
        restarted, B's profile and the space."""
        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0", *self.discovery)
        self.api(a).create_account("Ada")
        space = self.api(a).create_space("Found on the LAN").id
        code = grovectl_json("invite", space, profile=self.profile)["code"]
        b = self.start_groved("--listen", "127.0.0.1:0", "--no-discovery", profile=profile_b)
        self.api(b).create_account("Bob")
        joined = grovectl("join", code, profile=profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        self.assertEqual(b.stop(), 0)
        # A comes back on another port and neither remembers the other's signed addresses (nor
        # its own port): only discovery can bring them together.
        old_address = a.peer_address
        self.assertEqual(a.stop(), 0)
        for profile in (self.profile, profile_b):
            for kept in ("addresses", "peer-port"):
                path = os.path.join(profile.dir, kept)
                if os.path.exists(path):
                    os.remove(path)
        a = self.start_groved("--listen", "127.0.0.1:0", *self.discovery)
        self.assertNotEqual(a.peer_address, old_address)
        self.api(a).unlock()
        return a, profile_b, space

    def texts(self, daemon, space):
        return [m.text for m in self.api(daemon).list_chat(space)]

    def status(self, profile, space):
        return grovectl_json("sync", "status", space, profile=profile)

    def test_two_peers_without_peer_options_find_each_other_and_converge(self):
        a, profile_b, space = self.shared_space()
        self.api(a).post(space, "written while B was away")
        b = self.start_groved("--listen", "127.0.0.1:0", *self.discovery, profile=profile_b)
        self.assertIn("LAN discovery on %s:%d" % (GROUP, self.port), b.stderr())
        self.api(b).unlock()
        wait_for(lambda: "written while B was away" in self.texts(b, space), SYNC_TIMEOUT,
                 "B to find A on the LAN and catch up")
        # Live both ways over the discovered link, then equal digests.
        for i in range(5):
            self.api(a).post(space, "from A %d" % i)
            self.api(b).post(space, "from B %d" % i)
        wait_for(lambda: len(self.texts(a, space)) == 11 and len(self.texts(b, space)) == 11,
                 SYNC_TIMEOUT, "both to hold all 11 messages")
        wait_for(lambda: self.status(self.profile, space)["state_digest"] ==
                 self.status(profile_b, space)["state_digest"], SYNC_TIMEOUT, "equal digests")
        status_a, status_b = self.status(self.profile, space), self.status(profile_b, space)
        self.assertEqual(status_a["heads_digest"], status_b["heads_digest"])
        self.assertEqual(status_a["state_digest"], status_b["state_digest"])
        self.assertEqual(self.texts(a, space), self.texts(b, space))

    def test_no_discovery_links_nothing(self):
        a, profile_b, space = self.shared_space()
        self.api(a).post(space, "A alone")
        b = self.start_groved("--listen", "127.0.0.1:0", "--no-discovery", profile=profile_b)
        self.assertNotIn("LAN discovery on", b.stderr())
        self.api(b).unlock()
        time.sleep(8)  # A announces every 5 s: B ignores it
        self.assertNotIn("A alone", self.texts(b, space))
        self.assertNotEqual(self.status(self.profile, space)["heads_digest"],
                            self.status(profile_b, space)["heads_digest"])
        # The same profile with discovery on finds A (the space was never the problem).
        self.assertEqual(b.stop(), 0)
        b = self.start_groved("--listen", "127.0.0.1:0", *self.discovery, profile=profile_b)
        self.api(b).unlock()
        wait_for(lambda: "A alone" in self.texts(b, space), SYNC_TIMEOUT, "B to find A")
