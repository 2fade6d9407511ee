"""`grovectl peer connect HOST:PORT`: a peer started without --peer dials another one on demand
and catches up; bad addresses and weak tokens are refused with the documented exit codes."""
import os

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json
from tool_support import tool_env, wait_for

SYNC_TIMEOUT = 90


class PeerConnectTest(GroveTestCase):

    def test_connect_dials_and_catches_up(self):
        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        api_a = self.api(a)
        api_a.create_account("Alice")
        space = api_a.create_space("Connect").id
        code = grovectl_json("invite", "Connect", profile=self.profile)["code"]
        b = self.start_groved(profile=profile_b, env=tool_env(profile_b.root))
        api_b = self.api(b)
        api_b.create_account("Bob")
        joined = grovectl("join", code, profile=profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        # B restarts with no --peer: nothing links it to A any more.
        self.assertEqual(b.stop(), 0)
        b = self.start_groved(profile=profile_b, env=tool_env(profile_b.root))
        api_b = self.api(b)
        api_b.unlock()
        api_a.post(space, "written while B was not linked")
        texts = lambda: [m.text for m in api_b.list_chat(space)]
        self.assertNotIn("written while B was not linked", texts())

        result = grovectl("peer", "connect", a.peer_address, "--json", profile=profile_b)
        self.assertEqual(result.returncode, 0, result.stderr)
        wait_for(lambda: "written while B was not linked" in texts(), SYNC_TIMEOUT,
                 "B to catch up after peer connect")

        # Refusals: not HOST:PORT (2), a read-only token (7).
        for bad in ("nonsense", "127.0.0.1:0", "unix:/tmp/x"):
            result = grovectl("peer", "connect", bad, profile=profile_b)
            self.assertEqual(result.returncode, 2, (bad, result.stderr))
        created = grovectl("token", "create", "reader", "--scope", "read", profile=profile_b)
        self.assertEqual(created.returncode, 0, created.stderr)
        token_file = os.path.join(profile_b.root, "reader.token")
        with open(token_file, "w") as f:
            f.write(created.stdout.strip() + "\n")
        result = grovectl("peer", "connect", a.peer_address, "--token-file", token_file,
                          profile=profile_b)
        self.assertEqual(result.returncode, 7, result.stderr)
