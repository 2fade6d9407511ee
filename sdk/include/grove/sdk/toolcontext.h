// ToolContext: everything the platform offers one tool instance — submit an operation, who am I,
// members and roles, permission checks, the ephemeral channel, the blob store, logging, notices.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/localmember.h>
#include <grove/sdk/member.h>
#include <grove/sdk/notification.h>
#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace grove::sdk {

// Implemented by the host, one per tool instance, valid for the instance's whole life.
// Call it on the host thread only (the thread that calls into the instance).
class ToolContext {
public:
    virtual ~ToolContext() = default;

    virtual SpaceId space_id() const = 0;
    virtual InstanceId instance_id() const = 0;
    // The name people gave the instance ("Design notes"); ToolInstance::renamed tells of changes.
    virtual std::string instance_name() const = 0;

    // Hands an operation (the tool's own bytes, typically a serialized protobuf message) to the
    // platform, which stamps, seals, stores and replicates it. Returns once it is durable AND
    // applied: the host calls this instance's apply() with it before submit returns — the same
    // path remote operations take; local changes are not special. So do not hold iterators into
    // your own state across submit(). Errors: PermissionDenied (e.g. a guest), FailedPrecondition
    // (instance removed, peer locked), ResourceExhausted (payload over 1 MiB: use blobs()).
    virtual Result<OpId> submit(ByteView operation) = 0;

    virtual LocalMember me() const = 0;
    virtual std::vector<Member> members() const = 0;
    // Whether `who` may do `what` in this instance now. For the UI (enable a button); when
    // applying an operation decide from Operation::author_role, which is the same on every peer.
    virtual bool permits(const IdentityId& who, Permission what) const = 0;

    // Sends to every device currently connected to this instance (not stored, may be lost).
    // InvalidArgument above kMaxEphemeralPayload. Arrives as ToolInstance::receive_ephemeral.
    virtual Result<void> send_ephemeral(ByteView payload) = 0;

    virtual BlobStore& blobs() = 0;

    virtual void log(LogLevel level, std::string_view message) = 0;

    // ---- appended in SDK ABI 4 ----
    // Asks the host to show a notification to the person at this device (the desktop's
    // notification service in the app; the log in a headless peer). Each key is shown once per
    // device and instance: true when shown now, false when that key was shown before (asking
    // again is harmless, so a tool may ask whenever it recomputes what is due). InvalidArgument
    // for an empty or over-long key, title or body. Hosts older than ABI 4 do not have it: a
    // tool built for ABI 4 only runs on hosts that do.
    virtual Result<bool> notify(const Notification& notification) {
        (void)notification;
        return make_error(ErrorCode::FailedPrecondition, "this context shows no notifications");
    }
};

}  // namespace grove::sdk
