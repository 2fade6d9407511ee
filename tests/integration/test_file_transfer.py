"""Files across real processes: two groved on loopback linked directly, both running the Files
tool. A file uploaded on A is listed on B, and B's download fetches its chunks from A over the
link (bytes identical, by hash), through the API and through `grovectl files get`; a download
on B killed with SIGKILL part-way resumes after B restarts and ends with the same bytes."""
import hashlib
import os
import tempfile
import threading
import unittest

import grpc

from grove_harness import GroveTestCase, Profile, api_pb2, files_pb2, grovectl, grovectl_json
from tool_support import instances, tool_env, wait_for

FILES = "org.grove.files"
PIECE = 256 * 1024
SYNC_TIMEOUT = 90


def upload_parts(ref, name, content):
    yield files_pb2.UploadRequest(start=files_pb2.UploadStart(instance=ref, name=name,
                                                              size=len(content)))
    for at in range(0, len(content), PIECE):
        yield files_pb2.UploadRequest(data=content[at:at + PIECE])


class FileTransferTest(GroveTestCase):

    def setUp(self):
        super().setUp()
        self.profile_b = Profile()
        self.addCleanup(self.profile_b.cleanup)
        self.a = self.start_groved("--listen", "127.0.0.1:0", env=tool_env(self.profile.root))
        self.api_a = self.api(self.a)
        self.api_a.create_account("Alice")
        self.space = self.api_a.create_space("Pair").id
        invitation = grovectl_json("invite", "Pair", "--role", "participant",
                                   profile=self.profile)
        self.start_b()
        self.api_b.create_account("Bob")
        joined = grovectl("join", invitation["code"], profile=self.profile_b, timeout=90)
        self.assertEqual(joined.returncode, 0, joined.stderr)
        instance = self.api_a.call(self.api_a.tools.Add, api_pb2.AddToolRequest(
            space=self.space, tool_id=FILES, name="Shared"))
        self.instance = instance.id
        self.ref = files_pb2.InstanceRef(space_id=self.space, instance_id=instance.id)
        wait_for(lambda: [i for i in instances(self.api_b, self.space)
                          if i.id == instance.id and i.state == "running"],
                 SYNC_TIMEOUT, "B to run the Files instance")

    def start_b(self):
        self.b = self.start_groved("--listen", "127.0.0.1:0", "--peer", self.a.peer_address,
                                   profile=self.profile_b, env=tool_env(self.profile_b.root))
        self.api_b = self.api(self.b)

    def share(self, name, content):
        self.api_a.files.Upload(upload_parts(self.ref, name, content),
                                metadata=self.api_a.metadata, timeout=120)
        wait_for(lambda: [i for i in self.list_b() if i.name == name], SYNC_TIMEOUT,
                 "B to list the file")

    def list_b(self):
        return self.api_b.files.List(files_pb2.ListRequest(instance=self.ref),
                                     metadata=self.api_b.metadata, timeout=30).items

    def listed_b(self, name):
        try:
            return [i for i in self.list_b() if i.name == name]
        except grpc.RpcError:
            return []

    def download_b(self, name, stop_after=None):
        stream = self.api_b.files.Download(
            files_pb2.DownloadRequest(instance=self.ref, item=files_pb2.ItemRef(path=name)),
            metadata=self.api_b.metadata, timeout=180)
        data = bytearray()
        for message in stream:
            data += message.data
            if stop_after is not None and len(data) >= stop_after:
                return bytes(data)
        return bytes(data)

    def test_a_file_shared_on_a_is_fetched_by_b_over_the_link(self):
        content = os.urandom(12 * 1024 * 1024)
        self.share("report.bin", content)
        got = self.download_b("report.bin")
        self.assertEqual(hashlib.sha256(got).hexdigest(), hashlib.sha256(content).hexdigest())
        # grovectl on B: list and download to a file.
        listed = grovectl("files", "ls", "Pair", "Shared", profile=self.profile_b)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("report.bin", listed.stdout)
        with tempfile.TemporaryDirectory() as out:
            target = os.path.join(out, "copy.bin")
            got = grovectl("files", "get", "Pair", "Shared", "report.bin", "-o", target,
                           profile=self.profile_b, timeout=120)
            self.assertEqual(got.returncode, 0, got.stderr)
            with open(target, "rb") as f:
                self.assertEqual(f.read(), content)

    def test_a_download_killed_part_way_resumes_after_a_restart(self):
        content = os.urandom(40 * 1024 * 1024)
        self.share("big.bin", content)
        seen = {}

        def partial():
            try:
                seen["bytes"] = len(self.download_b("big.bin", stop_after=4 * 1024 * 1024))
            except Exception as e:  # the kill ends the stream
                seen["error"] = e
        reader = threading.Thread(target=partial)
        reader.start()
        reader.join(120)
        self.b.kill()
        chunks_before = self.chunk_files(self.profile_b)
        self.assertGreater(chunks_before, 0, "B held no chunk before the kill: %r" % seen)
        self.start_b()
        self.api_b.unlock()
        wait_for(lambda: self.listed_b("big.bin"), SYNC_TIMEOUT, "B to run again")
        got = self.download_b("big.bin")
        self.assertEqual(hashlib.sha256(got).hexdigest(), hashlib.sha256(content).hexdigest())

    def chunk_files(self, profile):
        count = 0
        for root, _, files in os.walk(profile.dir):
            if os.sep + "chunks" in root:
                count += len(files)
        return count


if __name__ == "__main__":
    unittest.main()
