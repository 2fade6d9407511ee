"""Runs samples/api-python/post_and_watch.py against a real groved (path in GROVE_SAMPLE)."""
import os
import subprocess
import sys

from grove_harness import CALL_TIMEOUT, STUBS, GroveTestCase, api_pb2


class SampleTest(GroveTestCase):

    def test_sample_posts_and_watches(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account("Sample bot")
        api.call(api.accounts.Lock, api_pb2.LockAccountRequest())  # the sample must unlock
        result = subprocess.run(
            [sys.executable, os.environ["GROVE_SAMPLE"], "--stubs", STUBS, "--profile",
             self.profile.dir, "--passphrase-file", self.profile.passphrase_file,
             "--space", "Sample room", "hello from the sample", "second message"],
            capture_output=True, text=True, timeout=CALL_TIMEOUT * 2)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("created space Sample room", result.stdout)
        self.assertIn("event KIND_CHAT_POSTED: Sample bot: hello from the sample", result.stdout)
        self.assertIn("all 2 messages came back through the watch", result.stdout)
        self.assertEqual([m.text for m in api.list_chat("Sample room")],
                         ["hello from the sample", "second message"])
