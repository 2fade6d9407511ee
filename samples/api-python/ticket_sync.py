#!/usr/bin/python3
"""Grove API sample: a two-way sync between a ticket table (SQLite) and a Discussion instance.

    ticket_sync.py --profile DIR --space NAME --instance NAME --db tickets.sqlite \
        [--demo-tickets N] [--watch-seconds S]

Outbound, every ticket without a topic becomes a topic. Each Post carries the request id
`ticket-<id>`, so a post whose answer was lost (a timeout, a crash before the row was saved) is
answered again by groved instead of being posted twice.

Inbound, members' replies land in the `replies` table. The script watches the instance from the
cursor it saved with the last reply it stored (in the same transaction), so a restart of the
script misses nothing and stores nothing twice. When groved cannot resume from that cursor (it
restarted, or too much happened), the script pages through every topic and thread once
(ListTopics pages, GetThread), then watches from the new stream's cursor.

Needs Debian's python3-grpcio and python3-protobuf, and stubs generated from
proto/grove/api/v1/api.proto and tools/discussion/proto/…/discussion_service.proto (--stubs DIR).
"""
import argparse
import os
import sqlite3
import sys
import threading
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", required=True, help="groved's profile (api.sock, api-token)")
    parser.add_argument("--stubs", default=os.environ.get("GROVE_PY_STUBS"))
    parser.add_argument("--space", required=True, help="space id or name")
    parser.add_argument("--instance", required=True, help="Discussion instance id or name")
    parser.add_argument("--db", required=True, help="the SQLite file of tickets (created)")
    parser.add_argument("--demo-tickets", type=int, default=0,
                        help="fill an empty ticket table with N demo tickets first")
    parser.add_argument("--watch-seconds", type=float, default=5,
                        help="how long to watch for replies before exiting")
    return parser.parse_args()


SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets(id INTEGER PRIMARY KEY, title TEXT NOT NULL,
                                   body TEXT NOT NULL, topic_id TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS replies(post_id TEXT PRIMARY KEY, ticket_id INTEGER NOT NULL,
                                   author TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def main():
    args = parse_args()
    if args.stubs:
        sys.path.insert(0, args.stubs)
    import grpc
    from grove.api.v1 import api_pb2, api_pb2_grpc
    from grove.tools.discussion.v1 import discussion_service_pb2 as d_pb2
    from grove.tools.discussion.v1 import discussion_service_pb2_grpc as d_grpc

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
        sys.exit("no single Discussion instance named %r in %s" % (args.instance, space.name))
    ref = d_pb2.InstanceRef(space_id=space.id, instance_id=matches[0].id)
    discussion = d_grpc.DiscussionServiceStub(channel)

    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    if args.demo_tickets and not db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]:
        with db:
            db.executemany("INSERT INTO tickets(id, title, body) VALUES (?, ?, ?)",
                           [(n, "Ticket %d" % n, "Imported ticket number %d." % n)
                            for n in range(1, args.demo_tickets + 1)])

    # 1. Outbound: one topic per ticket. The request id makes a retry (or a rerun after a crash
    #    between Post and the UPDATE below) return the same topic.
    posted = 0
    for ticket_id, title, body in db.execute(
            "SELECT id, title, body FROM tickets WHERE topic_id IS NULL ORDER BY id").fetchall():
        post = discussion.Post(d_pb2.PostRequest(instance=ref, title=title, body=body,
                                                 request_id="ticket-%d" % ticket_id),
                               metadata=metadata, timeout=30).post
        with db:
            db.execute("UPDATE tickets SET topic_id = ? WHERE id = ?", (post.id, ticket_id))
        posted += 1
    print("posted %d tickets" % posted)

    ticket_of_topic = dict(db.execute("SELECT topic_id, id FROM tickets "
                                      "WHERE topic_id IS NOT NULL").fetchall())

    def store_reply(post, cursor=None):
        """Stores one reply (once), and the cursor it came with, in one transaction."""
        ticket = ticket_of_topic.get(post.topic_id)
        with db:
            if ticket is not None and post.parent_id and not post.deleted:
                db.execute("INSERT OR IGNORE INTO replies VALUES (?, ?, ?, ?)",
                           (post.id, ticket, post.author_name, post.body))
            if cursor:
                db.execute("INSERT OR REPLACE INTO sync_state VALUES ('cursor', ?)", (cursor,))

    def resync():
        """Reads every reply of every topic, page by page: the state, not the history."""
        token, topics = "", 0
        while True:
            page = discussion.ListTopics(d_pb2.ListTopicsRequest(
                instance=ref, page_size=200, page_token=token), metadata=metadata, timeout=30)
            for topic in page.topics:
                topics += 1
                if topic.id not in ticket_of_topic or not topic.reply_count:
                    continue
                thread = discussion.GetThread(d_pb2.GetThreadRequest(
                    instance=ref, topic_id=topic.id), metadata=metadata, timeout=30)
                for post in thread.posts:
                    store_reply(post)
            token = page.next_page_token
            if not token:
                return topics

    # 2. Inbound: watch from the saved cursor; fall back to a full read when it cannot resume.
    def open_watch(cursor):
        """(call, the live header's cursor), or (call, None) when groved refused the Watch."""
        call = discussion.Watch(d_pb2.WatchRequest(instance=ref, from_cursor=cursor),
                                metadata=metadata)
        headers = dict(call.initial_metadata())  # waits until live, or refused
        return call, headers.get("grove-cursor")

    row = db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
    call, now = open_watch(row[0] if row else "")
    if now is None:
        if call.code() != grpc.StatusCode.FAILED_PRECONDITION:
            sys.exit("cannot watch: %s %s" % (call.code(), call.details()))
        print("cannot resume (%s): reading every topic" % call.details())
        call, now = open_watch("")  # live first, then read: nothing falls in between
        if now is None:
            sys.exit("cannot watch: %s %s" % (call.code(), call.details()))
        print("read %d topics" % resync())
        row = None
    if row is None:
        with db:
            db.execute("INSERT OR REPLACE INTO sync_state VALUES ('cursor', ?)", (now,))

    threading.Timer(args.watch_seconds, call.cancel).start()
    received = 0
    try:
        for event in call:
            if event.kind == d_pb2.DiscussionEvent.KIND_POSTED and event.post.parent_id:
                received += 1
            store_reply(event.post, event.cursor)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.CANCELLED:
            sys.exit("the watch ended: %s %s" % (error.code(), error.details()))
    total = db.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
    print("watched %d new replies; %d replies stored" % (received, total))


if __name__ == "__main__":
    main()
