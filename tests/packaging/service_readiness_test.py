#!/usr/bin/env python3
"""groved and grove-relay under a stand-in service manager: each sends READY=1 on NOTIFY_SOCKET
only once it serves, STOPPING=1 on SIGTERM, and exits 0 within the 5 s a unit's stop allows.
Usage: service_readiness_test.py GROVED GROVE_RELAY"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def receive(sock, timeout):
    sock.settimeout(timeout)
    try:
        return sock.recv(4096).decode()
    except socket.timeout:
        return ""


def check(name, argv, workdir):
    path = os.path.join(workdir, name + ".notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready = receive(sock, 60)
    assert ready.startswith("READY=1\n"), f"{name}: expected READY=1, got {ready!r}"
    assert "STATUS=" in ready, f"{name}: no status line in {ready!r}"
    # Ready means serving: the line the process prints once it listens is already out.
    first = proc.stdout.readline()
    assert "listening" in first, f"{name}: stdout after READY=1: {first!r}"
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    stopping = receive(sock, 5)
    assert stopping.startswith("STOPPING=1"), f"{name}: expected STOPPING=1, got {stopping!r}"
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"{name}: still running 5 s after SIGTERM")
    elapsed = time.monotonic() - start
    assert code == 0, f"{name}: exited {code}: {proc.stderr.read()}"
    print(f"{name}: {ready.splitlines()[1]}; stopped in {elapsed:.2f} s")


def main():
    groved, relay = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as work:
        check("groved", [groved, "--profile", os.path.join(work, "profile"), "--no-discovery"], work)
        check("grove-relay", [relay, "--data", os.path.join(work, "relay"), "--listen",
                              "127.0.0.1:0"], work)
    print("ok")


if __name__ == "__main__":
    main()
