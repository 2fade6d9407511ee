// InstanceBridge: the half of the tool seam the platform core implements, one object per tool
// instance — what a tool asks of the platform (submit, members, permissions, ephemeral, blobs).
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/localmember.h>
#include <grove/sdk/member.h>
#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <string_view>
#include <vector>

namespace grove::platform {

// The core hands one to ToolHost::add_instance; the host owns it until the instance is removed
// or the host is destroyed, and wraps it in the sdk::ToolContext the tool sees (adding state
// checks, size limits and exception isolation). All calls come on the host thread.
class InstanceBridge {
public:
    virtual ~InstanceBridge() = default;

    // Stamps (author device, seq, deps, Lamport), seals, stores durably and replicates one
    // DELTA_KIND_TOOL delta whose payload is `payload` and whose header target is this
    // instance's id. Before returning the id, the core must have applied it through
    // ToolHost::apply(address, operation) on this same thread — exactly as a remote delta.
    // The id is returned once the delta is durable, whatever apply() answered (a tool's
    // rejection of its own operation does not undo storing it).
    // Errors: PermissionDenied (author may not write here), FailedPrecondition (locked, removed).
    virtual Result<sdk::OpId> submit(sdk::ByteView payload) = 0;

    virtual sdk::LocalMember me() const = 0;
    virtual std::vector<sdk::Member> members() const = 0;
    virtual bool permits(const sdk::IdentityId& who, sdk::Permission what) const = 0;

    // Sends on the instance's ephemeral channel to connected devices; the core delivers what
    // arrives from others through ToolHost::deliver_ephemeral.
    virtual Result<void> send_ephemeral(sdk::ByteView payload) = 0;

    // The space's blob store, or nullptr to let the host use its in-memory store (for now).
    virtual sdk::BlobStore* blobs() { return nullptr; }

    // A tool's log line, already prefixed by the host with the tool id and instance address.
    virtual void log(sdk::LogLevel level, std::string_view message) = 0;
};

}  // namespace grove::platform
