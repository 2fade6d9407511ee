// The peer-link port kept in a profile: "HOST:0" listens on the port chosen the first time, so
// that the addresses members remember stay right across restarts (groved and the app share it).
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <memory>
#include <string>

#include "net/peer_node.h"

namespace grove::platform::net {

struct KeptPortNode {
    std::unique_ptr<PeerNode> node;
    // Set when the kept port was taken by another program and a fresh one is used: says which.
    std::string warning;
};

// Starts `options` (its `listen` "HOST:0" replaced by the port kept in `port_file` when there is
// one; a port given explicitly is used as is). A kept port that cannot be bound falls back to a
// fresh one; a port picked here is written to `port_file` for the next start.
Result<KeptPortNode> start_with_kept_port(Peer& peer, PeerNodeOptions options,
                                          const std::filesystem::path& port_file);

}  // namespace grove::platform::net
