"""The gRPC API as an integrator sees it: authentication, validation, limits, modes, Watch."""
import os
import stat
import subprocess
import time

import grpc
from grove_harness import CALL_TIMEOUT, GROVED, GroveTestCase, api_pb2

C = grpc.StatusCode


def every_method(api):
    """(name, callable) for every method of grove.api.v1, with harmless requests."""
    unary = [
        ("AccountService/Create", api.accounts.Create,
         api_pb2.CreateAccountRequest(display_name="Mallory", passphrase="long enough secret")),
        ("AccountService/Unlock", api.accounts.Unlock,
         api_pb2.UnlockAccountRequest(passphrase="guess guess")),
        ("AccountService/Lock", api.accounts.Lock, api_pb2.LockAccountRequest()),
        ("AccountService/Get", api.accounts.Get, api_pb2.GetAccountRequest()),
        ("AccountService/ChangePassphrase", api.accounts.ChangePassphrase,
         api_pb2.ChangePassphraseRequest(old_passphrase="a" * 8, new_passphrase="b" * 8)),
        ("SpaceService/Create", api.spaces.Create, api_pb2.CreateSpaceRequest(name="x")),
        ("SpaceService/List", api.spaces.List, api_pb2.ListSpacesRequest()),
        ("SpaceService/Get", api.spaces.Get, api_pb2.GetSpaceRequest(space="x")),
        ("ChatService/Post", api.chat.Post, api_pb2.PostChatRequest(space="x", text="hi")),
        ("ChatService/List", api.chat.List, api_pb2.ListChatRequest(space="x")),
        ("ChatService/Edit", api.chat.Edit,
         api_pb2.EditChatRequest(space="x", message_id="ab", text="hi")),
        ("ChatService/Delete", api.chat.Delete,
         api_pb2.DeleteChatRequest(space="x", message_id="ab")),
    ]
    calls = [(name, lambda m=m, r=r: api.call(m, r)) for name, m, r in unary]

    def watch():
        # A refused Watch ends at once; an accepted one would idle until this short deadline.
        stream = api.events.Watch(api_pb2.WatchRequest(space=""), metadata=api.metadata,
                                  timeout=5)
        return next(stream)
    calls.append(("EventService/Watch", watch))
    return calls


