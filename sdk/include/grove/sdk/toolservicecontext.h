// ToolServiceContext: what a tool's gRPC service gets from the host to reach the instances it
// serves — run code on an instance safely from a gRPC thread, and list the running instances.
#pragma once

#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace grpc {
class ServerContextBase;
}

namespace grove::sdk {

class ToolInstance;

// Implemented by the host, one per tool; thread-safe (gRPC handlers run on gRPC threads).
class ToolServiceContext {
public:
    struct InstanceEntry {
        std::string space_id;     // hex
        std::string instance_id;  // hex
        std::string name;
    };

    // What a call does, for authorize_access(): reads or changes data, in one space or beyond.
    struct CallAccess {
        bool writes = false;
        std::string_view space_id;  // hex; empty = the call reaches beyond one space
    };

    virtual ~ToolServiceContext() = default;

    // Whether a call may proceed, by the local API's rules (its bearer token): every handler
    // calls it first and answers UNAUTHENTICATED with the message when it fails. This one asks
    // for the most: a write token not limited to spaces.
    virtual Result<void> authorize(const grpc::ServerContextBase& call) = 0;

    // Runs `work` on the host thread with the running instance of THIS tool at (space, instance),
    // both hex, serialized with every other call into instances; returns when `work` has
    // returned. The instance was created by this tool's create_instance, so a static_cast to the
    // tool's own class is safe. NotFound when there is no such running instance; Internal when
    // `work` threw. Never call it from the host thread while holding a lock `work` needs.
    virtual Result<void> with_instance(std::string_view space_id, std::string_view instance_id,
                                       const std::function<void(ToolInstance&)>& work) = 0;

    // The running instances of this tool, in every open space.
    virtual std::vector<InstanceEntry> instances() = 0;

    // The same check, for what the call actually does: a read token may read, a token limited to
    // spaces may read and write those spaces (PERMISSION_DENIED with the reason otherwise). A
    // host that does not tell accesses apart answers as authorize(call). (Appended in SDK ABI 3.)
    virtual Result<void> authorize_access(const grpc::ServerContextBase& call, CallAccess access) {
        (void)access;
        return authorize(call);
    }
};

}  // namespace grove::sdk
