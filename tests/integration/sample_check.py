"""Runs the Python samples against a real groved: samples/api-python/post_and_watch.py (path in
GROVE_SAMPLE) and ticket_sync.py (GROVE_TICKET_SAMPLE), the latter across its own restarts and
groved's."""
import os
import subprocess
import sys

import sqlite3

from grove_harness import CALL_TIMEOUT, STUBS, GroveTestCase, api_pb2, discussion_pb2
from tool_support import DISCUSSION, instance_ref, tool_env, wait_for


class SampleTest(GroveTestCase):

    def test_sample_posts_and_watches(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account("Sample bot")
        api.call(api.accounts.Lock, api_pb2.LockAccountRequest())  # the sample must unlock
        result = subprocess.run(
            [sys.executable, os.environ["GROVE_SAMPLE"], "--stubs", STUBS, "--profile",
             self.profile.dir, "--passphrase-file", self.profile.passphrase_file,
             "--space", "Sample room", "hello from the sample", "second message"],
            capture_output=True, text=True, timeout=CALL_TIMEOUT * 2)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("created space Sample room", result.stdout)
        self.assertIn("event KIND_CHAT_POSTED: Sample bot: hello from the sample", result.stdout)
        self.assertIn("all 2 messages came back through the watch", result.stdout)
        self.assertEqual([m.text for m in api.list_chat("Sample room")],
                         ["hello from the sample", "second message"])


class TicketSyncSampleTest(GroveTestCase):

    def run_sample(self, *extra):
        result = subprocess.run(
            [sys.executable, os.environ["GROVE_TICKET_SAMPLE"], "--stubs", STUBS, "--profile",
             self.profile.dir, "--space", "Support", "--instance", "Tickets", "--db", self.db,
             "--watch-seconds", "2", *extra],
            capture_output=True, text=True, timeout=CALL_TIMEOUT * 3)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def replies(self):
        with sqlite3.connect(self.db) as db:
            return sorted(row[0] for row in db.execute("SELECT body FROM replies"))

    def reply(self, api, ref, topic_id, body):
        api.call(api.discussion.Reply,
                 discussion_pb2.ReplyRequest(instance=ref, parent_id=topic_id, body=body))

    def topics(self, api, ref):
        return api.call(api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
            instance=ref, page_size=1000)).topics

    def test_sync_survives_restarts(self):
        self.db = os.path.join(self.profile.root, "tickets.sqlite")
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account("Ticket bot")
        space = api.create_space("Support")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(
            space=space.id, tool_id=DISCUSSION, name="Tickets"))
        ref = instance_ref(space.id, instance.id)

        self.assertIn("posted 120 tickets", self.run_sample("--demo-tickets", "120"))
        topics = self.topics(api, ref)
        self.assertEqual(len(topics), 120)
        # The sample's own restart posts nothing twice.
        self.assertIn("posted 0 tickets", self.run_sample())
        self.assertEqual(len(self.topics(api, ref)), 120)

        # Replies made while the sample is down arrive when it resumes from its cursor.
        self.reply(api, ref, topics[0].id, "first reply")
        self.reply(api, ref, topics[5].id, "second reply")
        out = self.run_sample()
        self.assertIn("watched 2 new replies; 2 replies stored", out)
        self.assertEqual(self.replies(), ["first reply", "second reply"])

        # groved restarts: the cursor cannot resume, the sample reads every page once instead.
        daemon.stop()
        api.close()
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.unlock()
        wait_for(lambda: self.topics(api, ref), 60, "the Discussion instance running again")
        self.reply(api, ref, topics[7].id, "third reply")
        out = self.run_sample()
        self.assertIn("cannot resume", out)
        self.assertIn("read 120 topics", out)
        self.assertEqual(self.replies(), ["first reply", "second reply", "third reply"])
        self.reply(api, ref, topics[9].id, "fourth reply")
        self.assertIn("watched 1 new replies; 4 replies stored", self.run_sample())
        self.assertEqual(len(self.topics(api, ref)), 120)
