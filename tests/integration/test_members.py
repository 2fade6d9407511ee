"""Membership from the command line and the API, with two (or three) real peers linked on
loopback: `member list|role|remove`, `space leave`, `invite revoke`, all with --json, and the
MemberService behind them (roles take effect on the other peer; scopes guard the calls)."""
import grpc

from grove_harness import GroveTestCase, Profile, api_pb2, grovectl, grovectl_json
from tool_support import tool_env, wait_for

SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge


class MembersTest(GroveTestCase):

    def pair(self):
        """A (Alice, manager, listening) and B (Bob, joined as participant): (a, b, space_id)."""
        self.profile_b = Profile()
        self.addCleanup(self.profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        api_a = self.api(a)
        api_a.create_account("Alice")
        space = api_a.create_space("Pair").id
        invitation = grovectl_json("invite", "Pair", profile=self.profile)
        b = self.start_groved("--listen", "127.0.0.1:0", "--peer", a.peer_address,
                              profile=self.profile_b, env=tool_env(self.profile_b.root))
        api_b = self.api(b)
        api_b.create_account("Bob")
        joined = grovectl("join", invitation["code"], profile=self.profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        return (a, api_a), (b, api_b), space

    def members(self, profile, space):
        return grovectl_json("member", "list", space, profile=profile)["members"]

    def roles(self, profile, space):
        return {m["display_name"]: m["role"] for m in self.members(profile, space)}

    def ctl(self, *args, profile=None, expect=0):
        result = grovectl(*args, profile=profile or self.profile)
        self.assertEqual(result.returncode, expect,
                         "grovectl %s: exit %d, stderr: %s" % (args, result.returncode,
                                                               result.stderr))
        return result

    def test_member_list_and_role_changes(self):
        (a, api_a), (b, api_b), space = self.pair()
        members = self.members(self.profile, space)
        self.assertEqual(sorted((m["display_name"], m["role"], m["is_me"]) for m in members),
                         [("Alice", "manager", True), ("Bob", "participant", False)])
        bob = next(m for m in members if m["display_name"] == "Bob")
        self.assertRegex(bob["identity_id"], r"^[0-9a-f]{64}$")
        self.assertEqual(len(bob["devices"]), 1)
        self.assertIn("Bob  participant", self.ctl("member", "list", "Pair").stdout)
        wait_for(lambda: self.roles(self.profile_b, space) == {"Alice": "manager",
                                                               "Bob": "participant"},
                 SYNC_TIMEOUT, "B to list both members")

        # Bob (a participant) cannot change roles or remove anyone.
        self.ctl("member", "role", "Pair", "Alice", "guest", profile=self.profile_b, expect=7)
        self.ctl("member", "remove", "Pair", "Alice", profile=self.profile_b, expect=7)

        # Alice makes Bob a guest, by name; it takes effect on B: B's own API refuses his post.
        changed = grovectl_json("member", "role", "Pair", "Bob", "guest", profile=self.profile)
        self.assertEqual((changed["display_name"], changed["role"]), ("Bob", "guest"))
        wait_for(lambda: self.roles(self.profile_b, space).get("Bob") == "guest",
                 SYNC_TIMEOUT, "B to see Bob as a guest")
        self.ctl("chat", "post", "Pair", "may I?", profile=self.profile_b, expect=7)
        # Back to participant, by fingerprint; the same role again is refused.
        self.ctl("member", "role", "Pair", bob["fingerprint"], "participant")
        self.assertEqual(self.roles(self.profile, space)["Bob"], "participant")
        again = grovectl("member", "role", "Pair", bob["identity_id"][:12], "participant",
                         profile=self.profile)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("already", again.stderr)
        wait_for(lambda: self.roles(self.profile_b, space).get("Bob") == "participant",
                 SYNC_TIMEOUT, "B to see Bob as a participant again")
        self.ctl("chat", "post", "Pair", "thanks", profile=self.profile_b)

        # Errors: unknown member (4), bad role (2), unknown space (4).
        self.ctl("member", "role", "Pair", "Nobody", "guest", expect=4)
        self.ctl("member", "role", "Pair", "Bob", "boss", expect=2)
        self.ctl("member", "list", "No such space", expect=4)

        # The same through the API, with scopes: a read token lists, only admin changes.
        reader = self.ctl("token", "create", "reader", "--scope", "read").stdout.strip()
        api_read = self.api(a, token=reader)
        listed = api_read.call(api_read.members.List, api_pb2.ListMembersRequest(space=space))
        self.assertEqual(len(listed.members), 2)
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, api_read.call,
                            api_read.members.ChangeRole,
                            api_pb2.ChangeRoleRequest(space=space, member="Bob", role="guest"))
        member = api_a.call(api_a.members.ChangeRole, api_pb2.ChangeRoleRequest(
            space=space, member=bob["identity_id"][:12], role="manager"))
        self.assertEqual(member.role, "manager")

    def test_space_rename(self):
        (a, api_a), (b, api_b), space = self.pair()
        renamed = grovectl_json("space", "rename", "Pair", "Duo", profile=self.profile)
        self.assertEqual((renamed["id"], renamed["name"]), (space, "Duo"))
        wait_for(lambda: grovectl_json("space", "show", space, profile=self.profile_b)["name"] ==
                 "Duo", SYNC_TIMEOUT, "B to see the new name")
        # A participant may not rename; a read token may not either; a blank name is invalid.
        self.ctl("space", "rename", space, "Mine", profile=self.profile_b, expect=7)
        reader = self.ctl("token", "create", "reader", "--scope", "read").stdout.strip()
        api_read = self.api(a, token=reader)
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, api_read.call,
                            api_read.spaces.Rename,
                            api_pb2.RenameSpaceRequest(space=space, name="Nope"))
        self.ctl("space", "rename", "Duo", " ", expect=2)
        self.assertIn("Duo  (manager", self.ctl("space", "list").stdout)

    def test_member_remove(self):
        (a, api_a), (b, api_b), space = self.pair()
        bob = next(m for m in self.members(self.profile, space) if m["display_name"] == "Bob")
        removed = grovectl_json("member", "remove", "Pair", bob["identity_id"][:10],
                                profile=self.profile)
        self.assertEqual(removed["removed"], bob["identity_id"][:10])
        self.assertEqual([m["display_name"] for m in self.members(self.profile, space)],
                         ["Alice"])
        self.ctl("member", "remove", "Pair", "Bob", expect=4)  # no longer a member
        # Alice's later messages are not for Bob; his peer learns of the removal and drops the
        # space.
        api_a.post(space, "after Bob left")
        wait_for(lambda: space not in [s["id"] for s in
                                       grovectl_json("space", "list",
                                                     profile=self.profile_b)["spaces"]],
                 SYNC_TIMEOUT, "B to drop the space it was removed from")
        self.ctl("chat", "list", space, profile=self.profile_b, expect=4)

    def test_space_leave(self):
        (a, api_a), (b, api_b), space = self.pair()
        wait_for(lambda: len(self.members(self.profile_b, space)) == 2, SYNC_TIMEOUT,
                 "B to list both members")
        left = grovectl_json("space", "leave", "Pair", profile=self.profile_b)
        self.assertEqual(left, {"left": "Pair"})
        self.assertEqual(grovectl_json("space", "list", profile=self.profile_b)["spaces"], [])
        self.ctl("space", "leave", "Pair", profile=self.profile_b, expect=4)
        wait_for(lambda: [m["display_name"] for m in self.members(self.profile, space)] ==
                 ["Alice"], SYNC_TIMEOUT, "A to see that Bob left")

    def test_invite_revoke(self):
        a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        api_a = self.api(a)
        api_a.create_account("Alice")
        space = api_a.create_space("Closed").id
        invitation = grovectl_json("invite", "Closed", profile=self.profile)
        # A write token cannot revoke (admin).
        writer = self.profile.root + "/writer.token"
        self.ctl("token", "create", "writer", "--scope", "write", "--save", writer)
        self.ctl("invite", "revoke", "Closed", invitation["invitation_id"], "--token-file",
                 writer, expect=7)
        revoked = grovectl_json("invite", "revoke", "Closed", invitation["invitation_id"],
                                profile=self.profile)
        self.assertEqual(revoked, {"revoked": invitation["invitation_id"], "space": "Closed"})
        self.ctl("invite", "revoke", "Closed", "00" * 32, expect=4)
        self.ctl("invite", "revoke", "Closed", "not-hex", expect=2)
        self.ctl("invite", "revoke", "Closed", expect=2)  # usage: no id
        # The revoked code is refused to a newcomer.
        carol = Profile()
        self.addCleanup(carol.cleanup)
        c = self.start_groved(profile=carol, env=tool_env(carol.root))
        self.api(c).create_account("Carol")
        joined = grovectl("join", invitation["code"], profile=carol, timeout=90)
        self.assertEqual(joined.returncode, 7, joined.stderr)
        self.assertEqual(grovectl_json("space", "list", profile=carol)["spaces"], [])
        self.assertEqual(len(self.members(self.profile, space)), 1)
        # `invite SPACE` still creates codes.
        self.assertTrue(grovectl_json("invite", "Closed", profile=self.profile)["code"]
                        .startswith("grove-invite:"))


if __name__ == "__main__":
    import unittest
    unittest.main()