class ApiTest(GroveTestCase):

    def ready_api(self, *groved_args):
        daemon = self.start_groved(*groved_args)
        api = self.api(daemon)
        api.create_account()
        return daemon, api

    def assertServing(self, daemon, api):
        self.assertTrue(daemon.alive(), "groved died:\n" + daemon.stderr())
        account = api.call(api.accounts.Get, api_pb2.GetAccountRequest())
        self.assertTrue(account.unlocked)

    def test_calls_without_or_with_a_wrong_token_are_unauthenticated(self):
        daemon, api = self.ready_api()
        token = self.profile.token()
        wrong = ("0" if token[0] != "0" else "1") + token[1:]
        clients = {
            "no metadata": self.api(daemon, token=None),
            "wrong token": self.api(daemon, token=wrong),
            "empty token": self.api(daemon, token=""),
            "token prefix": self.api(daemon, token=token[:-1]),
            "token + extra": self.api(daemon, token=token + "0"),
        }
        basic = self.api(daemon)
        basic.metadata = (("authorization", "Basic " + token),)
        clients["Basic scheme"] = basic
        for label, client in clients.items():
            for name, call in every_method(client):
                with self.subTest(client=label, method=name):
                    error = self.assertGrpcCode(C.UNAUTHENTICATED, call)
                    self.assertNotIn(token, error.details() or "")
        # Nothing above changed anything: the account is still the one we made, still unlocked.
        self.assertServing(daemon, api)
        self.assertEqual(list(api.call(api.spaces.List, api_pb2.ListSpacesRequest()).spaces), [])
        # Lower-case scheme is accepted (RFC 6750 schemes are case-insensitive).
        lower = self.api(daemon)
        lower.metadata = (("authorization", "bearer " + token),)
        self.assertTrue(lower.call(lower.accounts.Get, api_pb2.GetAccountRequest()).unlocked)

    def test_malformed_requests_get_invalid_argument_and_groved_keeps_serving(self):
        daemon, api = self.ready_api()
        space = api.create_space("Room")
        message = api.post(space.id, "hello")

        garbage = [
            ("/grove.api.v1.ChatService/Post", b"\xff\xff\xff\xff\xff\xff\xff\xff"),
            ("/grove.api.v1.ChatService/Post", bytes(range(256)) * 4),
            ("/grove.api.v1.SpaceService/Create", b"\x0a\x02\xc3\x28"),  # name: invalid UTF-8
            ("/grove.api.v1.AccountService/Unlock", b"\x0a\xff"),        # truncated length
            ("/grove.api.v1.ChatService/List", b"\x0a\x05ab"),           # length past the end
            ("/grove.api.v1.SpaceService/Get", b"\x0f"),                 # invalid wire type
        ]
        for path, payload in garbage:
            with self.subTest(path=path, payload=payload[:8]):
                error = self.assertGrpcCode(C.INVALID_ARGUMENT, api.raw_unary, path, payload)
                self.assertIn("malformed request", error.details())
                self.assertServing(daemon, api)
        # Without the token, garbage is refused before it is even parsed.
        anonymous = self.api(daemon, token=None)
        self.assertGrpcCode(C.UNAUTHENTICATED, anonymous.raw_unary,
                            "/grove.api.v1.ChatService/Post", b"\xff\xff\xff")
        # Garbage to the Watch stream.
        watch = api.channel.unary_stream("/grove.api.v1.EventService/Watch")
        stream = watch(b"\xff\xff\xff\xff", metadata=api.metadata, timeout=CALL_TIMEOUT)
        self.assertGrpcCode(C.INVALID_ARGUMENT, next, stream)

        too_long_name = "n" * 201
        invalid = [
            (api.accounts.Create, api_pb2.CreateAccountRequest(display_name="", passphrase="x" * 9)),
            (api.accounts.Create, api_pb2.CreateAccountRequest(display_name="A", passphrase="")),
            (api.accounts.Unlock, api_pb2.UnlockAccountRequest(passphrase="")),
            (api.spaces.Create, api_pb2.CreateSpaceRequest(name="")),
            (api.spaces.Create, api_pb2.CreateSpaceRequest(name="   ")),
            (api.spaces.Create, api_pb2.CreateSpaceRequest(name=too_long_name)),
            (api.spaces.Create, api_pb2.CreateSpaceRequest(name="bad\nname")),
            (api.spaces.Get, api_pb2.GetSpaceRequest(space="")),
            (api.chat.Post, api_pb2.PostChatRequest(space="", text="hi")),
            (api.chat.Post, api_pb2.PostChatRequest(space=space.id, text="")),
            (api.chat.Post, api_pb2.PostChatRequest(space=space.id, text="x" * (64 * 1024 + 1))),
            (api.chat.List, api_pb2.ListChatRequest(space="")),
            (api.chat.Edit, api_pb2.EditChatRequest(space=space.id, message_id="zz", text="t")),
            (api.chat.Edit, api_pb2.EditChatRequest(space=space.id, message_id="", text="t")),
            (api.chat.Edit, api_pb2.EditChatRequest(space=space.id, message_id=message.id,
                                                    text="")),
            (api.chat.Delete, api_pb2.DeleteChatRequest(space=space.id, message_id="g" * 64)),
        ]
        for method, request in invalid:
            with self.subTest(method=method._method, request=str(request)[:60]):
                self.assertGrpcCode(C.INVALID_ARGUMENT, api.call, method, request)
                self.assertServing(daemon, api)
        # 64 KiB exactly is fine.
        self.assertEqual(len(api.post(space.id, "y" * (64 * 1024)).text), 64 * 1024)
        # Still everything there, still serving, and the log has only the two good posts.
        self.assertEqual([m.text[:5] for m in api.list_chat(space.id)], ["hello", "yyyyy"])
        self.assertEqual(len(api.call(api.spaces.List, api_pb2.ListSpacesRequest()).spaces), 1)

    def test_oversized_request_is_refused_and_groved_keeps_serving(self):
        daemon, api = self.ready_api()
        space = api.create_space("Big")
        huge = "x" * (5 * 1024 * 1024)
        self.assertGrpcCode(C.RESOURCE_EXHAUSTED, api.post, space.id, huge)
        self.assertServing(daemon, api)
        self.assertEqual(api.list_chat(space.id), [])

    def test_error_codes_are_mapped(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        self.assertGrpcCode(C.NOT_FOUND, api.call, api.accounts.Get, api_pb2.GetAccountRequest())
        self.assertGrpcCode(C.FAILED_PRECONDITION, api.create_space, "early")
        api.create_account()
        self.assertGrpcCode(C.ALREADY_EXISTS, api.create_account)
        api.call(api.accounts.Lock, api_pb2.LockAccountRequest())
        error = self.assertGrpcCode(C.UNAUTHENTICATED, api.unlock, "wrong passphrase!")
        self.assertIn("passphrase", error.details())
        api.unlock()
        self.assertGrpcCode(C.NOT_FOUND, api.post, "nowhere", "hi")
        space = api.create_space("Room")
        self.assertGrpcCode(C.NOT_FOUND, api.call, api.chat.Delete,
                            api_pb2.DeleteChatRequest(space=space.id, message_id="ab" * 32))
        message = api.post(space.id, "bye")
        api.call(api.chat.Delete, api_pb2.DeleteChatRequest(space=space.id, message_id=message.id))
        self.assertGrpcCode(C.FAILED_PRECONDITION, api.call, api.chat.Edit,
                            api_pb2.EditChatRequest(space=space.id, message_id=message.id,
                                                    text="again"))

    def test_socket_token_and_profile_modes(self):
        daemon = self.start_groved()

        def mode(path):
            return stat.S_IMODE(os.lstat(path).st_mode)

        self.assertTrue(stat.S_ISSOCK(os.lstat(self.profile.socket).st_mode))
        self.assertEqual(mode(self.profile.socket), 0o600)
        self.assertEqual(mode(self.profile.token_file), 0o600)
        self.assertEqual(mode(self.profile.dir), 0o700)
        token = self.profile.token()
        self.assertRegex(token, r"^[0-9a-f]{64}$")
        self.assertEqual(daemon.stop(), 0)

        # The token survives a restart; a token file with loose permissions is tightened.
        os.chmod(self.profile.token_file, 0o644)
        self.start_groved()
        self.assertEqual(self.profile.token(), token)
        self.assertEqual(mode(self.profile.token_file), 0o600)
        self.assertEqual(mode(self.profile.socket), 0o600)

    def test_watch_receives_posted_messages(self):
        daemon, api = self.ready_api()
        room = api.create_space("Room")
        other = api.create_space("Other")
        old = api.post(room.id, "already there")

        stream = api.events.Watch(api_pb2.WatchRequest(space="Room", include_existing=True),
                                  metadata=api.metadata, timeout=CALL_TIMEOUT)
        everything = api.events.Watch(api_pb2.WatchRequest(space=""), metadata=api.metadata,
                                      timeout=CALL_TIMEOUT)
        try:
            headers = stream.initial_metadata()  # headers = the subscription is live
            self.assertIn(("grove-watch", "live"), [tuple(h) for h in headers])
            everything.initial_metadata()
            replay = next(stream)
            self.assertEqual(replay.kind, api_pb2.SpaceEvent.KIND_CHAT_POSTED)
            self.assertEqual(replay.chat.id, old.id)
            self.assertGreater(replay.delta_count, 0)

            posted = api.post(room.id, "hello, watcher")
            api.post(other.id, "elsewhere")
            event = next(stream)
            self.assertEqual(event.kind, api_pb2.SpaceEvent.KIND_CHAT_POSTED)
            self.assertEqual(event.space_id, room.id)
            self.assertEqual(event.chat.id, posted.id)
            self.assertEqual(event.chat.text, "hello, watcher")
            self.assertEqual(event.chat.author_name, "Alice")
            self.assertGreater(event.delta_count, replay.delta_count)

            edited = api.call(api.chat.Edit, api_pb2.EditChatRequest(
                space=room.id, message_id=posted.id, text="hello, edited"))
            event = next(stream)
            self.assertEqual(event.kind, api_pb2.SpaceEvent.KIND_CHAT_EDITED)
            self.assertEqual(event.chat.text, edited.text)
            api.call(api.chat.Delete, api_pb2.DeleteChatRequest(space=room.id,
                                                                message_id=posted.id))
            event = next(stream)
            self.assertEqual(event.kind, api_pb2.SpaceEvent.KIND_CHAT_DELETED)
            self.assertTrue(event.chat.deleted)

            # The all-spaces watch saw both spaces' posts, in order.
            texts = [next(everything).chat.text for _ in range(2)]
            self.assertEqual(texts, ["hello, watcher", "elsewhere"])
        finally:
            stream.cancel()
            everything.cancel()
        self.assertGrpcCode(C.NOT_FOUND, lambda: next(api.events.Watch(
            api_pb2.WatchRequest(space="no such space"), metadata=api.metadata,
            timeout=CALL_TIMEOUT)))
        self.assertServing(daemon, api)

    def test_slow_watcher_gets_resource_exhausted(self):
        daemon, api = self.ready_api("--watch-queue", "8")
        room = api.create_space("Room")
        slow = api.events.Watch(api_pb2.WatchRequest(space=room.id), metadata=api.metadata,
                                timeout=CALL_TIMEOUT * 2)
        slow.initial_metadata()
        # Never read: HTTP/2 flow control stops the writes, the queue fills, the stream ends.
        text = "z" * (60 * 1024)
        deadline = time.monotonic() + CALL_TIMEOUT
        posted = 0
        while posted < 2000 and time.monotonic() < deadline:
            api.post(room.id, text)
            posted += 1
            if posted % 50 == 0 and slow.done():
                break
        received = 0
        with self.assertRaises(grpc.RpcError) as caught:
            for _ in slow:
                received += 1
        self.assertEqual(caught.exception.code(), C.RESOURCE_EXHAUSTED,
                         caught.exception.details())
        self.assertIn("fell more than 8 events behind", caught.exception.details())
        self.assertLess(received, posted)
        # groved is fine, and a new watcher works.
        self.assertServing(daemon, api)
        fresh = api.events.Watch(api_pb2.WatchRequest(space=room.id), metadata=api.metadata,
                                 timeout=CALL_TIMEOUT)
        fresh.initial_metadata()
        api.post(room.id, "after")
        self.assertEqual(next(fresh).chat.text, "after")
        fresh.cancel()

    def test_tcp_listener_is_loopback_only_without_tls(self):
        daemon = self.start_groved("--api", "127.0.0.1:0")
        self.assertRegex(daemon.address, r"^127\.0\.0\.1:\d+$")
        self.assertNotEqual(daemon.address, "127.0.0.1:0")
        api = self.api(daemon)
        self.assertEqual(api.create_account().display_name, "Alice")
        self.assertGrpcCode(C.UNAUTHENTICATED, self.api(daemon, token="nope").call,
                            api.accounts.Get, api_pb2.GetAccountRequest())
        self.assertFalse(os.path.exists(self.profile.socket))
        self.assertEqual(daemon.stop(), 0)

        for address in ("0.0.0.0:0", "192.0.2.1:7000", "example.com:7000", "[::]:0"):
            with self.subTest(address=address):
                result = subprocess.run([GROVED, "--profile", self.profile.dir, "--api", address],
                                        capture_output=True, text=True, timeout=CALL_TIMEOUT)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("not a loopback address", result.stderr)
                self.assertIn("--tls-cert", result.stderr)  # TLS: see test_access.py
        for address in ("nonsense", "127.0.0.1:99999", "unix:"):
            with self.subTest(address=address):
                result = subprocess.run([GROVED, "--profile", self.profile.dir, "--api", address],
                                        capture_output=True, text=True, timeout=CALL_TIMEOUT)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("invalid API address", result.stderr)
        # The plaintext escape hatch is gone.
        result = subprocess.run([GROVED, "--profile", self.profile.dir, "--api", "0.0.0.0:0",
                                 "--allow-remote"], capture_output=True, text=True,
                                timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 2)

    def test_one_groved_per_profile(self):
        first = self.start_groved()
        result = subprocess.run([GROVED, "--profile", self.profile.dir], capture_output=True,
                                text=True, timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn("in use", result.stderr)
        # The first one still serves on its socket.
        self.assertEqual(self.api(first).create_account().display_name, "Alice")
        # A live socket of another process is never stolen, even from another profile.
        other_profile = os.path.join(self.profile.root, "other")
        result = subprocess.run([GROVED, "--profile", other_profile, "--api",
                                 "unix:" + self.profile.socket],
                                capture_output=True, text=True, timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn("already listening", result.stderr)
        self.assertTrue(first.alive())

    def test_too_long_socket_path_is_a_clear_error(self):
        self.profile.dir = os.path.join(self.profile.root, "d" * 60, "e" * 60)
        result = subprocess.run([GROVED, "--profile", self.profile.dir], capture_output=True,
                                text=True, timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn("a socket path may have at most 107 bytes", result.stderr)
        # With a short --api path the same profile works.
        short = os.path.join(self.profile.root, "s.sock")
        daemon = self.start_groved("--api", "unix:" + short)
        self.assertEqual(daemon.address, "unix:" + short)
        self.assertEqual(self.api(daemon).create_account().display_name, "Alice")
