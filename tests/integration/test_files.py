"""The Files tool's gRPC service on one groved, from Python like an integrator: a few megabytes
uploaded in pieces, listed, downloaded with identical bytes and progress, renamed, moved, trashed
and restored, versions saved and restored, changes watched, and bad requests refused."""
import hashlib
import os
import threading
import unittest

import grpc

from grove_harness import CALL_TIMEOUT, GroveTestCase, api_pb2, files_pb2
from tool_support import tool_env

FILES = "org.grove.files"
PIECE = 256 * 1024


def upload_parts(ref, name, content, folder=None, new_version=False, size=None):
    start = files_pb2.UploadStart(instance=ref, name=name, new_version=new_version,
                                  size=len(content) if size is None else size)
    if folder is not None:
        start.folder.CopyFrom(folder)
    yield files_pb2.UploadRequest(start=start)
    for at in range(0, len(content), PIECE):
        yield files_pb2.UploadRequest(data=content[at:at + PIECE])


class FilesTest(GroveTestCase):

    def setUp(self):
        super().setUp()
        self.daemon = self.start_groved(env=tool_env(self.profile.root))
        self.client = self.api(self.daemon)
        self.client.create_account()
        space = self.client.create_space("Team")
        instance = self.client.call(self.client.tools.Add,
                                 api_pb2.AddToolRequest(space=space.id, tool_id=FILES))
        self.ref = files_pb2.InstanceRef(space_id=space.id, instance_id=instance.id)

    def tearDown(self):
        self.assertEqual(self.daemon.stop(), 0)
        super().tearDown()

    def upload(self, name, content, **kwargs):
        return self.client.files.Upload(upload_parts(self.ref, name, content, **kwargs),
                                     metadata=self.client.metadata, timeout=120)

    def download(self, item, version_id=""):
        stream = self.client.files.Download(
            files_pb2.DownloadRequest(instance=self.ref, item=item, version_id=version_id),
            metadata=self.client.metadata, timeout=120)
        header = None
        data = bytearray()
        progress = []
        for message in stream:
            if header is None:
                header = message
                continue
            data += message.data
            progress.append((message.done, message.total))
        return header, bytes(data), progress

    def list(self, path=None):
        request = files_pb2.ListRequest(instance=self.ref)
        if path is not None:
            request.folder.path = path
        return list(self.client.call(self.client.files.List, request).items)

    def test_upload_list_download_rename_trash_restore(self):
        content = os.urandom(5 * 1024 * 1024 + 12345)  # several chunks, a ragged end
        uploaded = self.upload("report.bin", content)
        self.assertFalse(uploaded.new_version)
        self.assertEqual(uploaded.item.size, len(content))
        self.assertEqual(uploaded.item.path, "report.bin")
        self.assertEqual(uploaded.item.author_name, "Alice")

        items = self.list()
        self.assertEqual([(i.name, i.size, i.folder) for i in items],
                         [("report.bin", len(content), False)])

        header, data, progress = self.download(files_pb2.ItemRef(path="report.bin"))
        self.assertEqual(header.item.id, uploaded.item.id)
        self.assertEqual(header.total, len(content))
        self.assertEqual(hashlib.sha256(data).hexdigest(), hashlib.sha256(content).hexdigest())
        self.assertGreater(len(progress), 4, "the download arrives in pieces")
        self.assertEqual(progress[-1], (len(content), len(content)))
        self.assertEqual([d for d, _ in progress], sorted(d for d, _ in progress))

        folder = self.client.call(self.client.files.Mkdir,
                               files_pb2.MkdirRequest(instance=self.ref, name="Archive")).item
        self.assertTrue(folder.folder)
        moved = self.client.call(self.client.files.Move, files_pb2.MoveRequest(
            instance=self.ref, item=files_pb2.ItemRef(id=uploaded.item.id),
            parent=files_pb2.ItemRef(path="Archive"), name="q3.bin")).item
        self.assertEqual(moved.path, "Archive/q3.bin")
        self.assertEqual([i.name for i in self.list()], ["Archive"])
        self.assertEqual([i.name for i in self.list("Archive")], ["q3.bin"])

        trashed = self.client.call(self.client.files.Trash, files_pb2.ItemRequest(
            instance=self.ref, item=files_pb2.ItemRef(path="Archive/q3.bin"))).item
        self.assertTrue(trashed.trashed)
        self.assertEqual(self.list("Archive"), [])
        in_trash = list(self.client.call(self.client.files.ListTrash,
                                      files_pb2.ListTrashRequest(instance=self.ref)).items)
        self.assertEqual([i.id for i in in_trash], [uploaded.item.id])
        self.assertGreater(in_trash[0].trashed_ms, 0)

        restored = self.client.call(self.client.files.Restore, files_pb2.ItemRequest(
            instance=self.ref, item=files_pb2.ItemRef(path="Archive/q3.bin"))).item
        self.assertFalse(restored.trashed)
        self.assertEqual([i.name for i in self.list("Archive")], ["q3.bin"])
        _, again, _ = self.download(files_pb2.ItemRef(id=uploaded.item.id))
        self.assertEqual(again, content)

    def test_versions_are_saved_listed_and_restored(self):
        first = b"first version\n" * 1000
        second = b"second version\n" * 2000
        created = self.upload("notes.txt", first).item
        saved = self.upload("notes.txt", second, new_version=True)
        self.assertTrue(saved.new_version)
        self.assertEqual(saved.item.id, created.id)
        self.assertEqual(saved.item.size, len(second))
        # Without new_version the same name makes a second, numbered file.
        other = self.upload("notes.txt", b"x").item
        self.assertEqual(other.name, "notes (2).txt")

        ref = files_pb2.ItemRef(id=created.id)
        versions = list(self.client.call(self.client.files.Versions, files_pb2.ItemRequest(
            instance=self.ref, item=ref)).versions)
        self.assertEqual([v.size for v in versions], [len(second), len(first)])
        self.assertEqual([v.current for v in versions], [True, False])
        self.assertEqual(versions[0].base_id, versions[1].id)
        self.assertEqual(versions[1].base_id, "")
        self.assertEqual({v.author_name for v in versions}, {"Alice"})

        _, old, _ = self.download(ref, version_id=versions[1].id)
        self.assertEqual(old, first)
        back = self.client.call(self.client.files.RestoreVersion, files_pb2.RestoreVersionRequest(
            instance=self.ref, item=ref, version_id=versions[1].id)).item
        self.assertEqual(back.size, len(first))
        _, current, _ = self.download(ref)
        self.assertEqual(current, first)
        self.assertEqual(len(self.client.call(self.client.files.Versions, files_pb2.ItemRequest(
            instance=self.ref, item=ref)).versions), 3, "restoring adds a version")

        # A version of another file is refused.
        other_versions = self.client.call(self.client.files.Versions, files_pb2.ItemRequest(
            instance=self.ref, item=files_pb2.ItemRef(id=other.id))).versions
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, self.client.call,
                            self.client.files.RestoreVersion, files_pb2.RestoreVersionRequest(
                                instance=self.ref, item=ref, version_id=other_versions[0].id))

    def test_a_short_or_malformed_upload_creates_nothing(self):
        content = os.urandom(300 * 1024)
        with self.assertRaises(grpc.RpcError) as short:
            self.upload("short.bin", content, size=len(content) + 1)
        self.assertEqual(short.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("expected", short.exception.details())

        def data_first():
            yield files_pb2.UploadRequest(data=b"no start")
        with self.assertRaises(grpc.RpcError) as headless:
            self.client.files.Upload(data_first(), metadata=self.client.metadata, timeout=CALL_TIMEOUT)
        self.assertEqual(headless.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

        with self.assertRaises(grpc.RpcError) as bad_name:
            self.upload("a/b", b"slash")
        self.assertEqual(bad_name.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(self.list(), [])

        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, self.client.call, self.client.files.Stat,
                            files_pb2.StatRequest(instance=self.ref,
                                                  item=files_pb2.ItemRef(path="nothing")))
        self.assertGrpcCode(grpc.StatusCode.INVALID_ARGUMENT, self.client.call, self.client.files.Stat,
                            files_pb2.StatRequest(instance=self.ref,
                                                  item=files_pb2.ItemRef(id="zz")))
        self.assertGrpcCode(grpc.StatusCode.NOT_FOUND, self.client.call, self.client.files.List,
                            files_pb2.ListRequest(instance=files_pb2.InstanceRef(
                                space_id=self.ref.space_id, instance_id="0" * 32)))

    def test_watch_reports_changes(self):
        stream = self.client.files.Watch(files_pb2.WatchRequest(instance=self.ref),
                                      metadata=self.client.metadata, timeout=60)
        stream.initial_metadata()  # the subscription is live
        events = []
        done = threading.Event()

        def collect():
            for event in stream:
                events.append(event)
                if len(events) == 3:
                    break
            done.set()
        reader = threading.Thread(target=collect)
        reader.start()
        item = self.upload("a.txt", b"hello").item
        self.client.call(self.client.files.Move, files_pb2.MoveRequest(
            instance=self.ref, item=files_pb2.ItemRef(id=item.id), name="b.txt"))
        self.client.call(self.client.files.Trash, files_pb2.ItemRequest(
            instance=self.ref, item=files_pb2.ItemRef(id=item.id)))
        self.assertTrue(done.wait(30), "watch delivered %d events" % len(events))
        stream.cancel()
        reader.join(10)
        kinds = [e.kind for e in events]
        self.assertEqual(kinds, [files_pb2.FilesEvent.KIND_CREATED,
                                 files_pb2.FilesEvent.KIND_MOVED,
                                 files_pb2.FilesEvent.KIND_TRASHED])
        self.assertEqual(events[1].item.name, "b.txt")
        self.assertEqual({e.item.id for e in events}, {item.id})


if __name__ == "__main__":
    unittest.main()
