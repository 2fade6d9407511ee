"""The core API as an integrator drives it: lists in pages (AIP-158) that cover everything exactly
once and refuse forged, foreign and stale tokens; mutating calls with a request_id (AIP-155)
that a retry cannot repeat."""
import grpc

from grove_harness import GroveTestCase, api_pb2, api_pb2_grpc, grovectl, grovectl_json


class ApiListsAndRetriesTest(GroveTestCase):

    def all_pages(self, api, method, request, field, page_size):
        items, pages = [], 0
        request.page_size = page_size
        while True:
            answer = api.call(method, request)
            items.extend(getattr(answer, field))
            pages += 1
            if not answer.next_page_token:
                return items, pages
            self.assertLessEqual(len(getattr(answer, field)), page_size)
            request.page_token = answer.next_page_token

    def test_space_and_member_lists_page_exactly_once(self):
        daemon = self.start_groved("--listen", "127.0.0.1:0")
        api = self.api(daemon)
        api.create_account("Alice")
        made = sorted(api.create_space("Space %d" % i).id for i in range(7))
        spaces, pages = self.all_pages(api, api.spaces.List, api_pb2.ListSpacesRequest(),
                                       "spaces", 3)
        self.assertEqual(pages, 3)
        self.assertEqual(sorted(s.id for s in spaces), made)  # each once
        # The default page holds them all; a huge page_size is lowered, not refused.
        whole = api.call(api.spaces.List, api_pb2.ListSpacesRequest(page_size=1 << 30))
        self.assertEqual((len(whole.spaces), whole.next_page_token), (7, ""))

        # Members (the manager and three service accounts), one per page.
        space = made[0]
        for i in range(3):
            grovectl_json("service-account", "create", space, "Bot %d" % i, "--out",
                          "%s/bot%d.cred" % (self.profile.root, i), profile=self.profile)
        members, pages = self.all_pages(api, api.members.List,
                                        api_pb2.ListMembersRequest(space=space), "members", 1)
        self.assertEqual(pages, 4)
        self.assertEqual(sorted(m.display_name for m in members),
                         ["Alice", "Bot 0", "Bot 1", "Bot 2"])
        bots, _ = self.all_pages(api, api.members.ListServiceAccounts,
                                 api_pb2.ListMembersRequest(space=space), "members", 2)
        self.assertEqual(sorted(m.display_name for m in bots), ["Bot 0", "Bot 1", "Bot 2"])
        # grovectl reads every page.
        self.assertEqual(len(grovectl_json("member", "list", space,
                                           profile=self.profile)["members"]), 4)

        # Bad tokens and sizes are INVALID_ARGUMENT.
        first = api.call(api.spaces.List, api_pb2.ListSpacesRequest(page_size=2))
        token = first.next_page_token
        self.assertTrue(token)
        forged = token[:-2] + ("00" if token[-2:] != "00" else "11")
        for bad in (forged, "zz", token + "00"):
            self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.spaces.List,
                                api_pb2.ListSpacesRequest(page_size=2, page_token=bad))
        # A spaces token is no members token, nor one for another space's members.
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.members.List,
                            api_pb2.ListMembersRequest(space=space, page_token=token))
        member_page = api.call(api.members.List,
                               api_pb2.ListMembersRequest(space=space, page_size=1))
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.members.List,
                            api_pb2.ListMembersRequest(space=made[1], page_size=1,
                                                       page_token=member_page.next_page_token))
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.spaces.List,
                            api_pb2.ListSpacesRequest(page_size=-1))
        contacts = api_pb2_grpc.ContactServiceStub(api.channel)
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, contacts.List,
                            api_pb2.ListContactsRequest(page_token=token))
        # Stale: the space the page ended on is gone (left), so the token points nowhere.
        last_listed = first.spaces[-1].id
        api.call(api.members.Leave, api_pb2.LeaveSpaceRequest(space=last_listed))
        stale = self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.spaces.List,
                                    api_pb2.ListSpacesRequest(page_size=2, page_token=token))
        self.assertIn("stale", stale.details())

    def test_request_id_makes_retries_safe(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account("Alice")
        space = api.call(api.spaces.Create,
                         api_pb2.CreateSpaceRequest(name="Imports", request_id="space-1")).id
        again = api.call(api.spaces.Create,
                         api_pb2.CreateSpaceRequest(name="Imports", request_id="space-1"))
        self.assertEqual(again.id, space)
        self.assertEqual(len(api.call(api.spaces.List, api_pb2.ListSpacesRequest()).spaces), 1)

        post = api_pb2.PostChatRequest(space=space, text="ticket 4711", request_id="ticket-4711")
        first = api.call(api.chat.Post, post)
        retried = api.call(api.chat.Post, post)
        self.assertEqual(retried.id, first.id)
        self.assertEqual([m.text for m in api.list_chat(space)], ["ticket 4711"])
        # The same request_id for another request is refused, not silently answered.
        reused = api_pb2.PostChatRequest(space=space, text="something else",
                                         request_id="ticket-4711")
        self.assertGrpcCode(grpc.StatusCode.ALREADY_EXISTS, api.call, api.chat.Post, reused)
        # Edits and deletes too.
        edit = api_pb2.EditChatRequest(space=space, message_id=first.id, text="ticket 4711 (v2)",
                                       request_id="edit-1")
        edited = api.call(api.chat.Edit, edit)
        self.assertEqual(api.call(api.chat.Edit, edit).edited_ms, edited.edited_ms)
        # A failed call is not remembered: the same request_id runs again.
        missing = api_pb2.DeleteChatRequest(space=space, message_id="0" * 64, request_id="del-1")
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, api.call, api.chat.Delete, missing)
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, api.call, api.chat.Delete, missing)
        # Keys belong to the token that used them: another client's key does not collide.
        other = grovectl("token", "create", "importer", "--scope", "write",
                         profile=self.profile).stdout.strip()
        api_other = self.api(daemon, token=other)
        theirs = api_other.call(api_other.chat.Post, post)
        self.assertNotEqual(theirs.id, first.id)
        self.assertEqual(len(api.list_chat(space)), 2)
        # Over-long or control-character request_ids are INVALID_ARGUMENT.
        for bad in ("x" * 129, "bad\nid"):
            self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, api.call, api.chat.Post,
                                api_pb2.PostChatRequest(space=space, text="t", request_id=bad))
        self.assertEqual(len(api.list_chat(space)), 2)
