#!/usr/bin/python3
"""Grove API sample: watch a space and post to it, from Python, through a peer's local API.

    post_and_watch.py --profile DIR --space NAME "first message" "second message"

It connects to groved (the socket and token live in the profile directory), makes sure the
account is unlocked and the space exists, opens a Watch stream on the space, posts the messages
and prints every event the stream delivers until it has seen its own posts come back.

Needs Debian's python3-grpcio and python3-protobuf, and the stubs generated from the API proto:

    protoc -I proto --python_out=STUBS --grpc_out=STUBS \
        --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin grove/api/v1/api.proto

then pass --stubs STUBS (or put STUBS on PYTHONPATH).
"""
import argparse
import os
import queue
import sys
import threading


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", help="groved's profile directory (api.sock, api-token)")
    parser.add_argument("--api", help="address instead of the profile's socket, e.g. "
                                      "127.0.0.1:7070 or unix:/path/api.sock")
    parser.add_argument("--token-file", help="API token file (default: PROFILE/api-token)")
    parser.add_argument("--stubs", default=os.environ.get("GROVE_PY_STUBS"),
                        help="directory with grove/api/v1/api_pb2*.py")
    parser.add_argument("--space", required=True, help="space id or name (created if absent)")
    parser.add_argument("--passphrase-file", help="unlock the account with this if it is locked")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for events")
    parser.add_argument("messages", nargs="+", help="messages to post")
    args = parser.parse_args()
    if not args.api and not args.profile:
        parser.error("give --profile DIR or --api ADDR --token-file F")
    return args


def main():
    args = parse_args()
    if args.stubs:
        sys.path.insert(0, args.stubs)
    import grpc
    from grove.api.v1 import api_pb2, api_pb2_grpc

    # 1. Connect and authenticate: every call carries `authorization: Bearer <token>`.
    address = args.api or "unix:" + os.path.abspath(os.path.join(args.profile, "api.sock"))
    token_file = args.token_file or os.path.join(args.profile, "api-token")
    with open(token_file) as f:
        metadata = (("authorization", "Bearer " + f.read().strip()),)
    channel = grpc.insecure_channel(address)
    accounts = api_pb2_grpc.AccountServiceStub(channel)
    spaces = api_pb2_grpc.SpaceServiceStub(channel)
    chat = api_pb2_grpc.ChatServiceStub(channel)
    events = api_pb2_grpc.EventServiceStub(channel)

    # 2. The account must be unlocked to read or write spaces.
    account = accounts.Get(api_pb2.GetAccountRequest(), metadata=metadata, timeout=10)
    if not account.unlocked:
        if not args.passphrase_file:
            sys.exit("the account is locked: pass --passphrase-file or run "
                     "`grovectl account unlock`")
        with open(args.passphrase_file) as f:
            passphrase = f.read().rstrip("\n")
        account = accounts.Unlock(api_pb2.UnlockAccountRequest(passphrase=passphrase),
                                  metadata=metadata, timeout=120)
    print("signed in as %s (%s)" % (account.display_name, account.fingerprint))

    # 3. Find the space, or create it.
    try:
        space = spaces.Get(api_pb2.GetSpaceRequest(space=args.space), metadata=metadata,
                           timeout=10)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        space = spaces.Create(api_pb2.CreateSpaceRequest(name=args.space), metadata=metadata,
                              timeout=10)
        print("created space %s (%s)" % (space.name, space.id))

    # 4. Watch the space. The stream's headers arrive once the subscription is live, so
    #    anything posted after initial_metadata() returns is delivered.
    stream = events.Watch(api_pb2.WatchRequest(space=space.id), metadata=metadata)
    stream.initial_metadata()
    received = queue.Queue()

    def read_events():
        try:
            for event in stream:
                received.put(event)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.CANCELLED:
                received.put(error)
        received.put(None)

    reader = threading.Thread(target=read_events, daemon=True)
    reader.start()

    # 5. Post. Each Post returns once the message is durably stored.
    waiting_for = set()
    for text in args.messages:
        message = chat.Post(api_pb2.PostChatRequest(space=space.id, text=text),
                            metadata=metadata, timeout=10)
        waiting_for.add(message.id)
        print("posted %s" % message.id)

    # 6. Print events until our own posts have come back through the stream.
    kind_names = {value: name for name, value in api_pb2.SpaceEvent.Kind.items()}
    while waiting_for:
        try:
            event = received.get(timeout=args.timeout)
        except queue.Empty:
            sys.exit("no event within %ss" % args.timeout)
        if event is None or isinstance(event, Exception):
            sys.exit("the watch stream ended: %s" % event)
        print("event %s: %s: %s" % (kind_names[event.kind], event.chat.author_name,
                                    event.chat.text))
        waiting_for.discard(event.chat.id)

    stream.cancel()
    reader.join(5)
    channel.close()
    print("all %d messages came back through the watch" % len(args.messages))


if __name__ == "__main__":
    main()
