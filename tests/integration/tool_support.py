"""Shared helpers of the tool integration tests: an isolated tool environment for groved, and
bounded waits on the tool and sync APIs."""
import glob
import os
import time

import grpc

from grove_harness import api_pb2, discussion_pb2

DISCUSSION = "org.grove.discussion"
CHECKLIST = "org.example.checklist"
FIXTURE_DIR = os.environ.get("GROVE_TEST_FIXTURE_DIR", "")
SAMPLE_PREFIX = os.environ.get("GROVE_SAMPLE_TOOL_PREFIX", "")


def tool_env(root, tool_path=None):
    """groved's environment: no user tool directory of the machine's user (XDG_DATA_HOME in the
    test's root), GROVE_TOOL_PATH only when given; the build tree's tools are found anyway."""
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = os.path.join(root, "xdg")
    env.pop("GROVE_TOOL_PATH", None)
    if tool_path:
        env["GROVE_TOOL_PATH"] = tool_path
    return env


def sample_tool_root():
    """The directory holding the out-of-tree Checklist (installed by the sample test), or None."""
    if not SAMPLE_PREFIX:
        return None
    manifests = glob.glob(os.path.join(SAMPLE_PREFIX, "**", "grove-tool.json"), recursive=True)
    if not manifests:
        return None
    return os.path.dirname(os.path.dirname(manifests[0]))


def wait_for(predicate, timeout, what, interval=0.2):
    """Polls `predicate` until it returns something truthy, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except grpc.RpcError as error:
            last = error
        if last and not isinstance(last, grpc.RpcError):
            return last
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s (last: %r)" % (timeout, what, last))


def installed(api):
    return {t.id: t for t in api.call(api.tools.ListInstalled,
                                      api_pb2.ListInstalledToolsRequest()).tools}


def instances(api, space):
    return list(api.call(api.tools.List, api_pb2.ListToolsRequest(space=space)).instances)


def instance_ref(space_id, instance_id):
    return discussion_pb2.InstanceRef(space_id=space_id, instance_id=instance_id)


def sync_status(api, space):
    return api.call(api.sync.Status, api_pb2.SyncStatusRequest(space=space))


def converged(apis, space):
    """The common (heads, state) digests when every peer holds the same deltas and state, with
    nothing pending; None otherwise."""
    seen = set()
    for api in apis:
        status = sync_status(api, space)
        if status.pending != 0:
            return None
        seen.add((status.heads_digest, status.state_digest))
    return seen.pop() if len(seen) == 1 else None
