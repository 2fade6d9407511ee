"""Harness for Grove's integration tests: real groved and grovectl processes in temporary profiles.

The binaries and the generated Python stubs come from the environment CTest sets:
GROVE_GROVED, GROVE_GROVECTL (paths of the built binaries) and GROVE_PY_STUBS (a directory holding
grove/api/v1/api_pb2.py and api_pb2_grpc.py). Every wait is bounded; every process a test starts
is killed when the test ends, whether it passed or not.
"""
import atexit
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

GROVED = os.environ.get("GROVE_GROVED", "")
GROVECTL = os.environ.get("GROVE_GROVECTL", "")
STUBS = os.environ.get("GROVE_PY_STUBS", "")
if STUBS:
    sys.path.insert(0, STUBS)

import grpc  # noqa: E402  (Debian's python3-grpcio)
from grove.api.v1 import api_pb2, api_pb2_grpc  # noqa: E402  (generated at build time)
from grove.tools.discussion.v1 import discussion_service_pb2 as discussion_pb2  # noqa: E402
from grove.tools.discussion.v1 import discussion_service_pb2_grpc as discussion_pb2_grpc  # noqa
from grove.tools.files.v1 import files_service_pb2 as files_pb2  # noqa: E402
from grove.tools.files.v1 import files_service_pb2_grpc as files_pb2_grpc  # noqa: E402

PASSPHRASE = "correct horse battery staple"
START_TIMEOUT = 30  # seconds for groved to print its "listening" line
STOP_TIMEOUT = 30   # seconds for a graceful stop
CALL_TIMEOUT = 60   # seconds for one API call or one grovectl run

_live_processes = set()
PROFILE_TOKEN = object()  # "the token groved wrote into the profile"


def _kill_leftovers():
    for proc in list(_live_processes):
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


atexit.register(_kill_leftovers)


def check_environment():
    missing = [name for name, value in (("GROVE_GROVED", GROVED), ("GROVE_GROVECTL", GROVECTL),
                                        ("GROVE_PY_STUBS", STUBS)) if not value]
    if missing:
        raise RuntimeError("run these tests through ctest (missing %s)" % ", ".join(missing))


def spawn(args, **kwargs):
    """Starts a process that the harness kills at exit if the test did not."""
    proc = subprocess.Popen(args, **kwargs)
    _live_processes.add(proc)
    return proc


def reap(proc, timeout):
    try:
        return proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        _live_processes.discard(proc)


def read_line(stream, timeout):
    """One line from a binary pipe, or None when `timeout` passes or the pipe closes first."""
    deadline = time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    data = b""
    try:
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return None
            chunk = os.read(stream.fileno(), 1)
            if not chunk:
                return None
            data += chunk
    finally:
        selector.close()
    return data.decode("utf-8", "replace").rstrip("\n")


class Profile:
    """A temporary directory holding one profile (DIR/profile) and scratch files."""

    def __init__(self):
        # Under /tmp: a Unix socket path must stay short (108 bytes).
        self.root = tempfile.mkdtemp(prefix="grove-it-", dir="/tmp")
        self.dir = os.path.join(self.root, "profile")
        self.passphrase_file = os.path.join(self.root, "passphrase")
        with open(self.passphrase_file, "w") as f:
            f.write(PASSPHRASE + "\n")

    @property
    def socket(self):
        return os.path.join(self.dir, "api.sock")

    @property
    def token_file(self):
        return os.path.join(self.dir, "api-token")

    def token(self):
        with open(self.token_file) as f:
            return f.read().strip()

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


