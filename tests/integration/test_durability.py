"""kill -9 groved in the middle of a posting loop: every acknowledged message survives."""
import os
import threading
import time

import grpc
from grove_harness import CALL_TIMEOUT, GroveTestCase

TOTAL_POSTS = 300
KILL_AFTER = 100
POSTERS = 4  # concurrent posters, so that posts are in flight when the kill lands


class DurabilityTest(GroveTestCase):

    def test_acknowledged_posts_survive_kill_9(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account()
        space = api.create_space("Crash room")

        acknowledged = {}  # text → message id, only for posts groved answered OK
        failures = []
        lock = threading.Lock()
        next_index = [0]
        stop = threading.Event()

        def poster():
            while not stop.is_set():
                with lock:
                    if next_index[0] >= TOTAL_POSTS:
                        return
                    index = next_index[0]
                    next_index[0] += 1
                text = "crash-test message %03d" % index
                try:
                    message = api.post(space.id, text, timeout=CALL_TIMEOUT)
                except grpc.RpcError as error:
                    with lock:
                        failures.append(error.code())
                    return  # groved is gone (or going)
                with lock:
                    acknowledged[text] = message.id

        threads = [threading.Thread(target=poster, daemon=True) for _ in range(POSTERS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + CALL_TIMEOUT
        while time.monotonic() < deadline:
            with lock:
                if len(acknowledged) >= KILL_AFTER:
                    break
            time.sleep(0.001)
        daemon.kill()  # SIGKILL
        with lock:
            acked_at_kill = len(acknowledged)
        for thread in threads:
            thread.join(CALL_TIMEOUT)
            self.assertFalse(thread.is_alive(), "a poster hung after the kill")
        stop.set()

        self.assertGreaterEqual(acked_at_kill, KILL_AFTER, "posting was too slow to test")
        self.assertLess(len(acknowledged), TOTAL_POSTS,
                        "the loop finished before the kill; nothing was interrupted")
        self.assertTrue(failures, "no post was interrupted by the kill")
        self.assertTrue(os.path.exists(self.profile.socket), "expected a stale socket after -9")

        # Restart on the same profile (the stale socket is replaced) and check every ack.
        restarted = self.start_groved()
        api = self.api(restarted)
        api.unlock()
        stored = {m.text: m.id for m in api.list_chat(space.id)}
        missing = sorted(set(acknowledged) - set(stored))
        self.assertEqual(missing, [], "acknowledged but lost after kill -9")
        for text, message_id in acknowledged.items():
            self.assertEqual(stored[text], message_id)
        # Unacknowledged posts may or may not have made it; nothing else may appear.
        self.assertTrue(all(text.startswith("crash-test message ") for text in stored))
        self.assertLessEqual(len(stored), TOTAL_POSTS)
        # And the peer keeps working after the crash.
        self.assertEqual(api.post(space.id, "after the crash").text, "after the crash")
