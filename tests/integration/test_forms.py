"""The Forms tool over the real processes: a schema set through FormsService, then
`grovectl forms create|list|show|export` against groved (values by field name, an idempotent
create, a value breaking the schema refused with the field and the rule, CSV out), and a Watch
resumed from a cursor with no gap and no duplicate."""
import csv
import io
import threading

import grpc

from grove_harness import GroveTestCase, api_pb2, grovectl, grovectl_json
from grove.tools.forms.v1 import forms_service_pb2 as forms_pb2
from grove.tools.forms.v1 import forms_service_pb2_grpc, ops_pb2
from tool_support import tool_env

FORMS = "org.grove.forms"


class FormsTest(GroveTestCase):

    def setup_expenses(self):
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account("Ada")
        space = api.create_space("Finance")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(
            space=space.id, tool_id=FORMS, name="Expenses"))
        forms = forms_service_pb2_grpc.FormsServiceStub(api.channel)
        ref = forms_pb2.InstanceRef(space_id=space.id, instance_id=instance.id)
        api.call(forms.UpdateSchema, forms_pb2.UpdateSchemaRequest(instance=ref, add=[
            ops_pb2.FieldDef(name="Description", type=ops_pb2.FIELD_TYPE_TEXT, required=True),
            ops_pb2.FieldDef(name="Amount", type=ops_pb2.FIELD_TYPE_CURRENCY, currency="EUR",
                             min=0.01, max=5000),
            ops_pb2.FieldDef(name="Category", type=ops_pb2.FIELD_TYPE_CHOICE,
                             options=ops_pb2.Strings(values=["Travel", "Meals"])),
            ops_pb2.FieldDef(name="Receipt", type=ops_pb2.FIELD_TYPE_CHECKBOX),
        ]))
        return daemon, api, forms, ref

    def test_grovectl_forms_commands(self):
        daemon, api, forms, ref = self.setup_expenses()
        first = grovectl_json("forms", "create", "Finance", "Expenses", "Description=Taxi, Lyon",
                              "Amount=42.50", "Category=Travel", "Receipt=yes", "--request-id",
                              "claim-1", profile=self.profile)
        again = grovectl_json("forms", "create", "Finance", "Expenses", "Description=Taxi, Lyon",
                              "Amount=42.50", "Category=Travel", "Receipt=yes", "--request-id",
                              "claim-1", profile=self.profile)
        self.assertEqual(first["id"], again["id"])  # a retry, not a second claim
        grovectl_json("forms", "create", "Finance", "Expenses", "Description==SUM(A1)",
                      "Amount=9", profile=self.profile)
        listed = grovectl_json("forms", "list", "Finance", "Expenses",
                               profile=self.profile)["records"]
        self.assertEqual(len(listed), 2)
        shown = grovectl_json("forms", "show", "Finance", "Expenses", first["id"][:8],
                              profile=self.profile)
        self.assertEqual(shown["values"], {"Description": "Taxi, Lyon", "Amount": "42.50",
                                           "Category": "Travel", "Receipt": True})

        # Refused: a rule broken (exit 2, the field and the rule said), a field that is not
        # there, an instance that is not there (exit 4).
        refused = grovectl("forms", "create", "Finance", "Expenses", "Description=Yacht",
                           "Amount=90000", profile=self.profile)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("Amount: at most 5000", refused.stderr)
        refused = grovectl("forms", "create", "Finance", "Expenses", "Colour=red",
                           profile=self.profile)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertEqual(grovectl("forms", "list", "Finance", "Nothing",
                                  profile=self.profile).returncode, 4)

        exported = grovectl("forms", "export", "Finance", "Expenses", profile=self.profile)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        rows = list(csv.reader(io.StringIO(exported.stdout)))
        self.assertEqual(rows[0], ["id", "Description", "Amount", "Category", "Receipt"])
        self.assertEqual(sorted(r[1] for r in rows[1:]), ["'=SUM(A1)", "Taxi, Lyon"])
        self.assertEqual(daemon.stop(), 0)

    def test_watch_resumes_from_a_cursor(self):
        daemon, api, forms, ref = self.setup_expenses()

        def create(description):
            return api.call(forms.CreateRecord, forms_pb2.CreateRecordRequest(
                instance=ref, values={"Description": ops_pb2.Value(text=description)})).id

        def open_watch(cursor):
            """A Watch that is live (its initial metadata came) when this returns."""
            call = forms.Watch(forms_pb2.WatchRequest(instance=ref, from_cursor=cursor),
                               metadata=api.metadata)
            dict(call.initial_metadata())
            return call

        def collect(call, count):
            events = []
            timer = threading.Timer(60, call.cancel)  # a generous bound, not a timing assertion
            timer.start()
            try:
                for event in call:
                    events.append(event)
                    if len(events) == count:
                        break
            finally:
                timer.cancel()
                call.cancel()
            return events

        live = open_watch("")
        a, b = create("first"), create("second")
        first = collect(live, 2)
        self.assertEqual([e.record_id for e in first], [a, b])
        self.assertEqual(first[0].kind, forms_pb2.FormsEvent.KIND_CREATED)
        # While nobody watches: a change and a deletion; resuming after the first event gives
        # the second, then those two — no gap, no duplicate.
        api.call(forms.UpdateRecord, forms_pb2.UpdateRecordRequest(
            instance=ref, record_id=a, values={"Amount": ops_pb2.Value(text="12")}))
        api.call(forms.DeleteRecord, forms_pb2.DeleteRecordRequest(instance=ref, record_id=b))
        resumed = collect(open_watch(first[0].cursor), 3)
        self.assertEqual([(e.kind, e.record_id) for e in resumed],
                         [(forms_pb2.FormsEvent.KIND_CREATED, b),
                          (forms_pb2.FormsEvent.KIND_CHANGED, a),
                          (forms_pb2.FormsEvent.KIND_DELETED, b)])
        self.assertEqual(resumed[1].record.values[
            [f.id for f in api.call(forms.GetSchema, forms_pb2.GetSchemaRequest(
                instance=ref)).fields if f.definition.name == "Amount"][0]].text, "12")
        with self.assertRaises(grpc.RpcError) as missing:
            api.call(forms.GetRecord, forms_pb2.GetRecordRequest(instance=ref, record_id=b))
        self.assertEqual(missing.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertEqual(daemon.stop(), 0)
