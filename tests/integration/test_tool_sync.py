"""The issue's "done when", with real processes: two groved on loopback linked directly (invitation
code + join), both running the Discussion tool; A adds an instance, both post topics and replies
concurrently, and both end with equal digests (`sync status`) and the same topics through the
Discussion API. The same with the out-of-tree Checklist sample when the sample test installed it.
Also: a guest cannot add a tool (PERMISSION_DENIED); invitation errors."""
import os
import threading
import unittest

import grpc

from grove_harness import (GroveTestCase, Profile, api_pb2, discussion_pb2, grovectl,
                           grovectl_json)
from tool_support import (CHECKLIST, DISCUSSION, converged, installed, instance_ref, instances,
                          sample_tool_root, tool_env, wait_for)

SYNC_TIMEOUT = 90  # seconds for two loopback peers to converge


class ToolSyncTest(GroveTestCase):

    def pair(self, tool_path=None, role="participant"):
        """A (creator, listening) and B (joined by invitation, dialing A): (a, b, space_id)."""
        self.profile_b = Profile()
        self.addCleanup(self.profile_b.cleanup)
        a = self.start_groved("--listen", "127.0.0.1:0",
                              env=tool_env(self.profile.root, tool_path))
        api_a = self.api(a)
        api_a.create_account("Alice")
        space = api_a.create_space("Pair")
        invitation = grovectl_json("invite", "Pair", "--role", role, profile=self.profile)
        self.assertTrue(invitation["code"].startswith("grove-invite:"), invitation)
        self.assertEqual(invitation["role"], role)
        b = self.start_groved("--listen", "127.0.0.1:0", "--peer", a.peer_address,
                              profile=self.profile_b, env=tool_env(self.profile_b.root, tool_path))
        api_b = self.api(b)
        api_b.create_account("Bob")
        joined = grovectl("join", invitation["code"], profile=self.profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        self.assertEqual(joined.stdout.strip(), space.id)
        self.used_code = invitation["code"]
        return (a, api_a), (b, api_b), space.id

    def wait_converged(self, apis, space):
        return wait_for(lambda: converged(apis, space), SYNC_TIMEOUT, "equal digests")

    def test_discussion_replicates_and_converges_between_two_peers(self):
        (a, api_a), (b, api_b), space = self.pair()
        for api in (api_a, api_b):
            self.assertEqual(installed(api)[DISCUSSION].state, "running")
        instance = api_a.call(api_a.tools.Add, api_pb2.AddToolRequest(
            space=space, tool_id=DISCUSSION, name="Planning"))
        wait_for(lambda: [i for i in instances(api_b, space)
                          if i.id == instance.id and i.state == "running"],
                 SYNC_TIMEOUT, "B to run the Discussion instance")
        ref = instance_ref(space, instance.id)

        # Both peers post topics, and reply to each other, at the same time.
        errors = []

        def write(api, who, count):
            try:
                for n in range(count):
                    topic = api.call(api.discussion.Post, discussion_pb2.PostRequest(
                        instance=ref, title="%s %d" % (who, n), body="from **%s**" % who)).post
                    api.call(api.discussion.Reply, discussion_pb2.ReplyRequest(
                        instance=ref, parent_id=topic.id, body="%s answers %d" % (who, n)))
            except grpc.RpcError as error:  # reported by the main thread
                errors.append(error)

        writers = [threading.Thread(target=write, args=(api_a, "Alice", 8)),
                   threading.Thread(target=write, args=(api_b, "Bob", 8))]
        for t in writers:
            t.start()
        # And grovectl on B at the same time.
        cli = grovectl_json("discussion", "post", "Pair", "Planning", "--title", "CLI", "hello",
                            profile=self.profile_b)
        for t in writers:
            t.join(timeout=120)
            self.assertFalse(t.is_alive(), "a writer hung")
        self.assertEqual(errors, [])
        # Cross replies once each side has the other's topics.
        wait_for(lambda: len(api_a.call(api_a.discussion.ListTopics, discussion_pb2.ListTopicsRequest(
            instance=ref)).topics) == 17, SYNC_TIMEOUT, "A to see all 17 topics")
        reply = grovectl("discussion", "reply", "Pair", "Planning", cli["id"], "Alice was here",
                         profile=self.profile)
        self.assertEqual(reply.returncode, 0, reply.stderr)

        digests = self.wait_converged([api_a, api_b], space)
        status_a = grovectl_json("sync", "status", "Pair", profile=self.profile)
        status_b = grovectl_json("sync", "status", "Pair", profile=self.profile_b)
        self.assertEqual(status_a["state_digest"], status_b["state_digest"])
        self.assertEqual(status_a["heads_digest"], status_b["heads_digest"])
        self.assertEqual((status_a["heads_digest"], status_a["state_digest"]), digests)

        def view(api):
            topics = api.call(api.discussion.ListTopics,
                              discussion_pb2.ListTopicsRequest(instance=ref)).topics
            threads = {}
            for topic in topics:
                posts = api.call(api.discussion.GetThread, discussion_pb2.GetThreadRequest(
                    instance=ref, topic_id=topic.id)).posts
                threads[topic.id] = [(p.id, p.parent_id, p.title, p.body, p.author_name)
                                     for p in posts]
            return sorted((t.id, t.title) for t in topics), threads

        view_a, view_b = view(api_a), view(api_b)
        self.assertEqual(view_a, view_b)
        titles = [title for _, title in view_a[0]]
        self.assertEqual(len(titles), 17)
        self.assertIn("Alice 7", titles)
        self.assertIn("Bob 0", titles)
        self.assertEqual(len(view_a[1][cli["id"]]), 2)  # the topic and Alice's reply
        self.assertEqual(a.stop(), 0)
        self.assertEqual(b.stop(), 0)

    def test_guest_cannot_add_a_tool(self):
        (_, api_a), (_, api_b), space = self.pair(role="guest")
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, api_b.call, api_b.tools.Add,
                            api_pb2.AddToolRequest(space=space, tool_id=DISCUSSION))
        instance = api_a.call(api_a.tools.Add, api_pb2.AddToolRequest(space=space,
                                                                      tool_id=DISCUSSION))
        wait_for(lambda: [i for i in instances(api_b, space) if i.id == instance.id],
                 SYNC_TIMEOUT, "B to see the instance")
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, api_b.call, api_b.tools.Remove,
                            api_pb2.RemoveToolRequest(space=space, instance=instance.id))
        self.assertGrpcCode(grpc.StatusCode.PERMISSION_DENIED, api_b.call, api_b.tools.Rename,
                            api_pb2.RenameToolRequest(space=space, instance=instance.id,
                                                      name="Mine"))

    def test_invitation_errors(self):
        # Without --listen (or --relay) an invitation could name no address.
        lone = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(lone)
        api.create_account("Alice")
        api.create_space("Alone")
        result = grovectl("invite", "Alone", profile=self.profile)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertIn("--listen", result.stderr)
        self.assertEqual(grovectl("invite", "Alone", "--role", "boss",
                                  profile=self.profile).returncode, 2)
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.sync.Join,
                            api_pb2.JoinRequest(code="grove-invite:not-a-code"))
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.sync.Join,
                            api_pb2.JoinRequest(code=""))
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, api.call, api.sync.Status,
                            api_pb2.SyncStatusRequest(space="no such space"))
        self.assertEqual(lone.stop(), 0)

    def test_a_used_invitation_is_refused(self):
        self.pair()
        # B joined with pair()'s code; a third peer presenting it again is refused.
        code = self.used_code
        third = Profile()
        self.addCleanup(third.cleanup)
        c = self.start_groved(profile=third, env=tool_env(third.root))
        api_c = self.api(c)
        api_c.create_account("Carol")
        with self.assertRaises(grpc.RpcError) as caught:
            api_c.call(api_c.sync.Join, api_pb2.JoinRequest(code=code), timeout=90)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.PERMISSION_DENIED,
                         caught.exception.details())
        self.assertIn("already been used", caught.exception.details())

    def test_checklist_sample_replicates_and_converges_between_two_peers(self):
        root = sample_tool_root()
        if root is None:
            self.skipTest("the out-of-tree Checklist is not installed; run the CTest "
                          "sample_checklist_out_of_tree first")
        (a, api_a), (b, api_b), space = self.pair(tool_path=root)
        for api in (api_a, api_b):
            tools = installed(api)
            self.assertEqual(tools[CHECKLIST].state, "running", tools[CHECKLIST].error)
        instance = api_a.call(api_a.tools.Add, api_pb2.AddToolRequest(space=space,
                                                                      tool_id=CHECKLIST))
        api_b.call(api_b.tools.Add, api_pb2.AddToolRequest(space=space, tool_id=DISCUSSION))
        wait_for(lambda: [i for i in instances(api_b, space)
                          if i.id == instance.id and i.state == "running"],
                 SYNC_TIMEOUT, "B to run the Checklist instance")
        self.wait_converged([api_a, api_b], space)
        self.assertEqual([(i.id, i.tool_id, i.state) for i in instances(api_a, space)],
                         [(i.id, i.tool_id, i.state) for i in instances(api_b, space)])
        self.assertEqual(a.stop(), 0)
        self.assertEqual(b.stop(), 0)


if __name__ == "__main__":
    unittest.main()
