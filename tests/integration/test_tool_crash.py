"""A tool that crashes groved with a real segmentation fault (the crashing fixture, told where by
GROVE_TEST_CRASH_IN): groved dies once; the next start comes up with that tool disabled and shown
as failed, everything else working, and ToolService.Enable lets it load again."""
import os
import signal
import subprocess
import unittest

import grpc

from grove_harness import (GroveTestCase, Groved, api_pb2, discussion_pb2, grovectl, grovectl_json,
                           reap)
from tool_support import DISCUSSION, installed, instance_ref, instances, tool_env

CRASHING = "org.grove.test.crashing"
CRASHING_DIR = os.environ.get("GROVE_TEST_CRASHING_FIXTURE_DIR", "")
# A segmentation fault, or AddressSanitizer's report of one (exit code 1) in sanitizer builds.
CRASH_CODES = (-signal.SIGSEGV, 1)


class ToolCrashTest(GroveTestCase):

    def setUp(self):
        super().setUp()
        if not CRASHING_DIR or not os.path.isdir(CRASHING_DIR):
            self.skipTest("the crashing tool fixture is not built (%s)" % CRASHING_DIR)

    def env(self, crash_in=None):
        env = tool_env(self.profile.root, CRASHING_DIR)
        env.pop("GROVE_TEST_CRASH_IN", None)
        if crash_in:
            env["GROVE_TEST_CRASH_IN"] = crash_in
        return env

    def start(self, crash_in=None):
        daemon = self.start_groved(env=self.env(crash_in))
        return daemon, self.api(daemon)

    def assertCrashed(self, daemon, timeout=30):
        try:
            code = reap(daemon.proc, timeout)
        except subprocess.TimeoutExpired:
            self.fail("groved did not crash within %ss" % timeout)
        self.assertIn(code, CRASH_CODES, "groved ended with %s, not a crash" % code)
        daemon.proc.stdout.close()

    def assertDisabled(self, api, stage):
        tool = installed(api)[CRASHING]
        self.assertEqual(tool.state, "failed")
        self.assertTrue(tool.disabled)
        self.assertIn("disabled: it crashed during %s on 20" % stage, tool.error)
        return tool

    def assertEverythingElseWorks(self, api):
        tools = installed(api)
        self.assertEqual(tools[DISCUSSION].state, "running", tools[DISCUSSION].error)
        space = api.create_space("After the crash")
        api.post(space.id, "still here")
        self.assertEqual([m.text for m in api.list_chat(space.id)], ["still here"])
        added = api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id, tool_id=DISCUSSION))
        api.call(api.discussion.Post, discussion_pb2.PostRequest(
            instance=instance_ref(space.id, added.id), title="Works", body="beside it"))
        # The disabled tool cannot be added meanwhile.
        self.assertGrpcCode(grpc.StatusCode.FAILED_PRECONDITION, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id, tool_id=CRASHING))

    def test_crash_in_the_constructor_disables_the_tool_at_the_next_start(self):
        # The first start dies while the tool host starts the tool.
        daemon = Groved(self.profile, env=self.env("constructor"))
        self._daemons.append(daemon)
        with self.assertRaises(AssertionError):
            daemon.start()
        self.assertIn(daemon.proc.returncode, CRASH_CODES)

        # The next one comes up (the tool would still crash), with the tool disabled.
        daemon, api = self.start("constructor")
        self.assertIn("crashed during its constructor", daemon.stderr())
        api.create_account()
        self.assertDisabled(api, "its constructor")
        self.assertEverythingElseWorks(api)
        shown = grovectl("tool", "installed", profile=self.profile)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn("crashed during its constructor", shown.stdout)
        listed = {t["id"]: t for t in grovectl_json("tool", "installed",
                                                     profile=self.profile)["tools"]}
        self.assertEqual(listed[CRASHING]["state"], "failed")
        self.assertEqual(daemon.stop(), 0)

        # Fixed (no crash any more): still disabled until enabled, which needs an admin token
        # for every space.
        daemon, api = self.start()
        api.unlock()
        self.assertDisabled(api, "its constructor")
        space = api.create_space("Mine")
        limited = api.call(api.tokens.Create, api_pb2.CreateTokenRequest(
            name="one-space", scope="admin", spaces=[space.id])).secret
        bot = self.api(daemon, token=limited)
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, bot.call, bot.tools.Enable,
                            api_pb2.EnableToolRequest(tool_id=CRASHING))
        # The operator enables it with grovectl (the profile's own admin token).
        enabled = grovectl_json("tool", "enable", CRASHING, profile=self.profile)
        self.assertEqual(enabled["state"], "running", enabled["error"])
        self.assertFalse(enabled["disabled"])
        api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id, tool_id=CRASHING))
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, api.call, api.tools.Enable,
                            api_pb2.EnableToolRequest(tool_id=CRASHING))
        self.assertEqual(daemon.stop(), 0)
        daemon, api = self.start()
        self.assertEqual(installed(api)[CRASHING].state, "running")
        self.assertEqual(daemon.stop(), 0)

    def test_crash_in_an_instance_at_unlock_disables_the_tool_at_the_next_start(self):
        daemon, api = self.start()
        api.create_account()
        space = api.create_space("Team")
        api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id, tool_id=CRASHING,
                                                       name="Fragile"))
        self.assertEqual(daemon.stop(), 0)

        # Unlocking opens the instance on the tool host: the tool crashes groved there.
        daemon, api = self.start("create_instance")
        try:
            api.unlock()
        except grpc.RpcError:
            pass  # the process may die before it answers
        self.assertCrashed(daemon)
        # Closed now: gRPC would otherwise hand the next channel to the same socket path this
        # channel's broken connection.
        api.close()

        daemon, api = self.start("create_instance")
        api.unlock()
        self.assertDisabled(api, "create_instance")
        [fragile] = [i for i in instances(api, space.id) if i.tool_id == CRASHING]
        self.assertEqual(fragile.state, "placeholder")
        self.assertIn("crashed during create_instance", fragile.message)
        self.assertEverythingElseWorks(api)
        self.assertEqual(daemon.stop(), 0)


if __name__ == "__main__":
    unittest.main()
