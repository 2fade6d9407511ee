// Operation: one tool operation as the host delivers it to ToolInstance::apply — the tool's own
// payload bytes plus who authored it and where it sits in the space's history.
#pragma once

#include <grove/sdk/types.h>

#include <cstddef>
#include <cstdint>

namespace grove::sdk {

// ToolContext::submit refuses larger payloads; large content goes to the BlobStore.
inline constexpr std::size_t kMaxOperationPayload = 1024 * 1024;

// Every field is set by the platform from the signed delta, never by the author's claim alone:
// the author's role is the one it held at the delta's causal position, so permission decisions
// a tool takes from it are the same on every peer. `payload` is valid during apply() only.
struct Operation {
    OpId id{};         // the delta id: unique, the same on every peer
    ByteView payload;  // the bytes the authoring tool passed to ToolContext::submit
    DeviceId author_device{};
    IdentityId author_identity{};
    Role author_role = Role::Guest;  // at the delta's causal position
    std::uint64_t lamport = 0;       // 1 + max lamport of the deltas it depends on
    std::int64_t wall_time_ms = 0;   // author's clock: for display, never for ordering
};

}  // namespace grove::sdk
