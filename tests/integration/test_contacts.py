"""Contacts from the command line with real peers on loopback: `contact card|add|list|show|verify|
remove` with --json between two groved, a stranger with a contact's name flagged, scopes, and
`space invite --for CONTACT` then `space join CODE` end to end (a third account cannot use it)."""
import grpc

from grove_harness import (GroveTestCase, Profile, api_pb2, api_pb2_grpc, grovectl,
                           grovectl_json)
from tool_support import tool_env, wait_for

SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge


class ContactsTest(GroveTestCase):

    def peer(self, name, *args, profile=None):
        """A groved with an account `name` on `profile` (a new one unless given)."""
        if profile is None:
            profile = Profile()
            self.addCleanup(profile.cleanup)
        daemon = self.start_groved("--listen", "127.0.0.1:0", *args, profile=profile,
                                   env=tool_env(profile.root))
        api = self.api(daemon)
        api.create_account(name)
        return profile, daemon, api

    def ctl(self, *args, profile=None, expect=0):
        result = grovectl(*args, profile=profile or self.profile, timeout=90)
        self.assertEqual(result.returncode, expect,
                         "grovectl %s: exit %d, stderr: %s" % (args, result.returncode,
                                                               result.stderr))
        return result

    def test_contact_cards_between_two_peers(self):
        a, _, _ = self.peer("Alice", profile=self.profile)
        b, _, _ = self.peer("Bob")
        card_a = grovectl_json("contact", "card", profile=a)
        card_b = grovectl_json("contact", "card", profile=b)
        self.assertTrue(card_a["card"].startswith("grove-contact:"))
        self.assertEqual(card_a["fingerprint"],
                         grovectl_json("account", "show", profile=a)["fingerprint"])
        self.assertEqual(self.ctl("contact", "card", profile=a).stdout.strip(), card_a["card"])

        # Bob adds Alice; Alice adds Bob under her own name for him.
        alice = grovectl_json("contact", "add", card_a["card"], profile=b)
        self.assertEqual((alice["name"], alice["display_name"], alice["status"],
                          alice["verified"]), ("Alice", "Alice", "ok", False))
        self.assertEqual(alice["fingerprint"], card_a["fingerprint"])
        self.assertEqual(alice["source"], "card")
        robert = grovectl_json("contact", "add", card_b["card"], "--name", "Robert", profile=a)
        self.assertEqual((robert["name"], robert["display_name"]), ("Robert", "Bob"))
        listed = grovectl_json("contact", "list", profile=a)["contacts"]
        self.assertEqual([(c["name"], c["verified"]) for c in listed], [("Robert", False)])
        self.assertIn("Robert  Bob  [" + card_b["fingerprint"] + "]  not verified",
                      self.ctl("contact", "list", profile=a).stdout)
        shown = grovectl_json("contact", "show", "Robert", profile=a)
        self.assertEqual(shown["identity_id"], card_b["identity_id"])
        self.assertEqual(shown["card"], card_b["card"])
        self.assertIn(card_b["fingerprint"], self.ctl("contact", "show", "Robert", profile=a).stdout)
        # By fingerprint and id prefix too.
        self.assertEqual(grovectl_json("contact", "show", card_b["fingerprint"],
                                       profile=a)["name"], "Robert")
        self.assertEqual(grovectl_json("contact", "show", card_b["identity_id"][:10],
                                       profile=a)["name"], "Robert")

        # After comparing fingerprints out of band.
        verified = grovectl_json("contact", "verify", "Robert", profile=a)
        self.assertTrue(verified["verified"])
        self.assertIn("verified", self.ctl("contact", "list", profile=a).stdout)

        # A stranger whose card says "Bob": stored flagged, never mistaken for Robert.
        c, _, _ = self.peer("Bob")
        card_c = grovectl_json("contact", "card", profile=c)
        added = self.ctl("contact", "add", card_c["card"], "--json", profile=a)
        impostor = __import__("json").loads(added.stdout)
        self.assertEqual(impostor["status"], "name_conflict")
        self.assertFalse(impostor["verified"])
        self.assertEqual(impostor["conflicts_with"], "Robert")
        self.assertIn("compare fingerprints", added.stderr)
        self.assertIn("NAME CONFLICT", self.ctl("contact", "list", profile=a).stdout)
        self.assertEqual(grovectl_json("contact", "show", "Robert", profile=a)["identity_id"],
                         card_b["identity_id"])
        # A name already taken is refused; a tampered card is refused.
        self.ctl("contact", "add", card_c["card"], "--name", "Robert", profile=a, expect=2)
        tampered = card_b["card"][:-3] + ("aaa" if not card_b["card"].endswith("aaa") else "bbb")
        self.ctl("contact", "add", tampered, profile=a, expect=2)
        self.ctl("contact", "show", "Nobody", profile=a, expect=4)
        self.ctl("contact", "add", profile=a, expect=2)  # neither a card nor --from

        # Scopes: a read token lists, but cannot add or verify.
        grovectl("token", "create", "reader", "--scope", "read", "--save",
                 a.dir + "/reader.token", profile=a)
        read = ["--token-file", a.dir + "/reader.token"]
        self.assertEqual(len(grovectl_json("contact", "list", *read, profile=a)["contacts"]), 2)
        self.ctl("contact", "verify", "Robert", *read, profile=a, expect=7)
        self.ctl("contact", "add", card_c["card"], *read, profile=a, expect=7)

        # Remove.
        self.assertEqual(grovectl_json("contact", "remove", "Bob", profile=a), {"removed": "Bob"})
        self.assertEqual([x["name"] for x in grovectl_json("contact", "list",
                                                           profile=a)["contacts"]], ["Robert"])

    def test_invite_for_contact_then_join(self):
        a, daemon_a, api_a = self.peer("Alice", profile=self.profile)
        b, _, api_b = self.peer("Bob", "--peer", daemon_a.peer_address)
        c, _, api_c = self.peer("Carol", "--peer", daemon_a.peer_address)
        space = api_a.create_space("Plans").id
        grovectl_json("contact", "add", grovectl_json("contact", "card", profile=b)["card"],
                      profile=a)
        # Bob knows and has verified Alice.
        grovectl_json("contact", "add", grovectl_json("contact", "card", profile=a)["card"],
                      profile=b)
        grovectl_json("contact", "verify", "Alice", profile=b)

        self.ctl("space", "invite", "Plans", "--for", "Nobody", expect=4)
        invitation = grovectl_json("space", "invite", "Plans", "--for", "Bob", profile=a)
        code = invitation["code"]
        self.assertTrue(code.startswith("grove-sealed-invite:"), code)
        self.assertEqual(invitation["role"], "participant")
        # The same through `invite --for`, text output.
        other = self.ctl("invite", "Plans", "--for", "Bob", "--role", "guest").stdout.strip()
        self.assertTrue(other.startswith("grove-sealed-invite:"))

        # Carol cannot use Bob's invitation: refused before anything is dialed (7).
        refused = self.ctl("space", "join", code, profile=c, expect=7)
        self.assertIn("another account", refused.stderr)
        self.assertEqual(grovectl_json("space", "list", profile=c)["spaces"], [])

        # Bob joins: grovectl says who invited him and that she is a verified contact.
        joined = self.ctl("space", "join", code, profile=b)
        self.assertEqual(joined.stdout.strip(), space)
        self.assertIn("Alice", joined.stderr)
        self.assertIn("your verified contact Alice", joined.stderr)
        self.assertIn('"Plans" as participant', joined.stderr)
        wait_for(lambda: grovectl_json("sync", "status", space, profile=a)["heads_digest"] ==
                 grovectl_json("sync", "status", space, profile=b)["heads_digest"],
                 SYNC_TIMEOUT, "A and B to converge")
        members = grovectl_json("member", "list", "Plans", profile=a)["members"]
        self.assertEqual(sorted((m["display_name"], m["role"]) for m in members),
                         [("Alice", "manager"), ("Bob", "participant")])
        self.ctl("chat", "post", "Plans", "hello from Bob", profile=b)
        wait_for(lambda: any(m.text == "hello from Bob" for m in api_a.list_chat(space)),
                 SYNC_TIMEOUT, "A to see Bob's message")
        # Single use, like any code.
        self.assertNotEqual(grovectl("join", code, profile=b, timeout=90).returncode, 0)

        # The guest invitation, opened through the API: who invites, to what; never the secret.
        contacts_b = api_pb2_grpc.ContactServiceStub(api_b.channel)
        opened = api_b.call(contacts_b.OpenInvitation, api_pb2.OpenInvitationRequest(code=other))
        self.assertEqual((opened.inviter_name, opened.inviter_trust, opened.role,
                          opened.space_id), ("Alice", "verified", "guest", space))
        contacts_c = api_pb2_grpc.ContactServiceStub(api_c.channel)
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, api_c.call,
                            contacts_c.OpenInvitation, api_pb2.OpenInvitationRequest(code=other))
        # Bob can add Carol from the space's members? She is not a member: not found (4).
        self.ctl("contact", "add", "--from", "Plans", "Carol", profile=b, expect=4)
        from_member = grovectl_json("contact", "add", "--from", "Plans", "Bob", profile=a)
        self.assertEqual((from_member["name"], from_member["status"]), ("Bob", "ok"))
