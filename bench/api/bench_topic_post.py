#!/usr/bin/python3
"""Discussion topic creation through the local API, as an instance grows.

    bench_topic_post.py --groved BUILD/apps/groved/groved --stubs BUILD/tests/integration/py \
        [--topics 5000] [--bucket 250]

Starts a groved on a temporary profile, creates an account, a space and a Discussion instance,
then posts topics one after another (each call answers once the topic is durably stored) and
prints the rate for every bucket of topics: a flat column means the cost of a post does not grow
with the instance. The generated Python stubs come from the build (tests/integration/py).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groved", required=True, help="the groved binary")
    parser.add_argument("--stubs", required=True, help="directory of the generated Python stubs")
    parser.add_argument("--topics", type=int, default=5000)
    parser.add_argument("--bucket", type=int, default=250)
    return parser.parse_args()


def main():
    args = parse_args()
    sys.path.insert(0, args.stubs)
    import grpc
    from grove.api.v1 import api_pb2, api_pb2_grpc
    from grove.tools.discussion.v1 import discussion_service_pb2 as d_pb2
    from grove.tools.discussion.v1 import discussion_service_pb2_grpc as d_grpc

    root = tempfile.mkdtemp(prefix="grove-bench-", dir="/tmp")
    profile = os.path.join(root, "profile")
    groved = subprocess.Popen([args.groved, "--profile", profile, "--no-discovery"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = groved.stdout.readline().decode().strip()
        if not line.startswith("groved: listening on "):
            sys.exit("groved did not start: %r" % line)
        channel = grpc.insecure_channel(line[len("groved: listening on "):])
        with open(os.path.join(profile, "api-token")) as f:
            metadata = (("authorization", "Bearer " + f.read().strip()),)
        accounts = api_pb2_grpc.AccountServiceStub(channel)
        accounts.Create(api_pb2.CreateAccountRequest(display_name="Bench",
                                                     passphrase="bench passphrase"),
                        metadata=metadata, timeout=120)
        space = api_pb2_grpc.SpaceServiceStub(channel).Create(
            api_pb2.CreateSpaceRequest(name="Bench"), metadata=metadata, timeout=30)
        instance = api_pb2_grpc.ToolServiceStub(channel).Add(
            api_pb2.AddToolRequest(space=space.id, tool_id="org.grove.discussion"),
            metadata=metadata, timeout=30)
        ref = d_pb2.InstanceRef(space_id=space.id, instance_id=instance.id)
        discussion = d_grpc.DiscussionServiceStub(channel)
        print("topics          calls/s")
        for start in range(0, args.topics, args.bucket):
            began = time.monotonic()
            for n in range(start, start + args.bucket):
                discussion.Post(d_pb2.PostRequest(instance=ref, title="Ticket %d" % n,
                                                  body="Imported ticket number %d." % n),
                                metadata=metadata, timeout=60)
            rate = args.bucket / (time.monotonic() - began)
            print("%5d-%-5d  %8.0f" % (start, start + args.bucket, rate), flush=True)
    finally:
        groved.send_signal(signal.SIGTERM)
        try:
            groved.wait(timeout=30)
        except subprocess.TimeoutExpired:
            groved.kill()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
