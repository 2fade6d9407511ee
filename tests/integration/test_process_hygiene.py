"""Key material never reaches a core file or a log: groved runs with core dumps disabled, and
what it and grovectl write to stderr holds no passphrase, content or token."""
import os

from grove_harness import PASSPHRASE, GroveTestCase, grovectl

MARKER = "GROVE-PLAINTEXT-MARKER-51e2b0"


class ProcessHygieneTest(GroveTestCase):
    """Key material never reaches a core file or a log: groved runs with core dumps disabled,
    and what it writes to stderr holds no passphrase, content marker or token."""

    def test_no_core_dumps_and_no_secrets_in_logs(self):
        daemon = self.start_groved()
        with open("/proc/%d/limits" % daemon.proc.pid) as f:
            core = [line for line in f if line.startswith("Max core file size")]
        self.assertEqual(len(core), 1)
        self.assertEqual(core[0].split()[4:6], ["0", "0"], core[0])
        api = self.api(daemon)
        api.create_account()
        space = api.create_space("logs " + MARKER)
        api.post(space.id, "said " + MARKER)
        # Errors are logged too: a wrong passphrase, a bad request.
        result = grovectl("chat", "post", "no such space", MARKER, profile=self.profile)
        self.assertNotEqual(result.returncode, 0)
        for needle in (MARKER, PASSPHRASE):
            self.assertNotIn(needle, result.stderr)
        self.assertEqual(daemon.stop(), 0)
        with open(os.path.join(self.profile.dir, "api-token")) as f:
            token = f.read().strip()
        log = daemon.stderr()
        for needle in (MARKER, PASSPHRASE, token):
            self.assertNotIn(needle, log)