class Groved:
    """One groved process on a profile."""

    def __init__(self, profile, *extra_args, env=None):
        # LAN discovery is off unless a test asks for it (a --discovery-… option): tests running
        # in parallel must not find each other's peers, nor peers that a test keeps apart.
        if not any(a == "--no-discovery" or a.startswith("--discovery-") for a in extra_args):
            extra_args = (*extra_args, "--no-discovery")
        self.profile = profile
        self.args = [GROVED, "--profile", profile.dir, *extra_args]
        self.env = env  # None: inherit
        self.proc = None
        self.peer_address = None  # with --listen: the peer-link address
        self.address = None
        self.stderr_path = os.path.join(profile.root, "groved.stderr")

    def start(self):
        stderr = open(self.stderr_path, "ab")
        self.proc = spawn(self.args, stdout=subprocess.PIPE, stderr=stderr, env=self.env)
        stderr.close()
        line = read_line(self.proc.stdout, START_TIMEOUT)
        if line is None or not line.startswith("groved: listening on "):
            self.kill()
            raise AssertionError("groved did not start (first line %r); stderr:\n%s"
                                 % (line, self.stderr()))
        self.address = line[len("groved: listening on "):]
        if "--listen" in self.args:
            line = read_line(self.proc.stdout, START_TIMEOUT)
            if line is None or not line.startswith("groved: peer links on "):
                self.kill()
                raise AssertionError("groved printed no peer-link address (%r); stderr:\n%s"
                                     % (line, self.stderr()))
            self.peer_address = line[len("groved: peer links on "):]
        return self

    def stderr(self):
        try:
            with open(self.stderr_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM and wait; returns groved's exit code (fails the test on a hang)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return reap(self.proc, STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError("groved did not stop within %ss of SIGTERM" % STOP_TIMEOUT)
        finally:
            self.proc.stdout.close()

    def kill(self):
        """SIGKILL: no chance to clean up."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        reap(self.proc, 10)
        self.proc.stdout.close()

    def api(self, token=PROFILE_TOKEN):
        """Stubs on this groved; token=None sends no authorization metadata at all."""
        return Api(self.address, self.profile.token() if token is PROFILE_TOKEN else token)


class Api:
    """Stubs of grove.api.v1 on one channel, sending the token with every call."""

    def __init__(self, address, token, credentials=None, options=()):
        # A channel of its own subchannels: gRPC otherwise shares them between channels to one
        # target, and a channel made after a groved was killed and restarted on the same socket
        # could be handed the dead connection ("Broken pipe").
        options = list(options) + [("grpc.use_local_subchannel_pool", 1)]
        if credentials is None:
            self.channel = grpc.insecure_channel(address, options=list(options))
        else:
            self.channel = grpc.secure_channel(address, credentials, options=list(options))
        self.metadata = (("authorization", "Bearer " + token),) if token is not None else ()
        self.accounts = api_pb2_grpc.AccountServiceStub(self.channel)
        self.spaces = api_pb2_grpc.SpaceServiceStub(self.channel)
        self.chat = api_pb2_grpc.ChatServiceStub(self.channel)
        self.events = api_pb2_grpc.EventServiceStub(self.channel)
        self.tools = api_pb2_grpc.ToolServiceStub(self.channel)
        self.sync = api_pb2_grpc.SyncServiceStub(self.channel)
        self.members = api_pb2_grpc.MemberServiceStub(self.channel)
        self.tokens = api_pb2_grpc.TokenServiceStub(self.channel)
        self.discussion = discussion_pb2_grpc.DiscussionServiceStub(self.channel)
        self.files = files_pb2_grpc.FilesServiceStub(self.channel)

    def call(self, method, request, timeout=CALL_TIMEOUT):
        return method(request, metadata=self.metadata, timeout=timeout)

    def raw_unary(self, path, payload, timeout=CALL_TIMEOUT):
        """Sends `payload` bytes as the request of method `path`, returns the raw reply bytes."""
        method = self.channel.unary_unary(path)  # no serializers: bytes in, bytes out
        return method(payload, metadata=self.metadata, timeout=timeout)

    # Shortcuts for the common path.
    def create_account(self, name="Alice", passphrase=PASSPHRASE):
        return self.call(self.accounts.Create,
                         api_pb2.CreateAccountRequest(display_name=name, passphrase=passphrase))

    def unlock(self, passphrase=PASSPHRASE):
        return self.call(self.accounts.Unlock, api_pb2.UnlockAccountRequest(passphrase=passphrase))

    def create_space(self, name):
        return self.call(self.spaces.Create, api_pb2.CreateSpaceRequest(name=name))

    def post(self, space, text, timeout=CALL_TIMEOUT):
        return self.call(self.chat.Post, api_pb2.PostChatRequest(space=space, text=text), timeout)

    def list_chat(self, space):
        return list(self.call(self.chat.List, api_pb2.ListChatRequest(space=space)).messages)

    def close(self):
        self.channel.close()


def grovectl(*args, profile=None, stdin=None, timeout=CALL_TIMEOUT):
    """Runs grovectl (with --profile when given); returns the CompletedProcess (text)."""
    command = [GROVECTL] + (["--profile", profile.dir] if profile is not None else []) + list(args)
    proc = spawn(command, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(input=stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        raise AssertionError("grovectl %s timed out after %ss; stderr:\n%s" % (args, timeout, err))
    finally:
        _live_processes.discard(proc)
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def grovectl_json(*args, profile=None):
    result = grovectl(*args, "--json", profile=profile)
    if result.returncode != 0:
        raise AssertionError("grovectl %s failed (%d): %s" % (args, result.returncode, result.stderr))
    return json.loads(result.stdout)


HEX32 = re.compile(r"^[0-9a-f]{32}$")


class GroveTestCase(unittest.TestCase):
    """Gives each test a fresh profile and stops every groved it started, pass or fail."""

    def setUp(self):
        check_environment()
        self.profile = Profile()
        self._daemons = []
        self._apis = []

    def tearDown(self):
        for api in self._apis:
            api.close()
        for daemon in self._daemons:
            if daemon.alive():
                daemon.kill()
        if self._outcome_ok():
            self.profile.cleanup()
        else:
            for daemon in self._daemons:
                sys.stderr.write("--- groved stderr (%s) ---\n%s\n" % (daemon.args, daemon.stderr()))
            sys.stderr.write("profile kept at %s\n" % self.profile.root)

    def _outcome_ok(self):
        outcome = getattr(self, "_outcome", None)
        return outcome is None or getattr(outcome, "success", True)

    def start_groved(self, *extra_args, profile=None, env=None):
        daemon = Groved(profile or self.profile, *extra_args, env=env)
        self._daemons.append(daemon)
        return daemon.start()

    def api(self, daemon, token=PROFILE_TOKEN):
        api = daemon.api(token)
        self._apis.append(api)
        return api

    def assertGrpcCode(self, code, fn, *args, **kwargs):
        with self.assertRaises(grpc.RpcError) as caught:
            fn(*args, **kwargs)
        self.assertEqual(caught.exception.code(), code,
                         "expected %s, got %s: %s" % (code, caught.exception.code(),
                                                      caught.exception.details()))
        return caught.exception
