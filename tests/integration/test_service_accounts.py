"""Service accounts with real processes: a manager adds one (`grovectl service-account create`),
a second groved runs as it from the credential file with no passphrase, signs as itself, and
survives restarts; once removed, neither its key nor its token reach the space any more."""
import os
import stat
import subprocess

import grpc

from grove_harness import GROVED, GroveTestCase, Profile, api_pb2, grovectl, grovectl_json
from tool_support import wait_for

SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge


class ServiceAccountsTest(GroveTestCase):

    def manager(self):
        """A (Alice, manager of "Tickets", listening): (groved, api, space id)."""
        a = self.start_groved("--listen", "127.0.0.1:0")
        api_a = self.api(a)
        api_a.create_account("Alice")
        space = api_a.create_space("Tickets").id
        return a, api_a, space

    def create(self, name="Ticket sync", role="participant"):
        credential = os.path.join(self.profile.root, name.replace(" ", "-") + ".cred")
        created = grovectl_json("service-account", "create", "Tickets", name, "--role", role,
                                "--out", credential, profile=self.profile)
        return created, credential

    def service_profile(self):
        profile = Profile()
        self.addCleanup(profile.cleanup)
        return profile

    def chat_texts(self, api, space):
        return [m.text for m in api.list_chat(space)]

    def test_service_account_runs_unattended_and_signs_as_itself(self):
        a, api_a, space = self.manager()
        me = api_a.call(api_a.accounts.Get, api_pb2.GetAccountRequest())
        created, credential = self.create()
        account = created["service_account"]
        self.assertTrue(account["service_account"])
        self.assertEqual((account["display_name"], account["role"], account["added_by"]),
                         ("Ticket sync", "participant", me.identity_id))
        self.assertNotEqual(account["identity_id"], me.identity_id)
        self.assertEqual(stat.S_IMODE(os.stat(credential).st_mode), 0o600)
        with open(credential) as f:
            self.assertTrue(f.read().startswith("grove-service-account:"))
        # The manager's log has it as a member, marked, and the list shows only it.
        members = grovectl_json("member", "list", "Tickets", profile=self.profile)["members"]
        marked = {m["display_name"]: m["service_account"] for m in members}
        self.assertEqual(marked, {"Alice": False, "Ticket sync": True})
        listed = grovectl_json("service-account", "list", "Tickets",
                               profile=self.profile)["service_accounts"]
        self.assertEqual([m["identity_id"] for m in listed], [account["identity_id"]])
        # The same credential file is never overwritten.
        again = grovectl("service-account", "create", "Tickets", "Other", "--out", credential,
                         profile=self.profile)
        self.assertEqual(again.returncode, 1, again.stderr)
        self.assertIn("cannot be saved", again.stderr)

        # A second groved runs as the service account: no account creation, no unlock call.
        sa_profile = self.service_profile()
        b = self.start_groved("--service-account", credential, profile=sa_profile)
        api_b = self.api(b)
        info = api_b.call(api_b.accounts.Get, api_pb2.GetAccountRequest())
        self.assertTrue(info.unlocked)
        self.assertEqual((info.display_name, info.identity_id),
                         ("Ticket sync", account["identity_id"]))
        api_a.post(space, "hello robot")
        wait_for(lambda: "hello robot" in self.chat_texts(api_b, space), SYNC_TIMEOUT,
                 "the service account to receive the space's history")

        # Its post reaches the manager signed by its own identity and device.
        posted = api_b.post(space, "ticket #1 imported")
        self.assertEqual(posted.author_id, account["identity_id"])
        mine = wait_for(lambda: [m for m in api_a.list_chat(space)
                                 if m.text == "ticket #1 imported"], SYNC_TIMEOUT,
                        "the manager to receive the service account's post")
        self.assertEqual(mine[0].author_id, account["identity_id"])
        self.assertEqual(mine[0].author_name, "Ticket sync")

        # A restart unlocks it again from the credential alone, with the space still there.
        self.assertEqual(b.stop(), 0)
        b = self.start_groved("--service-account", credential, profile=sa_profile)
        api_b = self.api(b)
        self.assertIn("ticket #1 imported", self.chat_texts(api_b, space))
        api_b.post(space, "after restart")
        wait_for(lambda: "after restart" in self.chat_texts(api_a, space), SYNC_TIMEOUT,
                 "the manager to receive the post made after the restart")

        # A person's passphrase never unlocks it, and locking it needs nothing but a restart.
        self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, api_b.unlock, "not the secret!")

    def run_groved_expecting_failure(self, profile, *args):
        proc = subprocess.run([GROVED, "--profile", profile.dir, "--no-discovery", *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=60)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        return proc.stderr

    def test_credential_file_is_checked(self):
        a, api_a, space = self.manager()
        created, credential = self.create()
        # Readable by others: refused before anything is created.
        os.chmod(credential, 0o644)
        sa_profile = self.service_profile()
        self.assertIn("chmod 600", self.run_groved_expecting_failure(
            sa_profile, "--service-account", credential))
        os.chmod(credential, 0o600)
        # Tampered with: the checksum (or the documents' signatures) refuse it.
        with open(credential) as f:
            text = f.read().strip()
        forged = os.path.join(self.profile.root, "forged.cred")
        with open(forged, "w") as f:
            f.write(text[:-10] + ("a" if text[-10] != "a" else "b") + text[-9:] + "\n")
        os.chmod(forged, 0o600)
        self.assertIn("service account credential",
                      self.run_groved_expecting_failure(sa_profile, "--service-account", forged))
        # A profile that holds a person's account is not taken over.
        person = self.service_profile()
        p = self.start_groved(profile=person)
        self.api(p).create_account("Bob")
        self.assertEqual(p.stop(), 0)
        self.assertIn("another account",
                      self.run_groved_expecting_failure(person, "--service-account", credential))
        # A person cannot be removed as a service account; a participant cannot add one.
        result = grovectl("service-account", "remove", "Tickets", "Alice", profile=self.profile)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertIn("not a service account", result.stderr)
        self.assertEqual(grovectl_json("service-account", "list", "Tickets",
                                       profile=self.profile)["service_accounts"][0]["display_name"],
                         "Ticket sync")

    def test_removed_service_account_key_and_token_stop_working(self):
        a, api_a, space = self.manager()
        created, credential = self.create()
        account = created["service_account"]
        sa_profile = self.service_profile()
        b = self.start_groved("--service-account", credential, profile=sa_profile)
        api_b = self.api(b)
        api_a.post(space, "welcome")
        wait_for(lambda: "welcome" in self.chat_texts(api_b, space), SYNC_TIMEOUT,
                 "the service account to receive the space's history")
        api_b.post(space, "before removal")
        wait_for(lambda: "before removal" in self.chat_texts(api_a, space), SYNC_TIMEOUT,
                 "the manager to receive the service account's post")
        # A write token of the service account's groved, limited to the space.
        token = grovectl("token", "create", "importer", "--scope", "write", "--space", space,
                         profile=sa_profile).stdout.strip()
        self.assertTrue(token)
        api_token = self.api(b, token=token)
        api_token.post(space, "with its token")

        # The service account is offline while the manager removes it.
        self.assertEqual(b.stop(), 0)
        removed = grovectl_json("service-account", "remove", "Tickets", account["identity_id"],
                                profile=self.profile)
        self.assertEqual(removed["removed"], account["identity_id"])
        self.assertEqual(grovectl_json("service-account", "list", "Tickets",
                                       profile=self.profile)["service_accounts"], [])
        api_a.post(space, "not for the robot")

        # It comes back, learns of its removal and drops the space.
        b = self.start_groved("--service-account", credential, profile=sa_profile)
        api_token = self.api(b, token=token)
        api_b = self.api(b)
        wait_for(lambda: space not in [s.id for s in api_b.call(
            api_b.spaces.List, api_pb2.ListSpacesRequest()).spaces], SYNC_TIMEOUT,
            "the removed service account to drop the space")
        # Its token reaches nothing of the space any more, writes nothing.
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, api_token.list_chat, space)
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, api_token.post, space, "again")
        # What it wrote while a member stays; nothing follows from it.
        texts = self.chat_texts(api_a, space)
        self.assertIn("with its token", texts)
        self.assertNotIn("again", texts)
        # A restart does not bring the space back from the credential's admission.
        self.assertEqual(b.stop(), 0)
        b = self.start_groved("--service-account", credential, profile=sa_profile)
        api_b = self.api(b)
        self.assertNotIn(space, [s.id for s in api_b.call(
            api_b.spaces.List, api_pb2.ListSpacesRequest()).spaces])
