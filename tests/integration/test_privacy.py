"""No plaintext user content anywhere in the profile directory: scan every byte of every file."""
import os

from grove_harness import GroveTestCase, api_pb2, grovectl

MARKER = "GROVE-PLAINTEXT-MARKER-7f3a9c"


def files_containing(root, needles):
    """Every file under `root` (recursively, any name, -wal/-shm included) holding a needle."""
    hits = []
    scanned = 0
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            with open(path, "rb") as f:
                data = f.read()
            scanned += 1
            for needle in needles:
                if needle in data:
                    hits.append((path, needle))
    return hits, scanned


class PrivacyTest(GroveTestCase):

    def needles(self):
        return [MARKER.encode("utf-8"), MARKER.encode("utf-16-le"), MARKER.lower().encode()]

    def assertClean(self, when):
        hits, scanned = files_containing(self.profile.dir, self.needles())
        self.assertGreaterEqual(scanned, 2, "the scan found no files: wrong directory?")
        self.assertEqual(hits, [], "plaintext marker found %s" % when)

    def test_marker_never_in_profile_bytes(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account()
        space = api.create_space("space " + MARKER)
        posted = []
        for i in range(50):  # enough to fill WAL pages with content
            posted.append(api.post(space.id, "message %d says %s" % (i, MARKER)))
        api.call(api.chat.Edit, api_pb2.EditChatRequest(space=space.id, message_id=posted[0].id,
                                                        text="edited " + MARKER))
        api.call(api.chat.Delete, api_pb2.DeleteChatRequest(space=space.id,
                                                            message_id=posted[1].id))
        result = grovectl("chat", "post", "space " + MARKER, "via grovectl " + MARKER,
                          profile=self.profile)
        self.assertEqual(result.returncode, 0, result.stderr)

        # The marker really went in: it comes back through the API.
        self.assertIn(MARKER, api.call(api.spaces.Get, api_pb2.GetSpaceRequest(space=space.id)).name)
        self.assertEqual(sum(MARKER in m.text for m in api.list_chat(space.id)), 50)
        names = sorted(os.listdir(self.profile.dir))
        self.assertTrue(any(n.endswith("-wal") for n in names), "expected a WAL file: %s" % names)

        self.assertClean("while groved runs (WAL not checkpointed)")
        self.assertEqual(daemon.stop(), 0)
        self.assertClean("after a clean shutdown")

        # After a restart and an unlock the content is readable again — so it was stored.
        daemon = self.start_groved()
        api = self.api(daemon)
        api.unlock()
        self.assertEqual(len(api.list_chat(space.id)), 51)
        daemon.kill()
        self.assertClean("after kill -9")
