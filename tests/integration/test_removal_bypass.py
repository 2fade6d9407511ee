"""A removed manager's offline copy tries to get a newcomer in with back-dated administration,
with real processes on loopback: Alice, Bob and Mal (manager) share a space; Mal's groved is
stopped and its profile copied; Alice removes Mal and posts a secret; the copy starts, `grovectl
invite` works there (the copy has not heard), a new profile joins with that code and then reaches
Alice. Nobody may list the newcomer, and it must never read the secret."""
import json
import shutil
import time

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json
from tool_support import tool_env, wait_for

SYNC_TIMEOUT = 90  # seconds for loopback peers to converge


class RemovalBypassTest(GroveTestCase):

    def peer(self, name, *args):
        profile = self.profile if name == "Alice" else Profile()
        if profile is not self.profile:
            self.addCleanup(profile.cleanup)
        daemon = self.start_groved("--listen", "127.0.0.1:0", *args, profile=profile,
                                   env=tool_env(profile.root))
        self.api(daemon).create_account(name)
        return profile, daemon

    def join(self, profile, code):
        joined = grovectl("join", code, profile=profile, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)

    def names(self, profile, space):
        members = grovectl_json("member", "list", space, profile=profile)["members"]
        return sorted(m["display_name"] for m in members)

    def texts(self, profile, space):
        result = grovectl("chat", "list", space, "--json", profile=profile)
        if result.returncode != 0:
            return []
        return [m["text"] for m in json.loads(result.stdout)["messages"]]

    def delta_count(self, profile, space):
        return grovectl_json("sync", "status", space, profile=profile)["delta_count"]

    def spaces(self, profile):
        return [s["id"] for s in grovectl_json("space", "list", profile=profile)["spaces"]]

    def test_removed_managers_offline_copy_cannot_admit_anyone(self):
        alice, a = self.peer("Alice")
        space = self.api(a).create_space("Pair").id
        bob, _ = self.peer("Bob", "--peer", a.peer_address)
        self.join(bob, grovectl_json("invite", "Pair", profile=alice)["code"])
        mal, m = self.peer("Mal", "--peer", a.peer_address)
        self.join(mal, grovectl_json("invite", "Pair", "--role", "manager", profile=alice)["code"])
        wait_for(lambda: self.names(mal, space) == ["Alice", "Bob", "Mal"], SYNC_TIMEOUT,
                 "Mal to list all three members")

        # Mal's device goes offline; someone keeps a copy of its profile.
        self.assertEqual(m.stop(), 0)
        copy = Profile()
        self.addCleanup(copy.cleanup)
        # The copy is run apart from the others (an attacker isolates it): it keeps neither Mal's
        # listening port nor the members' signed addresses, so nobody redials it and it dials
        # nobody until it is pointed at Alice below.
        shutil.copytree(mal.dir, copy.dir,
                        ignore=shutil.ignore_patterns("api.sock", "addresses", "peer-port"))

        # Alice and Bob talk on (their clocks run ahead of Mal's), then Alice removes Mal.
        for i in range(5):
            grovectl("chat", "post", "Pair", "chat %d" % i, profile=alice)
        grovectl_json("member", "remove", "Pair", "Mal", profile=alice)
        grovectl("chat", "post", "Pair", "the secret after Mal's removal", profile=alice)
        wait_for(lambda: self.names(bob, space) == ["Alice", "Bob"], SYNC_TIMEOUT,
                 "Bob to see the removal")

        # The copy starts alone, invites, and a newcomer joins through it.
        c = self.start_groved("--listen", "127.0.0.1:0", profile=copy, env=tool_env(copy.root))
        self.api(c).unlock()
        code = grovectl_json("invite", "Pair", "--role", "manager", profile=copy)["code"]
        xena, x = self.peer("Xena", "--peer", c.peer_address)
        self.join(xena, code)
        self.assertIn("Xena", self.names(xena, space))

        # Xena (carrying Mal's back-dated operations) reaches Alice; so does the copy.
        before = self.delta_count(alice, space)
        self.assertEqual(x.stop(), 0)
        self.start_groved("--listen", "127.0.0.1:0", "--peer", a.peer_address, profile=xena,
                          env=tool_env(xena.root)).api().unlock()
        self.assertEqual(c.stop(), 0)
        copy_again = self.start_groved("--peer", a.peer_address, profile=copy,
                                       env=tool_env(copy.root))
        self.api(copy_again).unlock()
        wait_for(lambda: space not in self.spaces(copy), SYNC_TIMEOUT,
                 "the copy to learn of Mal's removal and drop the space")
        wait_for(lambda: self.delta_count(alice, space) >= before + 2, SYNC_TIMEOUT,
                 "Alice to store the copy's invitation and admission")
        time.sleep(5)  # time for any key sharing the admission would have caused

        for profile, who in ((alice, "Alice"), (bob, "Bob")):
            self.assertEqual(self.names(profile, space), ["Alice", "Bob"], who)
        self.assertNotIn("the secret after Mal's removal", self.texts(xena, space))
        # Alice and Bob still agree and keep working.
        grovectl("chat", "post", "Pair", "still private", profile=alice)
        wait_for(lambda: "still private" in self.texts(bob, space), SYNC_TIMEOUT,
                 "Bob to get Alice's next post")
        self.assertNotIn("still private", self.texts(xena, space))


if __name__ == "__main__":
    import unittest
    unittest.main()
