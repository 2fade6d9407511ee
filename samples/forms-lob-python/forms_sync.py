#!/usr/bin/python3
"""Grove Forms sample: a two-way sync between a ticket queue in SQLite (the "company system") and
a Forms instance.

    forms_sync.py --profile DIR --space NAME --instance NAME --db tickets.sqlite \
        [--demo-tickets N] [--watch-seconds S]

First the Forms instance gets the fields the queue needs (Title, Status, Priority, Estimate,
Ticket number), added once: the schema change carries a request id, and fields already there
are found by name.

Outbound, every ticket without a record becomes a record, and every ticket edited in the company
system (its `version` above `synced_version`) updates its record. Each call carries a request id
(`ticket-<id>-v<version>`), so a call whose answer was lost is answered again by groved instead
of being done twice.

Inbound, records created or changed in Grove (by people in the app, or grovectl) land in the
table. The script watches the instance from the cursor it saved with the last change it stored
(in the same transaction), so a restart misses nothing. When groved cannot resume from that
cursor (it restarted, or too much happened), the script pages through every record once
(ListRecords), then watches from the new stream's cursor.

Needs Debian's python3-grpcio and python3-protobuf, and stubs generated from
proto/grove/api/v1/api.proto and tools/forms/proto/…/forms_service.proto (--stubs DIR).
"""
import argparse
import os
import sqlite3
import sys
import threading


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", required=True, help="groved's profile (api.sock, api-token)")
    parser.add_argument("--stubs", default=os.environ.get("GROVE_PY_STUBS"))
    parser.add_argument("--space", required=True, help="space id or name")
    parser.add_argument("--instance", required=True, help="Forms instance id or name")
    parser.add_argument("--db", required=True, help="the SQLite file of tickets (created)")
    parser.add_argument("--demo-tickets", type=int, default=0,
                        help="fill an empty ticket table with N demo tickets first")
    parser.add_argument("--watch-seconds", type=float, default=5,
                        help="how long to watch for changes before exiting")
    return parser.parse_args()


SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets(id INTEGER PRIMARY KEY, title TEXT NOT NULL,
                                   status TEXT NOT NULL DEFAULT 'Open',
                                   priority TEXT NOT NULL DEFAULT 'Normal',
                                   estimate REAL, record_id TEXT UNIQUE,
                                   version INTEGER NOT NULL DEFAULT 1,
                                   synced_version INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

STATUSES = ["Open", "In progress", "Waiting", "Done"]
PRIORITIES = ["Low", "Normal", "Urgent"]


def main():
    args = parse_args()
    if args.stubs:
        sys.path.insert(0, args.stubs)
    import grpc
    from grove.api.v1 import api_pb2, api_pb2_grpc
    from grove.tools.forms.v1 import forms_service_pb2 as f_pb2
    from grove.tools.forms.v1 import forms_service_pb2_grpc as f_grpc
    from grove.tools.forms.v1 import ops_pb2

    channel = grpc.insecure_channel("unix:" + os.path.abspath(os.path.join(args.profile,
                                                                           "api.sock")))
    with open(os.path.join(args.profile, "api-token")) as f:
        metadata = (("authorization", "Bearer " + f.read().strip()),)
    space = api_pb2_grpc.SpaceServiceStub(channel).Get(
        api_pb2.GetSpaceRequest(space=args.space), metadata=metadata, timeout=10)
    instances = api_pb2_grpc.ToolServiceStub(channel).List(
        api_pb2.ListToolsRequest(space=space.id), metadata=metadata, timeout=10).instances
    matches = [i for i in instances if args.instance in (i.id, i.name)]
    if len(matches) != 1:
        sys.exit("no single Forms instance named %r in %s" % (args.instance, space.name))
    ref = f_pb2.InstanceRef(space_id=space.id, instance_id=matches[0].id)
    forms = f_grpc.FormsServiceStub(channel)

    # 0. The fields, by name: added when missing (managers only).
    wanted = [
        ("Title", ops_pb2.FIELD_TYPE_TEXT, {"required": True}),
        ("Status", ops_pb2.FIELD_TYPE_CHOICE, {"options": ops_pb2.Strings(values=STATUSES)}),
        ("Priority", ops_pb2.FIELD_TYPE_CHOICE, {"options": ops_pb2.Strings(values=PRIORITIES)}),
        ("Estimate", ops_pb2.FIELD_TYPE_NUMBER, {"min": 0}),
        ("Ticket number", ops_pb2.FIELD_TYPE_NUMBER, {}),
    ]
    schema = forms.GetSchema(f_pb2.GetSchemaRequest(instance=ref), metadata=metadata, timeout=10)
    have = {f.definition.name for f in schema.fields if not f.definition.retired}
    missing = [ops_pb2.FieldDef(name=name, type=kind, **extra)
               for name, kind, extra in wanted if name not in have]
    if missing:
        schema = forms.UpdateSchema(f_pb2.UpdateSchemaRequest(
            instance=ref, add=missing, request_id="ticket-queue-schema-%d" % len(missing)),
            metadata=metadata, timeout=30)
        print("added %d fields" % len(missing))
    field_id = {f.definition.name: f.id for f in schema.fields if not f.definition.retired}
    name_of = {v: k for k, v in field_id.items()}

    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    if args.demo_tickets and not db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]:
        with db:
            db.executemany("INSERT INTO tickets(id, title, status, priority, estimate) "
                           "VALUES (?, ?, ?, ?, ?)",
                           [(n, "Ticket %d" % n, STATUSES[n % 3], PRIORITIES[n % 3], n % 8)
                            for n in range(1, args.demo_tickets + 1)])

    def values_of(title, status, priority, estimate, number):
        values = {"Title": ops_pb2.Value(text=title), "Status": ops_pb2.Value(text=status),
                  "Priority": ops_pb2.Value(text=priority),
                  "Ticket number": ops_pb2.Value(number=number)}
        values["Estimate"] = (ops_pb2.Value(number=estimate) if estimate is not None
                              else ops_pb2.Value())
        return values

    # 1. Outbound: new tickets become records, edited ones update theirs.
    created = updated = 0
    for ticket_id, title, status, priority, estimate, record_id, version in db.execute(
            "SELECT id, title, status, priority, estimate, record_id, version FROM tickets "
            "WHERE version > synced_version ORDER BY id").fetchall():
        values = values_of(title, status, priority, estimate, ticket_id)
        request_id = "ticket-%d-v%d" % (ticket_id, version)
        if record_id is None:
            record = forms.CreateRecord(f_pb2.CreateRecordRequest(
                instance=ref, values=values, request_id=request_id), metadata=metadata, timeout=30)
            created += 1
        else:
            record = forms.UpdateRecord(f_pb2.UpdateRecordRequest(
                instance=ref, record_id=record_id, values=values, request_id=request_id),
                metadata=metadata, timeout=30)
            updated += 1
        with db:
            db.execute("UPDATE tickets SET record_id = ?, synced_version = ? WHERE id = ?",
                       (record.id, version, ticket_id))
    print("created %d records, updated %d" % (created, updated))

    def store(record, cursor=None, deleted_id=None):
        """Stores one record's values in its ticket row, and the cursor, in one transaction."""
        with db:
            if deleted_id:
                db.execute("DELETE FROM tickets WHERE record_id = ?", (deleted_id,))
            elif record is not None:
                v = {name_of.get(k): val for k, val in record.values.items()}
                title = v["Title"].text if "Title" in v else ""
                status = v["Status"].text if "Status" in v else "Open"
                priority = v["Priority"].text if "Priority" in v else "Normal"
                estimate = v["Estimate"].number if "Estimate" in v else None
                row = db.execute("SELECT id, title, status, priority, estimate FROM tickets "
                                 "WHERE record_id = ?", (record.id,)).fetchone()
                if row is None:
                    # A record made in Grove: a new ticket (its number, when it has one).
                    number = int(v["Ticket number"].number) if "Ticket number" in v else None
                    db.execute("INSERT INTO tickets(id, title, status, priority, estimate, "
                               "record_id, version, synced_version) VALUES (?, ?, ?, ?, ?, ?, 1, 1)",
                               (number, title, status, priority, estimate, record.id))
                elif tuple(row[1:]) != (title, status, priority, estimate):
                    db.execute("UPDATE tickets SET title = ?, status = ?, priority = ?, "
                               "estimate = ? WHERE id = ?",
                               (title, status, priority, estimate, row[0]))
            if cursor:
                db.execute("INSERT OR REPLACE INTO sync_state VALUES ('cursor', ?)", (cursor,))

    def resync():
        """Reads every record, page by page: the state, not the history."""
        token, count = "", 0
        while True:
            page = forms.ListRecords(f_pb2.ListRecordsRequest(
                instance=ref, page_size=200, page_token=token), metadata=metadata, timeout=30)
            for record in page.records:
                store(record)
                count += 1
            token = page.next_page_token
            if not token:
                return count

    # 2. Inbound: watch from the saved cursor; fall back to a full read when it cannot resume.
    def open_watch(cursor):
        """(call, the live header's cursor), or (call, None) when groved refused the Watch."""
        call = forms.Watch(f_pb2.WatchRequest(instance=ref, from_cursor=cursor), metadata=metadata)
        headers = dict(call.initial_metadata())  # waits until live, or refused
        return call, headers.get("grove-cursor")

    row = db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
    call, now = open_watch(row[0] if row else "")
    if now is None:
        if call.code() != grpc.StatusCode.FAILED_PRECONDITION:
            sys.exit("cannot watch: %s %s" % (call.code(), call.details()))
        print("cannot resume (%s): reading every record" % call.details())
        call, now = open_watch("")  # live first, then read: nothing falls in between
        if now is None:
            sys.exit("cannot watch: %s %s" % (call.code(), call.details()))
        print("read %d records" % resync())
        row = None
    if row is None:
        with db:
            db.execute("INSERT OR REPLACE INTO sync_state VALUES ('cursor', ?)", (now,))

    threading.Timer(args.watch_seconds, call.cancel).start()
    received = 0
    try:
        for event in call:
            if event.kind == f_pb2.FormsEvent.KIND_DELETED:
                store(None, event.cursor, deleted_id=event.record_id)
            elif event.kind in (f_pb2.FormsEvent.KIND_CREATED, f_pb2.FormsEvent.KIND_CHANGED):
                store(event.record, event.cursor)
            else:
                store(None, event.cursor)
            received += 1
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.CANCELLED:
            sys.exit("the watch ended: %s %s" % (error.code(), error.details()))
    total = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    print("watched %d changes; %d tickets" % (received, total))


if __name__ == "__main__":
    main()
