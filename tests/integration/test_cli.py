"""grovectl against a real groved: the account → space → chat path, restarts, exit codes, watch."""
import contextlib
import json
import os
import signal
import subprocess
import time

from grove_harness import (CALL_TIMEOUT, GROVECTL, HEX32, GroveTestCase, grovectl,
                           grovectl_json, read_line, reap, spawn)


class CliTest(GroveTestCase):

    @contextlib.contextmanager
    def grovectl_process(self, *args):
        """grovectl ARGS… running in the background (pipes for stdout and stderr); killed after."""
        process = spawn([GROVECTL, "--profile", self.profile.dir] + list(args),
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                reap(process, 10)
            process.stdout.close()
            process.stderr.close()

    def ctl(self, *args, expect=0):
        result = grovectl(*args, profile=self.profile)
        self.assertEqual(result.returncode, expect,
                         "grovectl %s: exit %d, stderr: %s" % (args, result.returncode, result.stderr))
        return result

    def test_account_space_chat_survive_restart(self):
        daemon = self.start_groved()
        self.assertEqual(daemon.address, "unix:" + self.profile.socket)

        account = grovectl_json("account", "create", "--name", "Alice", "--passphrase-file",
                                self.profile.passphrase_file, profile=self.profile)
        self.assertEqual(account["display_name"], "Alice")
        self.assertTrue(account["unlocked"])

        space_id = self.ctl("space", "create", "Design notes").stdout.strip()
        self.assertRegex(space_id, HEX32)
        texts = ["first message", "zweite Nachricht — ünïcödé ✓", "line one\nline two"]
        ids = [self.ctl("chat", "post", "Design notes", text).stdout.strip() for text in texts]
        self.assertEqual(len(set(ids)), 3)
        # by id prefix, too
        ids.append(self.ctl("chat", "post", space_id[:8], "fourth").stdout.strip())
        texts.append("fourth")
        edited = self.ctl("chat", "edit", space_id, ids[0], "first message (edited)")
        self.assertIn("(edited)", edited.stdout)
        self.ctl("chat", "delete", "Design notes", ids[3])

        def check_everything():
            spaces = grovectl_json("space", "list", profile=self.profile)["spaces"]
            self.assertEqual([(s["id"], s["name"]) for s in spaces], [(space_id, "Design notes")])
            self.assertEqual(spaces[0]["my_role"], "manager")
            messages = grovectl_json("chat", "list", "Design notes", profile=self.profile)["messages"]
            self.assertEqual([m["id"] for m in messages], ids)
            self.assertEqual([m["text"] for m in messages[:3]],
                             ["first message (edited)"] + texts[1:3])
            self.assertNotEqual(messages[0]["edited_ms"], 0)
            self.assertTrue(messages[3]["deleted"])
            self.assertTrue(all(m["author_name"] == "Alice" for m in messages))
            shown = grovectl_json("space", "show", space_id, profile=self.profile)
            self.assertEqual(shown["name"], "Design notes")

        check_everything()
        before = grovectl_json("space", "show", space_id, profile=self.profile)

        self.assertEqual(daemon.stop(), 0, daemon.stderr())
        self.assertFalse(os.path.exists(self.profile.socket), "groved left its socket behind")
        result = grovectl("space", "list", profile=self.profile)
        self.assertEqual(result.returncode, 5)
        self.assertIn("groved is not running (no socket at", result.stderr)

        self.start_groved()
        shown = grovectl_json("account", "show", profile=self.profile)
        self.assertFalse(shown["unlocked"], "the account must come back locked")
        locked = self.ctl("chat", "list", "Design notes", expect=6)
        self.assertIn("lock", locked.stderr.lower())
        self.ctl("account", "unlock", "--passphrase-file", self.profile.passphrase_file)
        check_everything()
        after = grovectl_json("space", "show", space_id, profile=self.profile)
        for field in ("heads_digest", "state_digest", "delta_count"):
            self.assertEqual(before[field], after[field], field)

    def test_exit_codes_and_messages(self):
        # No groved yet.
        result = grovectl("account", "show", profile=self.profile)
        self.assertEqual(result.returncode, 5)
        self.assertIn("groved is not running (no socket at %s)" % self.profile.socket, result.stderr)
        # Usage errors.
        self.assertEqual(grovectl("space", profile=self.profile).returncode, 2)
        self.assertEqual(grovectl("chat", "post", "only-space", profile=self.profile).returncode, 2)
        self.assertEqual(grovectl("bogus", profile=self.profile).returncode, 2)
        self.assertEqual(grovectl("account", "show").returncode, 2, "no --profile/--api")

        self.start_groved()
        # No account yet: account show → not found, space list → failed precondition.
        self.ctl("account", "show", expect=4)
        self.ctl("space", "list", expect=6)
        # Wrong passphrase file (missing) → usage.
        self.ctl("account", "create", "--name", "A", "--passphrase-file",
                 os.path.join(self.profile.root, "nope"), expect=2)
        self.ctl("account", "create", "--name", "Alice", "--passphrase-file",
                 self.profile.passphrase_file)
        result = self.ctl("account", "create", "--name", "Alice", "--passphrase-file",
                          self.profile.passphrase_file, expect=1)
        self.assertIn("already has an account", result.stderr)
        self.ctl("account", "lock")
        wrong = os.path.join(self.profile.root, "wrong")
        with open(wrong, "w") as f:
            f.write("not the passphrase\n")
        result = self.ctl("account", "unlock", "--passphrase-file", wrong, expect=3)
        self.assertIn("passphrase", result.stderr)
        # The passphrase from stdin.
        result = grovectl("account", "unlock", "--passphrase-file", "-", profile=self.profile,
                          stdin="correct horse battery staple\n")
        self.assertEqual(result.returncode, 0, result.stderr)

        # Not found, invalid argument.
        result = self.ctl("chat", "list", "no such space", expect=4)
        self.assertIn("no such space", result.stderr)
        result = self.ctl("watch", "no such space", expect=4)
        self.assertNotIn("watching", result.stderr)
        self.assertIn("no such space", result.stderr)
        self.ctl("space", "create", "   ", expect=2)
        space_id = self.ctl("space", "create", "Plans").stdout.strip()
        self.ctl("chat", "post", "Plans", "x" * (64 * 1024 + 1), expect=2)
        self.ctl("chat", "edit", "Plans", "not-hex", "text", expect=2)
        self.ctl("chat", "edit", "Plans", "ab" * 32, "text", expect=4)

        # Wrong token → unauthenticated.
        bad_token = os.path.join(self.profile.root, "bad-token")
        with open(bad_token, "w") as f:
            f.write("0" * 64 + "\n")
        result = grovectl("--token-file", bad_token, "space", "list", profile=self.profile)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("invalid API token", result.stderr)
        result = grovectl("--api", "unix:" + self.profile.socket, "--token-file", bad_token,
                          "space", "show", space_id)
        self.assertEqual(result.returncode, 3, result.stderr)
        # The right token through --api works.
        result = grovectl("--api", "unix:" + self.profile.socket, "--token-file",
                          self.profile.token_file, "space", "show", space_id, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["id"], space_id)
        # Nothing listens on that TCP port → unavailable.
        result = grovectl("--api", "127.0.0.1:1", "--token-file", self.profile.token_file,
                          "space", "list")
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertIn("not reachable", result.stderr)

    def test_help_everywhere(self):
        for args in ([], ["account"], ["account", "create"], ["account", "unlock"],
                     ["account", "lock"], ["account", "show"], ["space"], ["space", "create"],
                     ["space", "list"], ["space", "show"], ["chat"], ["chat", "post"],
                     ["chat", "list"], ["chat", "edit"], ["chat", "delete"], ["watch"],
                     ["space", "leave"], ["space", "rename"], ["member"], ["member", "list"], ["member", "role"],
                     ["member", "remove"], ["invite"], ["invite", "revoke"], ["token"],
                     ["token", "create"], ["token", "list"], ["token", "rotate"], ["token", "revoke"]):
            result = grovectl(*args, "--help")
            self.assertEqual(result.returncode, 0, "%s --help: %s" % (args, result.stderr))
            self.assertIn("Usage", result.stdout, args)
            if args in ([], ["account"], ["space"], ["chat"], ["member"], ["token"]):
                self.assertIn("Subcommands", result.stdout, args)
            else:  # every command lists the options it takes
                for option in ("--json", "--profile", "--api", "--token-file"):
                    self.assertIn(option, result.stdout, args)
        result = subprocess.run([os.environ["GROVE_GROVED"], "--help"], capture_output=True,
                                text=True, timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 0)
        for option in ("--profile", "--api", "--tls-cert", "--tls-key", "--tls-client-ca"):
            self.assertIn(option, result.stdout)

    def test_json_output_of_every_command(self):
        self.start_groved()
        pf = self.profile.passphrase_file
        documents = [
            grovectl_json("account", "create", "--name", "Bob", "--passphrase-file", pf,
                          profile=self.profile),
            grovectl_json("account", "show", profile=self.profile),
            grovectl_json("account", "lock", profile=self.profile),
            grovectl_json("account", "unlock", "--passphrase-file", pf, profile=self.profile),
        ]
        space = grovectl_json("space", "create", "Ops", profile=self.profile)
        self.assertRegex(space["id"], HEX32)
        posted = grovectl_json("chat", "post", "Ops", "hello", profile=self.profile)
        self.assertEqual(posted["text"], "hello")
        self.assertEqual(posted["space_id"], space["id"])
        documents += [
            grovectl_json("space", "list", profile=self.profile),
            grovectl_json("space", "show", "Ops", profile=self.profile),
            grovectl_json("chat", "list", "Ops", profile=self.profile),
            grovectl_json("chat", "edit", "Ops", posted["id"], "hello again", profile=self.profile),
            grovectl_json("chat", "delete", "Ops", posted["id"], profile=self.profile),
        ]
        self.assertTrue(all(isinstance(d, dict) for d in documents))
        self.assertFalse(documents[2]["unlocked"])
        self.assertTrue(documents[3]["unlocked"])
        self.assertTrue(documents[-1]["deleted"])
        listed = grovectl_json("chat", "list", "Ops", "--limit", "1", profile=self.profile)
        self.assertEqual(len(listed["messages"]), 1)

    def test_watch_prints_posted_messages(self):
        self.start_groved()
        self.ctl("account", "create", "--name", "Alice", "--passphrase-file",
                 self.profile.passphrase_file)
        self.ctl("space", "create", "Live")
        self.ctl("chat", "post", "Live", "before the watch")
        with self.grovectl_process("watch", "Live", "--json", "--existing") as watcher:
            ready = read_line(watcher.stderr, CALL_TIMEOUT)
            self.assertIsNotNone(ready, "grovectl watch never said it was watching")
            self.assertIn("watching", ready)
            first = json.loads(read_line(watcher.stdout, CALL_TIMEOUT) or "null")
            self.assertEqual(first["kind"], "chat_posted")
            self.assertEqual(first["chat"]["text"], "before the watch")
            self.assertEqual(first["author_id"], first["chat"]["author_id"])

            message_id = self.ctl("chat", "post", "Live", "hello, watcher").stdout.strip()
            line = read_line(watcher.stdout, CALL_TIMEOUT)
            self.assertIsNotNone(line, "no event within %ss" % CALL_TIMEOUT)
            event = json.loads(line)
            self.assertEqual(event["kind"], "chat_posted")
            self.assertEqual(event["chat"]["id"], message_id)
            self.assertEqual(event["chat"]["text"], "hello, watcher")
            # The author: this account's identity, and the device that wrote the delta.
            self.assertEqual(event["author_id"], event["chat"]["author_id"])
            self.assertEqual(len(event["author_device"]), 64)
            self.assertNotEqual(event["author_device"], event["author_id"])

            self.ctl("chat", "edit", "Live", message_id, "hello, edited")
            event = json.loads(read_line(watcher.stdout, CALL_TIMEOUT) or "null")
            self.assertEqual(event["kind"], "chat_edited")
            self.assertEqual(event["chat"]["text"], "hello, edited")

            watcher.send_signal(signal.SIGINT)
            self.assertEqual(reap(watcher, CALL_TIMEOUT), 0)

    def test_watch_ends_when_groved_stops(self):
        daemon = self.start_groved()
        self.ctl("account", "create", "--name", "Alice", "--passphrase-file",
                 self.profile.passphrase_file)
        self.ctl("space", "create", "Live")
        with self.grovectl_process("watch", "Live") as watcher:
            self.assertIsNotNone(read_line(watcher.stderr, CALL_TIMEOUT))
            started = time.monotonic()
            self.assertEqual(daemon.stop(), 0)
            self.assertLess(time.monotonic() - started, 10, "a watch stream delayed shutdown")
            code = reap(watcher, CALL_TIMEOUT)
            self.assertEqual(code, 5, "expected 'unavailable' when groved shuts down")

    def test_control_characters_from_members_are_escaped(self):
        # A member's text must not drive the reader's terminal: ESC, BEL, CR, DEL and C1 controls
        # are printed as visible escapes; newlines and tabs stay; --json stays the exact text.
        # (Names refuse C0 controls at the API, but C1 ones pass, and peers replicate anything.)
        self.start_groved()
        hostile_name = "Mallory\x9b2J"
        self.ctl("account", "create", "--name", hostile_name, "--passphrase-file",
                 self.profile.passphrase_file)
        self.ctl("space", "create", "Esc\x9b31m")
        text = "hi \x1b]0;pwned\x07\x1b[2J\rgone\x7f\x9b31m\ttab\nnext line"
        posted = self.ctl("chat", "post", "Esc\x9b31m", text).stdout.strip()

        def assert_inert(output):
            for control in ("\x1b", "\x07", "\x7f", "\x9b", "\x00"):
                self.assertNotIn(control, output)

        listed = self.ctl("chat", "list", "Esc\x9b31m").stdout
        assert_inert(listed)
        self.assertIn("Mallory\\u009b2J: hi \\x1b]0;pwned\\x07\\x1b[2J\\x0dgone\\x7f\\u009b31m\ttab\n"
                      "    next line", listed)
        assert_inert(self.ctl("space", "list").stdout)
        self.assertIn("Esc\\u009b31m", self.ctl("space", "show", "Esc\x9b31m").stdout)
        shown = self.ctl("account", "show").stdout
        assert_inert(shown)
        self.assertIn("Mallory\\u009b2J", shown)
        edited = self.ctl("chat", "edit", "Esc\x9b31m", posted, text + "\x1b[?1049h").stdout
        assert_inert(edited)
        self.assertIn("\\x1b[?1049h", edited)
        # Errors quote what the server said, which may carry the caller's or a member's text.
        failed = self.ctl("chat", "list", "nope\x9b2J", expect=4)
        assert_inert(failed.stderr)
        self.assertIn("nope\\u009b2J", failed.stderr)

        # --json: exact JSON, whose parse gives back the text unchanged.
        messages = grovectl_json("chat", "list", "Esc\x9b31m", profile=self.profile)["messages"]
        self.assertEqual(messages[0]["text"], text + "\x1b[?1049h")
        self.assertEqual(messages[0]["author_name"], hostile_name)

        # watch prints the same escaped lines as they happen.
        with self.grovectl_process("watch", "Esc\x9b31m", "--existing") as watcher:
            ready = read_line(watcher.stderr, CALL_TIMEOUT)
            self.assertIsNotNone(ready)
            self.assertNotIn("\x1b", ready)
            line = read_line(watcher.stdout, CALL_TIMEOUT)
            self.assertIsNotNone(line)
            assert_inert(line)
            self.assertIn("\\x1b]0;pwned\\x07", line)
            watcher.send_signal(signal.SIGINT)
            self.assertEqual(reap(watcher, CALL_TIMEOUT), 0)
