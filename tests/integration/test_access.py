"""Access to the local API with real processes: per-client tokens made, used, listed and revoked
with grovectl (scopes, spaces, persistence across a restart), and a TLS listener off loopback
that grovectl and a Python client reach (and that is refused without TLS)."""
import json
import os
import shutil
import stat
import subprocess

import grpc

from grove_harness import (CALL_TIMEOUT, GROVED, Api, GroveTestCase, api_pb2, grovectl,
                           grovectl_json, read_line)


class AccessTest(GroveTestCase):

    def ctl(self, *args, expect=0, token_file=None):
        extra = ["--token-file", token_file] if token_file else []
        result = grovectl(*args, *extra, profile=self.profile)
        self.assertEqual(result.returncode, expect,
                         "grovectl %s: exit %d, stderr: %s" % (args, result.returncode,
                                                               result.stderr))
        return result

    def test_token_lifecycle_with_grovectl(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account("Alice")
        space_a = api.create_space("Garden").id
        space_b = api.create_space("Kitchen").id

        # create: the secret once (text), or in a 0600 file (--save), or in JSON.
        reader_secret = self.ctl("token", "create", "reader", "--scope", "read").stdout.strip()
        self.assertRegex(reader_secret, r"^[0-9a-f]{64}$")
        reader_file = os.path.join(self.profile.root, "reader.token")
        with open(reader_file, "w") as f:
            f.write(reader_secret + "\n")
        writer_file = os.path.join(self.profile.root, "writer.token")
        saved = json.loads(self.ctl("token", "create", "garden-writer", "--scope", "write",
                                    "--space", "Garden", "--save", writer_file,
                                    "--json").stdout)
        self.assertEqual(saved["token"]["spaces"], [space_a])
        self.assertNotIn("secret", saved)
        self.assertEqual(stat.S_IMODE(os.stat(writer_file).st_mode), 0o600)
        self.ctl("token", "create", "reader", "--scope", "read", expect=1)  # ALREADY_EXISTS
        self.ctl("token", "create", "bad name", "--scope", "read", expect=2)
        self.ctl("token", "create", "x", "--scope", "root", expect=2)
        self.ctl("token", "create", "x", "--scope", "read", "--space", "Nowhere", expect=4)

        # Only hashes at rest, owner-only.
        store = os.path.join(self.profile.dir, "api-tokens")
        self.assertEqual(stat.S_IMODE(os.stat(store).st_mode), 0o600)
        with open(store) as f:
            content = f.read()
        self.assertNotIn(reader_secret, content)
        with open(writer_file) as f:
            self.assertNotIn(f.read().strip(), content)

        # list: never secrets; the profile token is there, admin.
        tokens = grovectl_json("token", "list", profile=self.profile)["tokens"]
        self.assertEqual([(t["name"], t["scope"], t["spaces"]) for t in tokens],
                         [("profile", "admin", []), ("garden-writer", "write", [space_a]),
                          ("reader", "read", [])])
        self.assertNotIn(reader_secret, json.dumps(tokens))
        self.assertIn("reader  read  every space", self.ctl("token", "list").stdout)

        # Scopes: read lists, cannot post (7 = permission denied), cannot manage tokens.
        self.assertEqual(len(json.loads(self.ctl("space", "list", "--json",
                                                 token_file=reader_file).stdout)["spaces"]), 2)
        denied = self.ctl("chat", "post", "Garden", "hi", expect=7, token_file=reader_file)
        self.assertIn("scope write", denied.stderr)
        self.ctl("token", "list", expect=7, token_file=reader_file)
        # Spaces: the Garden writer posts in Garden only, and sees only Garden.
        self.ctl("chat", "post", "Garden", "tomatoes", token_file=writer_file)
        other = self.ctl("chat", "post", "Kitchen", "soup", expect=7, token_file=writer_file)
        self.assertIn("limited to other spaces", other.stderr)
        self.ctl("chat", "list", space_b, expect=7, token_file=writer_file)
        listed = json.loads(self.ctl("space", "list", "--json", token_file=writer_file).stdout)
        self.assertEqual([s["id"] for s in listed["spaces"]], [space_a])
        self.ctl("invite", "Garden", expect=7, token_file=writer_file)
        self.assertEqual([m.text for m in api.list_chat(space_b)], [])

        # Last use is recorded; tokens survive a restart (hashes reloaded).
        used = {t["name"]: t for t in grovectl_json("token", "list", profile=self.profile)["tokens"]}
        self.assertGreater(used["garden-writer"]["last_used_ms"], 0)
        self.assertEqual(daemon.stop(), 0)
        self.start_groved()
        self.ctl("account", "unlock", "--passphrase-file", self.profile.passphrase_file)
        self.ctl("chat", "post", "Garden", "after restart", token_file=writer_file)
        used = {t["name"]: t for t in grovectl_json("token", "list", profile=self.profile)["tokens"]}
        self.assertGreater(used["garden-writer"]["last_used_ms"], 0)

        # revoke: the next call is UNAUTHENTICATED (exit 3); the name disappears from the list.
        revoked = json.loads(self.ctl("token", "revoke", "garden-writer", "--json").stdout)
        self.assertEqual(revoked, {"revoked": "garden-writer"})
        gone = self.ctl("chat", "list", "Garden", expect=3, token_file=writer_file)
        self.assertIn("revoked", gone.stderr)
        self.ctl("token", "revoke", "garden-writer", expect=4)
        self.ctl("token", "revoke", "profile", expect=6)
        self.assertEqual([t["name"] for t in
                          grovectl_json("token", "list", profile=self.profile)["tokens"]],
                         ["profile", "reader"])
        # The name can be reused; the old secret stays dead.
        self.ctl("token", "create", "garden-writer", "--scope", "read")
        self.ctl("chat", "list", "Garden", expect=3, token_file=writer_file)

    def test_revoked_token_ends_its_watch(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account("Alice")
        space = api.create_space("Watched").id
        secret = self.ctl("token", "create", "watcher", "--scope", "read").stdout.strip()
        watcher = self.api(daemon, token=secret)
        stream = watcher.events.Watch(api_pb2.WatchRequest(space=space),
                                      metadata=watcher.metadata, timeout=CALL_TIMEOUT)
        stream.initial_metadata()
        api.post(space, "before revocation")
        self.assertEqual(next(stream).chat.text, "before revocation")
        self.ctl("token", "revoke", "watcher")
        with self.assertRaises(grpc.RpcError) as caught:
            for _ in stream:
                pass
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        self.assertIn("revoked", caught.exception.details())

    def test_rotated_token_keeps_its_scope_and_the_old_secret_dies(self):
        daemon = self.start_groved()
        api = self.api(daemon)
        api.create_account("Alice")
        garden = api.create_space("Garden").id
        api.create_space("Kitchen")
        old_file = os.path.join(self.profile.root, "sync.token")
        self.ctl("token", "create", "sync", "--scope", "write", "--space", "Garden",
                 "--save", old_file)
        self.ctl("chat", "post", "Garden", "before", token_file=old_file)
        old = self.api(daemon, token=open(old_file).read().strip())
        stream = old.events.Watch(api_pb2.WatchRequest(space=garden), metadata=old.metadata,
                                  timeout=CALL_TIMEOUT)
        stream.initial_metadata()

        new_file = os.path.join(self.profile.root, "sync-2.token")
        rotated = json.loads(self.ctl("token", "rotate", "sync", "--save", new_file,
                                      "--json").stdout)
        self.assertEqual((rotated["token"]["name"], rotated["token"]["scope"],
                          rotated["token"]["spaces"]), ("sync", "write", [garden]))
        self.assertNotIn("secret", rotated)
        self.assertEqual(stat.S_IMODE(os.stat(new_file).st_mode), 0o600)
        # The old secret: refused from its next call, its watch ended.
        self.assertIn("revoked", self.ctl("chat", "list", "Garden", expect=3,
                                          token_file=old_file).stderr)
        with self.assertRaises(grpc.RpcError) as caught:
            for _ in stream:
                pass
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        # The new one: the same scope and spaces, nothing more.
        self.ctl("chat", "post", "Garden", "after", token_file=new_file)
        self.ctl("chat", "post", "Kitchen", "no", expect=7, token_file=new_file)
        self.assertEqual([t["name"] for t in
                          grovectl_json("token", "list", profile=self.profile)["tokens"]],
                         ["profile", "sync"])
        # Rotated again (printed this time), the first rotation's secret dies too; it survives a
        # restart.
        third = self.ctl("token", "rotate", "sync").stdout.strip()
        self.assertRegex(third, r"^[0-9a-f]{64}$")
        self.ctl("chat", "list", "Garden", expect=3, token_file=new_file)
        self.assertEqual(daemon.stop(), 0)
        daemon = self.start_groved()
        self.ctl("account", "unlock", "--passphrase-file", self.profile.passphrase_file)
        third_api = self.api(daemon, token=third)
        self.assertEqual([m.text for m in third_api.list_chat(garden)], ["before", "after"])
        self.ctl("chat", "list", "Garden", expect=3, token_file=old_file)
        self.ctl("token", "rotate", "nobody", expect=4)
        self.ctl("token", "rotate", "profile", expect=6)

    def make_certificate(self):
        if shutil.which("openssl") is None:
            self.skipTest("openssl is not installed (scripts/setup.sh installs it)")
        cert = os.path.join(self.profile.root, "server.pem")
        key = os.path.join(self.profile.root, "server-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-keyout", key,
                        "-out", cert, "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=CALL_TIMEOUT)
        return cert, key

    def test_tls_listener_usable_by_grovectl(self):
        # Off loopback without TLS: refused, with the way out in the message.
        result = subprocess.run([GROVED, "--profile", self.profile.dir, "--api", "0.0.0.0:0"],
                                capture_output=True, text=True, timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not a loopback address", result.stderr)
        self.assertIn("--tls-cert", result.stderr)

        cert, key = self.make_certificate()
        result = subprocess.run([GROVED, "--profile", self.profile.dir, "--api", "0.0.0.0:0",
                                 "--tls-cert", cert], capture_output=True, text=True,
                                timeout=CALL_TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn("--tls-key", result.stderr)

        daemon = self.start_groved("--api", "0.0.0.0:0", "--tls-cert", cert, "--tls-key", key)
        port = daemon.address.rsplit(":", 1)[1]
        target = "127.0.0.1:" + port
        tls = ["--api", target, "--token-file", self.profile.token_file, "--tls-ca", cert]
        account = json.loads(grovectl("account", "create", "--name", "Remote", "--passphrase-file",
                                      self.profile.passphrase_file, "--json", *tls).stdout)
        self.assertEqual(account["display_name"], "Remote")
        space_id = grovectl("space", "create", "Over TLS", *tls).stdout.strip()
        self.assertEqual(grovectl("chat", "post", "Over TLS", "encrypted", *tls).returncode, 0)
        listed = json.loads(grovectl("chat", "list", space_id, "--json", *tls).stdout)
        self.assertEqual([m["text"] for m in listed["messages"]], ["encrypted"])
        # The name checked can be overridden (the certificate names localhost).
        self.assertEqual(grovectl("space", "list", *tls, "--tls-server-name", "localhost")
                         .returncode, 0)
        # Plaintext to the TLS port, or a CA that did not sign it: unreachable (5).
        plain = grovectl("space", "list", "--api", target, "--token-file",
                         self.profile.token_file)
        self.assertEqual(plain.returncode, 5, plain.stderr)
        other_ca = os.path.join(self.profile.root, "other")
        os.mkdir(other_ca)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-keyout",
                        os.path.join(other_ca, "k.pem"), "-out", os.path.join(other_ca, "c.pem"),
                        "-subj", "/CN=localhost"], check=True, capture_output=True,
                       timeout=CALL_TIMEOUT)
        wrong = grovectl("space", "list", "--api", target, "--token-file",
                         self.profile.token_file, "--tls-ca", os.path.join(other_ca, "c.pem"))
        self.assertEqual(wrong.returncode, 5, wrong.stderr)
        # TLS options make sense only with --api HOST:PORT.
        self.assertEqual(grovectl("space", "list", "--tls-ca", cert,
                                  profile=self.profile).returncode, 2)
        # A Python integrator, over TLS.
        with open(cert, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        client = Api(target, self.profile.token(), credentials=credentials)
        self._apis.append(client)
        spaces = client.call(client.spaces.List, api_pb2.ListSpacesRequest()).spaces
        self.assertEqual([s.id for s in spaces], [space_id])
        self.assertEqual(daemon.stop(), 0)


if __name__ == "__main__":
    import unittest
    unittest.main()
