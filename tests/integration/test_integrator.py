"""The API as an integrator's sync loop uses it, against a real groved: resuming a tool's Watch
from a cursor (a watcher disconnects, changes happen, it comes back with the last cursor it saw
and receives exactly what it missed — no gap, no duplicate — then live events; stale and malformed
cursors get clear statuses) and paging through lists (every item once; bad tokens refused)."""
import queue
import threading

import grpc

from grove_harness import GroveTestCase, discussion_pb2
from tool_support import DISCUSSION, instance_ref, tool_env, wait_for
from grove_harness import api_pb2

WAIT = 30  # seconds for one event


class IntegratorTest(GroveTestCase):

    def start(self):
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account()
        space = api.create_space("Tickets")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id,
                                                                  tool_id=DISCUSSION))
        return daemon, api, instance_ref(space.id, instance.id)

    def watch(self, api, ref, cursor=""):
        """Opens a Watch; returns (call, events queue, the live header's cursor)."""
        call = api.discussion.Watch(discussion_pb2.WatchRequest(instance=ref, from_cursor=cursor),
                                    metadata=api.metadata, timeout=120)
        headers = dict(call.initial_metadata())
        self.assertEqual(headers.get("grove-watch"), "live")
        events = queue.Queue()

        def pump():
            try:
                for event in call:
                    events.put(event)
            except grpc.RpcError as error:
                events.put(error)
        threading.Thread(target=pump, daemon=True).start()
        return call, events, headers.get("grove-cursor")

    def take(self, events, count):
        out = []
        for _ in range(count):
            item = events.get(timeout=WAIT)
            if isinstance(item, grpc.RpcError):
                self.fail("the stream ended: %s %s" % (item.code(), item.details()))
            out.append(item)
        return out

    def post(self, api, ref, title):
        return api.call(api.discussion.Post,
                        discussion_pb2.PostRequest(instance=ref, title=title, body="body")).post

    def test_resume_after_disconnect_delivers_exactly_what_was_missed(self):
        daemon, api, ref = self.start()
        call, events, header_cursor = self.watch(api, ref)
        self.assertTrue(header_cursor)
        seen = [self.post(api, ref, "before %d" % n).id for n in range(3)]
        first = self.take(events, 3)
        self.assertEqual([e.post.id for e in first], seen)
        self.assertEqual(len({e.cursor for e in first}), 3)  # every event has its own cursor
        call.cancel()

        missed = [self.post(api, ref, "while away %d" % n).id for n in range(5)]
        _, events, _ = self.watch(api, ref, cursor=first[-1].cursor)
        replayed = self.take(events, 5)
        self.assertEqual([e.post.id for e in replayed], missed)
        live = self.post(api, ref, "after").id
        [after] = self.take(events, 1)
        self.assertEqual(after.post.id, live)
        self.assertTrue(events.empty())  # nothing twice

        # Resuming from the live header's cursor replays everything since the first watch.
        _, events, _ = self.watch(api, ref, cursor=header_cursor)
        everything = self.take(events, 9)
        self.assertEqual([e.post.id for e in everything], seen + missed + [live])

    def test_bad_cursors_are_refused_with_a_reason(self):
        daemon, api, ref = self.start()
        _, events, cursor = self.watch(api, ref)
        for bad in ("garbage", "0123456789abcdef.x", cursor + "999"):
            call = api.discussion.Watch(discussion_pb2.WatchRequest(instance=ref, from_cursor=bad),
                                        metadata=api.metadata, timeout=30)
            self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: next(iter(call)))
        # A cursor of another run (or instance) is recognised: list again and start over.
        other = "f" * 16 + ".1" if not cursor.startswith("f" * 16) else "e" * 16 + ".1"
        call = api.discussion.Watch(discussion_pb2.WatchRequest(instance=ref, from_cursor=other),
                                    metadata=api.metadata, timeout=30)
        self.assertGrpcCode(grpc.StatusCode.FAILED_PRECONDITION, lambda: next(iter(call)))

    def test_cursor_from_before_a_restart_is_refused_not_silently_gapped(self):
        daemon, api, ref = self.start()
        _, events, _ = self.watch(api, ref)
        self.post(api, ref, "one")
        [event] = self.take(events, 1)
        daemon.stop()
        api.close()
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.unlock()

        def running():
            try:
                api.call(api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(instance=ref))
                return True
            except grpc.RpcError:
                return False
        wait_for(running, 60, "the Discussion instance running again")
        call = api.discussion.Watch(
            discussion_pb2.WatchRequest(instance=ref, from_cursor=event.cursor),
            metadata=api.metadata, timeout=60)
        self.assertGrpcCode(grpc.StatusCode.FAILED_PRECONDITION, lambda: next(iter(call)))

    def test_pages_cover_every_topic_once_and_bad_tokens_are_refused(self):
        daemon, api, ref = self.start()
        posted = [self.post(api, ref, "ticket %d" % n).id for n in range(230)]
        listed, token, pages = [], "", 0
        while True:
            page = api.call(api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
                instance=ref, page_size=50, page_token=token))
            self.assertLessEqual(len(page.topics), 50)
            listed += [t.id for t in page.topics]
            pages += 1
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(pages, 5)
        self.assertEqual(listed, list(reversed(posted)))  # newest first, each exactly once
        # The default page is 100; a page_size above the maximum is lowered to it.
        first = api.call(api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(instance=ref))
        self.assertEqual(len(first.topics), 100)
        whole = api.call(api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
            instance=ref, page_size=100000))
        self.assertEqual(len(whole.topics), 230)
        self.assertEqual(whole.next_page_token, "")
        # Search pages the same way.
        found, token = [], ""
        while True:
            page = api.call(api.discussion.Search, discussion_pb2.SearchRequest(
                instance=ref, query="ticket 1", page_size=7, page_token=token))
            found += [p.id for p in page.posts]
            token = page.next_page_token
            if not token:
                break
        expected = [i for n, i in enumerate(posted) if str(n).startswith("1")]
        self.assertEqual(sorted(found), sorted(expected))
        self.assertEqual(len(found), len(set(found)))

        bad = [("garbage", ""), (first.next_page_token[:-2] + "00", ""),
               (first.next_page_token, "other query")]
        for token, query in bad:
            if query:
                self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call,
                                    api.discussion.Search, discussion_pb2.SearchRequest(
                                        instance=ref, query=query, page_token=token))
            else:
                self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call,
                                    api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
                                        instance=ref, page_token=token))
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.discussion.ListTopics,
                            discussion_pb2.ListTopicsRequest(instance=ref, page_size=-1))

    def test_a_retried_post_with_one_request_id_creates_one_topic(self):
        daemon, api, ref = self.start()
        request = discussion_pb2.PostRequest(instance=ref, title="Ticket 1", body="imported",
                                             request_id="import-ticket-1")
        first = api.call(api.discussion.Post, request).post
        again = api.call(api.discussion.Post, request).post
        self.assertEqual(again.id, first.id)
        topics = api.call(api.discussion.ListTopics,
                          discussion_pb2.ListTopicsRequest(instance=ref)).topics
        self.assertEqual([t.id for t in topics], [first.id])
        # The same request_id with different arguments is refused; nothing is posted.
        changed = discussion_pb2.PostRequest(instance=ref, title="Ticket 1", body="other",
                                             request_id="import-ticket-1")
        self.assertGrpcCode(grpc.StatusCode.ALREADY_EXISTS, api.call, api.discussion.Post, changed)
        # Replies too; another request_id posts again.
        reply = discussion_pb2.ReplyRequest(instance=ref, parent_id=first.id, body="ok",
                                            request_id="reply-1")
        self.assertEqual(api.call(api.discussion.Reply, reply).post.id,
                         api.call(api.discussion.Reply, reply).post.id)
        second = api.call(api.discussion.Post, discussion_pb2.PostRequest(
            instance=ref, title="Ticket 1", body="imported", request_id="import-ticket-2")).post
        self.assertNotEqual(second.id, first.id)
        thread = api.call(api.discussion.GetThread, discussion_pb2.GetThreadRequest(
            instance=ref, topic_id=first.id)).posts
        self.assertEqual(len(thread), 2)  # the topic and one reply
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.discussion.Post,
                            discussion_pb2.PostRequest(instance=ref, title="x", body="y",
                                                       request_id="x" * 129))

    def test_space_watch_resumes_exactly_like_a_watcher_that_never_left(self):
        daemon, api, ref = self.start()
        space = ref.space_id

        def open_watch(cursor=""):
            call = api.events.Watch(api_pb2.WatchRequest(space=space, from_cursor=cursor),
                                    metadata=api.metadata, timeout=120)
            headers = dict(call.initial_metadata())
            self.assertEqual(headers.get("grove-watch"), "live")
            events = queue.Queue()

            def pump():
                try:
                    for event in call:
                        events.put(event)
                except grpc.RpcError as error:
                    events.put(error)
            threading.Thread(target=pump, daemon=True).start()
            return call, events, headers["grove-cursor"]

        _, reference, _ = open_watch()
        leaving, events, _ = open_watch()
        for n in range(3):
            api.post(space, "before %d" % n)
        first = self.take(events, 3)
        leaving.cancel()
        for n in range(4):
            api.post(space, "while away %d" % n)
        self.post(api, ref, "a topic meanwhile")  # a tool change in the same space
        api.post(space, "last")
        expected = self.take(reference, 3 + 4 + 1)
        while True:  # the tool change's events, however many
            try:
                item = reference.get(timeout=3)
            except queue.Empty:
                break
            expected.append(item)
        _, resumed, _ = open_watch(cursor=first[-1].cursor)
        got = first + self.take(resumed, len(expected) - 3)
        self.assertEqual([e.SerializeToString() for e in got],
                         [e.SerializeToString() for e in expected])
        self.assertRaises(queue.Empty, resumed.get, True, 2)  # nothing more, nothing twice
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, lambda: next(iter(
            api.events.Watch(api_pb2.WatchRequest(space=space, from_cursor=first[0].cursor,
                                                  include_existing=True),
                             metadata=api.metadata, timeout=30))))

    def test_chat_pages_cover_every_message_once(self):
        daemon, api, ref = self.start()
        space = ref.space_id
        posted = [api.post(space, "message %d" % n).id for n in range(25)]
        listed, token = [], ""
        while True:
            page = api.call(api.chat.List, api_pb2.ListChatRequest(space=space, page_size=10,
                                                                   page_token=token))
            self.assertLessEqual(len(page.messages), 10)
            listed += [m.id for m in page.messages]
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(listed, posted)  # oldest first, each once
        whole = api.call(api.chat.List, api_pb2.ListChatRequest(space=space))
        self.assertEqual([m.id for m in whole.messages], posted)
        self.assertEqual(whole.next_page_token, "")
        first = api.call(api.chat.List, api_pb2.ListChatRequest(space=space, page_size=10))
        for request in (api_pb2.ListChatRequest(space=space, page_token="zz"),
                        api_pb2.ListChatRequest(space=space, page_token=first.next_page_token[:-2]
                                                + "00"),
                        api_pb2.ListChatRequest(space=space, limit=3, page_size=2),
                        api_pb2.ListChatRequest(space=space, page_size=-1)):
            self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.chat.List,
                                request)
        last = api.call(api.chat.List, api_pb2.ListChatRequest(space=space, limit=3))
        self.assertEqual([m.id for m in last.messages], posted[-3:])

    def test_tool_services_follow_the_tokens_scope_and_spaces(self):
        """A tool's service answers a token as the core API does: a read token reads but cannot
        post or watch another space; a token limited to space A reads and posts in A, not in B;
        a revoked token is refused on its next call."""
        daemon, api, ref = self.start()
        other = api.create_space("Elsewhere")
        other_instance = api.call(api.tools.Add, api_pb2.AddToolRequest(space=other.id,
                                                                        tool_id=DISCUSSION))
        other_ref = instance_ref(other.id, other_instance.id)
        self.post(api, ref, "Existing")
        self.post(api, other_ref, "Secret")

        def token(name, scope, spaces=()):
            created = api.call(api.tokens.Create, api_pb2.CreateTokenRequest(
                name=name, scope=scope, spaces=list(spaces)))
            return self.api(daemon, token=created.secret)

        reader = token("reader", "read")
        titles = [t.title for t in reader.call(
            reader.discussion.ListTopics, discussion_pb2.ListTopicsRequest(instance=ref)).topics]
        self.assertEqual(titles, ["Existing"])
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, reader.call, reader.discussion.Post,
                            discussion_pb2.PostRequest(instance=ref, title="no", body="no"))

        space_a = token("tickets-only", "write", [ref.space_id])
        posted = space_a.call(space_a.discussion.Post,
                              discussion_pb2.PostRequest(instance=ref, title="Mine", body="b"))
        self.assertEqual(posted.post.title, "Mine")
        self.assertEqual(len(space_a.call(space_a.discussion.ListTopics,
                                          discussion_pb2.ListTopicsRequest(instance=ref)).topics),
                         2)
        for method, request in (
                (space_a.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
                    instance=other_ref)),
                (space_a.discussion.Search, discussion_pb2.SearchRequest(
                    instance=other_ref, query="Secret")),
                (space_a.discussion.Post, discussion_pb2.PostRequest(
                    instance=other_ref, title="no", body="no"))):
            self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, space_a.call, method, request)
        # Its space written in capitals is still its space, and another still another.
        upper = instance_ref(ref.space_id.upper(), ref.instance_id)
        space_a.call(space_a.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
            instance=upper))
        with self.assertRaises(grpc.RpcError) as raised:
            next(iter(space_a.discussion.Watch(discussion_pb2.WatchRequest(instance=other_ref),
                                               metadata=space_a.metadata, timeout=10)))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.PERMISSION_DENIED)

        api.call(api.tokens.Revoke, api_pb2.RevokeTokenRequest(name="tickets-only"))
        self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, space_a.call,
                            space_a.discussion.ListTopics,
                            discussion_pb2.ListTopicsRequest(instance=ref))
        # Nothing the refused calls tried was posted.
        titles = sorted(t.title for t in api.call(api.discussion.ListTopics,
                                                  discussion_pb2.ListTopicsRequest(
                                                      instance=other_ref)).topics)
        self.assertEqual(titles, ["Secret"])
