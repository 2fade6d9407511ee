// NetworkHooks: what the API needs from the peer's network side (grove_net's PeerNode) without
// depending on it — the addresses an invitation carries, and joining a space by invitation code.
#pragma once

#include <grove/sdk/result.h>

#include <functional>
#include <string>
#include <vector>

#include "core/delta_envelope.h"
#include "core/peer.h"

namespace grove::platform::api {

struct NetworkHooks {
    // This peer's link address and its relays' (empty: invitations cannot be created).
    std::function<std::vector<std::string>()> invitation_addresses;
    // Dials the code's addresses and returns the joined space (unset: FailedPrecondition).
    std::function<Result<SpaceSummary>(const std::string& code)> join;
    // Files an invitation of `space` (hex) under a short code: returns (short code, grove: link).
    struct ShortInvitation {
        std::string code, link;
    };
    std::function<Result<ShortInvitation>(const std::string& space, const InvitationInfo&)>
        share_short_invitation;
    // Pairs this profile (no account yet) with a "grove-pair:" code: dials its addresses, creates
    // the account under the passphrase and returns it once the spaces' history arrived.
    std::function<Result<AccountInfo>(const std::string& code, const std::string& passphrase)> pair;
    // Dials HOST:PORT (a peer, or a relay) and keeps the link, re-dialing with backoff.
    std::function<Result<void>(const std::string& address, bool relay)> connect;
    // Is a space in touch with another device, and if not why and what fixes it
    // (net::SpaceConnectivity, as plain strings).
    struct Connectivity {
        bool online = false;
        std::string reason, detail, action;
    };
    std::function<Connectivity(const SpaceId& space)> connectivity;
    // Relays at run time: added ones are dialed and kept (in the profile), removed ones closed.
    struct Relay {
        std::string address;
        bool linked = false;
        std::string last_error;
    };
    std::function<Result<void>(const std::string& address)> add_relay;
    std::function<Result<void>(const std::string& address)> remove_relay;
    std::function<std::vector<Relay>()> list_relays;
    std::function<Result<void>(const std::string& address)> test_relay;
};

}  // namespace grove::platform::api
