"""Runs the Python samples against a real groved: samples/api-python/post_and_watch.py (path in
GROVE_SAMPLE) and ticket_sync.py (GROVE_TICKET_SAMPLE), the latter across its own restarts and
groved's, and samples/forms-lob-python/forms_sync.py (GROVE_FORMS_SAMPLE) likewise."""
import os
import subprocess
import sys

import sqlite3

import grpc
from grove_harness import CALL_TIMEOUT, STUBS, GroveTestCase, api_pb2, discussion_pb2
from tool_support import DISCUSSION, instance_ref, tool_env, wait_for
from grove.tools.forms.v1 import forms_service_pb2 as forms_pb2  # noqa: E402 (stubs path above)
from grove.tools.forms.v1 import forms_service_pb2_grpc
from grove.tools.forms.v1 import ops_pb2


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


class FormsSyncSampleTest(GroveTestCase):
    """samples/forms-lob-python/forms_sync.py (path in GROVE_FORMS_SAMPLE): a ticket queue in
    SQLite and a Forms instance kept equal both ways, across the sample's restarts and groved's."""

    def run_sample(self, *extra):
        result = subprocess.run(
            [sys.executable, os.environ["GROVE_FORMS_SAMPLE"], "--stubs", STUBS, "--profile",
             self.profile.dir, "--space", "Support", "--instance", "Tickets", "--db", self.db,
             "--watch-seconds", "2", *extra],
            capture_output=True, text=True, timeout=CALL_TIMEOUT * 3)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def tickets(self):
        with sqlite3.connect(self.db) as db:
            return {row[0]: row[1:] for row in
                    db.execute("SELECT id, title, status, priority, estimate FROM tickets")}

    def records(self, api, ref, page_size=1000):
        out, token = [], ""
        while True:
            page = api.call(self.forms.ListRecords, forms_pb2.ListRecordsRequest(
                instance=ref, page_size=page_size, page_token=token))
            out += page.records
            token = page.next_page_token
            if not token:
                return out

    def test_sync_both_ways_survives_restarts(self):
        self.db = os.path.join(self.profile.root, "tickets.sqlite")
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        self.forms = forms_service_pb2_grpc.FormsServiceStub(api.channel)
        api.create_account("Ticket bot")
        space = api.create_space("Support")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(
            space=space.id, tool_id="org.grove.forms", name="Tickets"))
        ref = forms_pb2.InstanceRef(space_id=space.id, instance_id=instance.id)

        out = self.run_sample("--demo-tickets", "30")
        self.assertIn("added 5 fields", out)
        self.assertIn("created 30 records, updated 0", out)
        # Pages of 7: every record once.
        paged = self.records(api, ref, page_size=7)
        self.assertEqual(len(paged), 30)
        self.assertEqual(len({r.id for r in paged}), 30)
        schema = api.call(self.forms.GetSchema, forms_pb2.GetSchemaRequest(instance=ref))
        field = {f.definition.name: f.id for f in schema.fields}
        # The sample's own restart sends nothing twice and adds no field twice.
        out = self.run_sample()
        self.assertIn("created 0 records, updated 0", out)
        self.assertNotIn("added", out)
        self.assertEqual(len(self.records(api, ref)), 30)

        # Changes made in Grove while the sample is down arrive when it resumes from its cursor.
        by_number = {int(r.values[field["Ticket number"]].number): r for r in paged}
        update = forms_pb2.UpdateRecordRequest(
            instance=ref, record_id=by_number[4].id, request_id="close-4",
            values={"Status": ops_pb2.Value(text="Done")})
        first = api.call(self.forms.UpdateRecord, update)
        self.assertEqual(api.call(self.forms.UpdateRecord, update), first)  # a retry, not twice
        created = api.call(self.forms.CreateRecord, forms_pb2.CreateRecordRequest(
            instance=ref, request_id="from-grove", values={
                "Title": ops_pb2.Value(text="Raised in Grove"),
                "Ticket number": ops_pb2.Value(number=31)}))
        self.assertEqual(created.values[field["Title"]].text, "Raised in Grove")
        api.call(self.forms.DeleteRecord, forms_pb2.DeleteRecordRequest(
            instance=ref, record_id=by_number[9].id))
        # A value that breaks the schema is refused, naming the field and the rule.
        with self.assertRaises(grpc.RpcError) as refused:
            api.call(self.forms.CreateRecord, forms_pb2.CreateRecordRequest(
                instance=ref, values={"Title": ops_pb2.Value(text="x"),
                                      "Status": ops_pb2.Value(text="Lost")}))
        self.assertEqual(refused.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("Status: \"Lost\" is not one of the options", refused.exception.details())

        out = self.run_sample()
        self.assertIn("watched 3 changes; 30 tickets", out)
        tickets = self.tickets()
        self.assertEqual(tickets[4][1], "Done")
        self.assertEqual(tickets[31][0], "Raised in Grove")
        self.assertNotIn(9, tickets)

        # An edit in the company system goes out.
        with sqlite3.connect(self.db) as db:
            db.execute("UPDATE tickets SET status = 'Waiting', version = version + 1 WHERE id = 2")
        self.assertIn("created 0 records, updated 1", self.run_sample())
        record = api.call(self.forms.GetRecord, forms_pb2.GetRecordRequest(
            instance=ref, record_id=by_number[2].id))
        self.assertEqual(record.values[field["Status"]].text, "Waiting")

        # groved restarts: the cursor cannot resume, the sample reads every page once instead.
        daemon.stop()
        api.close()
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        self.forms = forms_service_pb2_grpc.FormsServiceStub(api.channel)
        api.unlock()
        wait_for(lambda: self.records(api, ref), 60, "the Forms instance running again")
        api.call(self.forms.UpdateRecord, forms_pb2.UpdateRecordRequest(
            instance=ref, record_id=by_number[5].id, values={"Priority": ops_pb2.Value(text="Low")}))
        out = self.run_sample()
        self.assertIn("cannot resume", out)
        self.assertIn("read 30 records", out)
        self.assertEqual(self.tickets()[5][2], "Low")
        self.assertEqual(len(self.tickets()), 30)
