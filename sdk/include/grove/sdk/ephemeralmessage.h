// EphemeralMessage: a message from another device on a tool instance's ephemeral channel
// (presence, typing, live strokes, cursors): encrypted in transit, never stored, may be lost.
#pragma once

#include <grove/sdk/types.h>

#include <cstddef>
#include <cstdint>

namespace grove::sdk {

// Larger payloads are refused by ToolContext::send_ephemeral.
inline constexpr std::size_t kMaxEphemeralPayload = 64 * 1024;

struct EphemeralMessage {
    DeviceId from_device{};
    IdentityId from_identity{};
    ByteView payload;  // valid during ToolInstance::receive_ephemeral only
    std::int64_t received_ms = 0;
};

}  // namespace grove::sdk
