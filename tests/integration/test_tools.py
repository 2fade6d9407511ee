"""Tools on one groved, through the real binaries: the installed tools (and broken fixtures, each
with its own error), the tool instance lifecycle over the API and grovectl (and across a restart),
the Discussion tool's gRPC service behind the API token, and the error statuses."""
import json
import os
import signal
import subprocess
import unittest

import grpc

from grove_harness import (CALL_TIMEOUT, GROVECTL, GroveTestCase, HEX32, api_pb2, discussion_pb2,
                           grovectl, grovectl_json, read_line, reap, spawn)
from tool_support import (DISCUSSION, FIXTURE_DIR, installed, instance_ref, instances, tool_env)


class ToolTest(GroveTestCase):

    def start(self, tool_path=None):
        daemon = self.start_groved(env=tool_env(self.profile.root, tool_path))
        return daemon, self.api(daemon)

    def test_installed_lists_discussion(self):
        daemon, api = self.start()
        tools = installed(api)  # needs no account
        self.assertIn(DISCUSSION, tools)
        self.assertEqual(tools[DISCUSSION].state, "running", tools[DISCUSSION].error)
        self.assertEqual(tools[DISCUSSION].name, "Discussion")
        out = grovectl_json("tool", "installed", profile=self.profile)
        self.assertIn(DISCUSSION, [t["id"] for t in out["tools"]])
        text = grovectl("tool", "installed", profile=self.profile)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn(DISCUSSION, text.stdout)
        self.assertEqual(daemon.stop(), 0)

    def test_broken_fixtures_each_report_their_error_and_discussion_works(self):
        if not FIXTURE_DIR or not os.path.isdir(FIXTURE_DIR):
            self.skipTest("the tool fixtures are not built (%s)" % FIXTURE_DIR)
        daemon, api = self.start(FIXTURE_DIR)
        tools = installed(api)
        self.assertEqual(tools[DISCUSSION].state, "running", tools[DISCUSSION].error)
        for tool_id in ("org.grove.test.newerabi", "org.grove.test.lyingabi",
                        "org.grove.test.missingentry", "org.grove.test.throwingconstructor"):
            self.assertIn(tool_id, tools)
            self.assertEqual(tools[tool_id].state, "failed", tool_id)
            self.assertTrue(tools[tool_id].error, tool_id)
        failed = [t for t in tools.values() if t.state == "failed"]
        errors = [t.error for t in failed]
        self.assertEqual(len(set(errors)), len(errors), "each failure has its own error: %s" % errors)
        self.assertGreaterEqual(len(failed), 5, "the broken-JSON fixture is listed too: %s"
                                % sorted(tools))
        # The space and the Discussion tool keep working beside them.
        api.create_account()
        space = api.create_space("Fixtures")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id,
                                                                  tool_id=DISCUSSION))
        api.call(api.discussion.Post, discussion_pb2.PostRequest(
            instance=instance_ref(space.id, instance.id), title="Still", body="working"))
        # A tool that failed to load cannot be added.
        self.assertGrpcCode(grpc.StatusCode.FAILED_PRECONDITION, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id,
                                                   tool_id="org.grove.test.newerabi"))
        self.assertEqual(daemon.stop(), 0)

    def test_add_list_rename_remove_round_trip_and_restart(self):
        daemon, api = self.start()
        api.create_account()
        space = api.create_space("Team")
        added = grovectl_json("tool", "add", "Team", DISCUSSION, "--name", "Design talk",
                              profile=self.profile)
        self.assertRegex(added["id"], HEX32)
        self.assertEqual(added["name"], "Design talk")
        self.assertEqual(added["tool_id"], DISCUSSION)
        second = grovectl("tool", "add", "Team", DISCUSSION, profile=self.profile)
        self.assertEqual(second.returncode, 0, second.stderr)
        second_id = second.stdout.strip()
        self.assertRegex(second_id, HEX32)
        listed = grovectl_json("tool", "list", "Team", profile=self.profile)["instances"]
        self.assertEqual(sorted(i["id"] for i in listed), sorted([added["id"], second_id]))
        by_id = {i["id"]: i for i in listed}
        self.assertEqual(by_id[second_id]["name"], "Discussion")  # the tool's name by default
        self.assertEqual(by_id[added["id"]]["state"], "running", by_id[added["id"]]["message"])

        renamed = grovectl_json("tool", "rename", "Team", "Design talk", "Design", profile=self.profile)
        self.assertEqual(renamed["name"], "Design")
        removed = grovectl("tool", "remove", "Team", second_id[:8], profile=self.profile)
        self.assertEqual(removed.returncode, 0, removed.stderr)
        text = grovectl("tool", "list", "Team", profile=self.profile)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("Design", text.stdout)
        self.assertNotIn(second_id, text.stdout)
        post = grovectl_json("discussion", "post", "Team", "Design", "--title", "Logo", "Blue?",
                             profile=self.profile)
        self.assertEqual(post["title"], "Logo")

        self.assertEqual(daemon.stop(), 0)
        daemon, api = self.start()
        api.unlock()
        after = instances(api, space.id)
        self.assertEqual([(i.id, i.name) for i in after], [(added["id"], "Design")])
        topics = grovectl_json("discussion", "topics", "Team", "Design", profile=self.profile)
        self.assertEqual([t["title"] for t in topics["topics"]], ["Logo"])
        reply = grovectl("discussion", "reply", "Team", "Design", post["id"], "Green",
                         profile=self.profile)
        self.assertEqual(reply.returncode, 0, reply.stderr)
        thread = grovectl_json("discussion", "thread", "Team", "Design", post["id"],
                               profile=self.profile)
        self.assertEqual([p["body"] for p in thread["posts"]], ["Blue?", "Green"])
        self.assertEqual(daemon.stop(), 0)

    def test_tool_service_without_token_is_unauthenticated(self):
        daemon, api = self.start()
        api.create_account()
        space = api.create_space("Private")
        instance = api.call(api.tools.Add, api_pb2.AddToolRequest(space=space.id,
                                                                  tool_id=DISCUSSION))
        ref = instance_ref(space.id, instance.id)
        for token in (None, "wrong-token-wrong-token-wrong"):
            other = self.api(daemon, token=token)
            self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, other.call,
                                other.discussion.ListTopics,
                                discussion_pb2.ListTopicsRequest(instance=ref))
            self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, other.call,
                                other.discussion.Post,
                                discussion_pb2.PostRequest(instance=ref, title="x", body="y"))
            stream = other.discussion.Watch(discussion_pb2.WatchRequest(instance=ref),
                                            metadata=other.metadata, timeout=30)
            self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, lambda: next(iter(stream)))
            self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, other.call,
                                other.tools.ListInstalled, api_pb2.ListInstalledToolsRequest())
            self.assertGrpcCode(grpc.StatusCode.UNAUTHENTICATED, other.call, other.tools.Add,
                                api_pb2.AddToolRequest(space=space.id, tool_id=DISCUSSION))
        # Nothing was posted.
        topics = api.call(api.discussion.ListTopics, discussion_pb2.ListTopicsRequest(instance=ref))
        self.assertEqual(len(topics.topics), 0)
        self.assertEqual(daemon.stop(), 0)

    def test_error_statuses(self):
        daemon, api = self.start()
        # No account yet.
        self.assertGrpcCode(grpc.StatusCode.FAILED_PRECONDITION, api.call, api.tools.List,
                            api_pb2.ListToolsRequest(space="Nope"))
        api.create_account()
        space = api.create_space("Errors")
        code = grpc.StatusCode
        self.assertGrpcCode(code.NOT_FOUND, api.call, api.tools.List,
                            api_pb2.ListToolsRequest(space="no such space"))
        self.assertGrpcCode(code.NOT_FOUND, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space="no such space", tool_id=DISCUSSION))
        self.assertGrpcCode(code.NOT_FOUND, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id, tool_id="org.example.absent"))
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id, tool_id=""))
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id, tool_id="bad id/../x"))
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id, tool_id=DISCUSSION,
                                                   name="x" * 201))
        self.assertGrpcCode(code.NOT_FOUND, api.call, api.tools.Rename,
                            api_pb2.RenameToolRequest(space=space.id, instance="nothing",
                                                      name="n"))
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.call, api.tools.Rename,
                            api_pb2.RenameToolRequest(space=space.id, instance="x", name=""))
        self.assertGrpcCode(code.NOT_FOUND, api.call, api.tools.Remove,
                            api_pb2.RemoveToolRequest(space=space.id, instance="nothing"))
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.call, api.tools.Remove,
                            api_pb2.RemoveToolRequest(space=space.id, instance=""))
        # Garbage bytes are the caller's fault.
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.raw_unary,
                            "/grove.api.v1.ToolService/List", b"\xff\xff\xff")
        # The Discussion service: unknown instance, malformed ids.
        missing = instance_ref(space.id, "0" * 32)
        self.assertGrpcCode(code.NOT_FOUND, api.call, api.discussion.ListTopics,
                            discussion_pb2.ListTopicsRequest(instance=missing))
        self.assertGrpcCode(code.INVALID_ARGUMENT, api.call, api.discussion.ListTopics,
                            discussion_pb2.ListTopicsRequest(instance=instance_ref("xyz", "abc")))
        # grovectl exit codes: 4 not found, 2 usage.
        self.assertEqual(grovectl("tool", "list", "no such space", profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("discussion", "topics", "Errors", "nothing",
                                  profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("tool", "add", "Errors", profile=self.profile).returncode, 2)
        # Locked: FAILED_PRECONDITION.
        api.call(api.accounts.Lock, api_pb2.LockAccountRequest())
        self.assertGrpcCode(code.FAILED_PRECONDITION, api.call, api.tools.Add,
                            api_pb2.AddToolRequest(space=space.id, tool_id=DISCUSSION))
        self.assertEqual(daemon.stop(), 0)

    def test_discussion_watch_prints_posts(self):
        daemon, api = self.start()
        api.create_account()
        api.create_space("Live")
        grovectl_json("tool", "add", "Live", DISCUSSION, "--name", "Talk", profile=self.profile)
        watcher = spawn([GROVECTL, "--profile", self.profile.dir, "discussion", "watch", "Live",
                         "Talk", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            ready = read_line(watcher.stderr, CALL_TIMEOUT)
            self.assertIsNotNone(ready, "grovectl discussion watch never said it was watching")
            self.assertIn("watching", ready)
            topic = grovectl_json("discussion", "post", "Live", "Talk", "--title", "Hi", "there",
                                  profile=self.profile)
            event = json.loads(read_line(watcher.stdout, CALL_TIMEOUT) or "null")
            self.assertEqual(event["kind"], "posted")
            self.assertEqual(event["post"]["id"], topic["id"])
            self.assertEqual(event["post"]["title"], "Hi")
            watcher.send_signal(signal.SIGINT)
            self.assertEqual(reap(watcher, 30), 0)
        finally:
            if watcher.poll() is None:
                watcher.kill()
                reap(watcher, 10)
            watcher.stdout.close()
            watcher.stderr.close()
        self.assertEqual(daemon.stop(), 0)

    def test_discussion_watch_ends_when_groved_stops(self):
        daemon, api = self.start()
        api.create_account()
        api.create_space("Live")
        grovectl_json("tool", "add", "Live", DISCUSSION, "--name", "Talk", profile=self.profile)
        watcher = spawn([GROVECTL, "--profile", self.profile.dir, "discussion", "watch", "Live",
                         "Talk"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            self.assertIsNotNone(read_line(watcher.stderr, CALL_TIMEOUT))
            self.assertEqual(daemon.stop(), 0)  # bounded: fails if the stream holds groved up
            self.assertIn(reap(watcher, 30), (0, 5))
        finally:
            if watcher.poll() is None:
                watcher.kill()
                reap(watcher, 10)
            watcher.stdout.close()
            watcher.stderr.close()

    def test_help_lists_the_tool_commands(self):
        for group, commands in (("tool", ("installed", "add", "list", "rename", "remove")),
                                ("discussion", ("topics", "thread", "post", "reply", "watch")),
                                ("sync", ("status",))):
            result = grovectl(group, "--help")
            self.assertEqual(result.returncode, 0, (group, result.stderr))
            for command in commands:
                self.assertIn(command, result.stdout, group)
                leaf = grovectl(group, command, "--help")
                self.assertEqual(leaf.returncode, 0, (group, command, leaf.stderr))
                self.assertIn("--json", leaf.stdout, (group, command))
        for command in ("invite", "join"):
            result = grovectl(command, "--help")
            self.assertEqual(result.returncode, 0, (command, result.stderr))
            self.assertIn("--json", result.stdout, command)


if __name__ == "__main__":
    unittest.main()
