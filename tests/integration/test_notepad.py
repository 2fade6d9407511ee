"""The Notepad tool over the real processes: `grovectl note list|new|cat|append|edit` against
groved's NotepadService (documents created, appended to and edited as the smallest patch, errors
as exit codes), and two groved linked by an invitation editing one document at once — appending,
editing in the middle, one pasting more than an operation may carry — both end with equal digests
and the same text."""
import threading
import time

from grove_harness import GroveTestCase, Profile, grovectl, grovectl_json
from tool_support import converged, tool_env, wait_for

NOTEPAD = "org.grove.notepad"
SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge


class NotepadTest(GroveTestCase):

    def test_grovectl_note_commands(self):
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account("Ada")
        api.create_space("Team")
        grovectl_json("tool", "add", "Team", NOTEPAD, "--name", "Notes", profile=self.profile)

        created = grovectl_json("note", "new", "Team", "Notes", "Plan", "# Plan\n", profile=self.profile)
        self.assertEqual(created["title"], "Plan")
        self.assertEqual(created["length"], 7)
        appended = grovectl_json("note", "append", "Team", "Notes", "Plan", "- ship it\n",
                                 profile=self.profile)
        self.assertEqual(appended["length"], 17)
        self.assertEqual(grovectl("note", "cat", "Team", "Notes", created["id"][:8],
                                  profile=self.profile).stdout, "# Plan\n- ship it\n")

        # edit: the file's text replaces the document's, as one patch of the differing part.
        edited = grovectl("note", "edit", "Team", "Notes", "Plan", profile=self.profile,
                          stdin="# Plan ✓\n- ship it on Friday\n")
        self.assertEqual(edited.returncode, 0, edited.stderr)
        shown = grovectl_json("note", "cat", "Team", "Notes", "Plan", profile=self.profile)
        self.assertEqual(shown["text"], "# Plan ✓\n- ship it on Friday\n")
        self.assertEqual(shown["document"]["length"], len("# Plan ✓\n- ship it on Friday\n"))
        self.assertEqual(shown["document"]["last_editor_name"], "Ada")

        listed = grovectl_json("note", "list", "Team", "Notes", profile=self.profile)["documents"]
        self.assertEqual([d["title"] for d in listed], ["Plan"])
        text = grovectl("note", "list", "Team", "Notes", profile=self.profile)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("Plan", text.stdout)

        # Errors: no such document (4), no such instance (4), unknown command (2).
        self.assertEqual(grovectl("note", "cat", "Team", "Notes", "Nope", profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("note", "list", "Team", "Nothing", profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("note", "frobnicate", profile=self.profile).returncode, 2)
        self.assertEqual(daemon.stop(), 0)

    def test_two_peers_typing_into_one_document_converge(self):
        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        api_a = self.api(a)
        api_a.create_account("Ada")
        space = api_a.create_space("Pair")
        grovectl_json("tool", "add", "Pair", NOTEPAD, "--name", "Notes", profile=self.profile)
        grovectl_json("note", "new", "Pair", "Notes", "Shared", "start\n", profile=self.profile)
        invitation = grovectl_json("invite", "Pair", "--role", "participant", profile=self.profile)
        b = self.start_groved("--listen", "127.0.0.1:0", "--peer", a.peer_address, profile=profile_b,
                              env=tool_env(profile_b.root))
        api_b = self.api(b)
        api_b.create_account("Bob")
        joined = grovectl("join", invitation["code"], profile=profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        wait_for(lambda: grovectl("note", "cat", "Pair", "Notes", "Shared", profile=profile_b).stdout
                 == "start\n", SYNC_TIMEOUT, "B to see the document")

        errors = []

        def write(profile, who):
            for i in range(10):
                result = grovectl("note", "append", "Pair", "Notes", "Shared", "%s%d " % (who, i),
                                  profile=profile)
                if result.returncode != 0:
                    errors.append(result.stderr)
                time.sleep(0.05)

        threads = [threading.Thread(target=write, args=(self.profile, "a")),
                   threading.Thread(target=write, args=(profile_b, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(errors, [])
        wait_for(lambda: converged([api_a, api_b], space.id), SYNC_TIMEOUT, "equal digests")
        text_a = grovectl("note", "cat", "Pair", "Notes", "Shared", profile=self.profile).stdout
        text_b = grovectl("note", "cat", "Pair", "Notes", "Shared", profile=profile_b).stdout
        self.assertEqual(text_a, text_b)
        for who in "ab":
            for i in range(10):
                self.assertIn("%s%d " % (who, i), text_a)
        self.assertEqual(b.stop(), 0)
        self.assertEqual(a.stop(), 0)

    def test_two_peers_typing_while_one_pastes_more_than_an_operation_carries_converge(self):
        profile_b = Profile()
        self.addCleanup(profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        api_a = self.api(a)
        api_a.create_account("Ada")
        space = api_a.create_space("Pair")
        grovectl_json("tool", "add", "Pair", NOTEPAD, "--name", "Notes", profile=self.profile)
        grovectl_json("note", "new", "Pair", "Notes", "Shared", "start\n", profile=self.profile)
        invitation = grovectl_json("invite", "Pair", "--role", "participant", profile=self.profile)
        b = self.start_groved("--listen", "127.0.0.1:0", "--peer", a.peer_address, profile=profile_b,
                              env=tool_env(profile_b.root))
        api_b = self.api(b)
        api_b.create_account("Bob")
        joined = grovectl("join", invitation["code"], profile=profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        wait_for(lambda: grovectl("note", "cat", "Pair", "Notes", "Shared", profile=profile_b).stdout
                 == "start\n", SYNC_TIMEOUT, "B to see the document")

        # Over a mebibyte once encoded (accented and CJK characters take 2-3 bytes each): more
        # than one operation may carry, so it goes as several.
        paste = "".join("Absatz %d: Grüße aus 東京 — ein langer Text zum Einfügen.\n" % i
                        for i in range(20000))
        self.assertGreater(len(paste.encode("utf-8")), 1024 * 1024)
        errors = []

        def bob_pastes():
            result = grovectl("note", "append", "Pair", "Notes", "Shared", "-", profile=profile_b,
                              stdin=paste, timeout=120)
            if result.returncode != 0:
                errors.append(result.stderr)

        def ada_types():
            for i in range(10):
                result = grovectl("note", "append", "Pair", "Notes", "Shared", "<ada%d>" % i,
                                  profile=self.profile)
                if result.returncode != 0:
                    errors.append(result.stderr)
                time.sleep(0.05)

        threads = [threading.Thread(target=bob_pastes), threading.Thread(target=ada_types)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        self.assertEqual(errors, [])
        wait_for(lambda: converged([api_a, api_b], space.id), SYNC_TIMEOUT, "equal digests")
        text_a = grovectl("note", "cat", "Pair", "Notes", "Shared", profile=self.profile).stdout
        text_b = grovectl("note", "cat", "Pair", "Notes", "Shared", profile=profile_b).stdout
        self.assertEqual(text_a, text_b)
        # Ada's text may land between two of the operations the paste went in; nothing is lost.
        for i in range(10):
            self.assertIn("<ada%d>" % i, text_a)
        without_ada = text_a
        for i in range(10):
            without_ada = without_ada.replace("<ada%d>" % i, "")
        self.assertEqual(without_ada, "start\n" + paste)
        self.assertEqual(b.stop(), 0)
        self.assertEqual(a.stop(), 0)
