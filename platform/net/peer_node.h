// PeerNode: a Peer on the network — listens for peer links, dials peers and relays (reconnecting
// with backoff), pushes new deltas to every link at once, and joins spaces by invitation code.
#pragma once

#include <grove/sdk/result.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/peer.h"
#include "net/address_book.h"
#include "net/lan_discovery.h"
#include "net/link.h"
#include "net/short_invitation_directory.h"

namespace grove::platform::net {

struct PeerNodeOptions {
    std::string listen;               // "host:port" to accept links; port 0 picks one; "" = none
    std::vector<std::string> peers;   // dial and keep redialing
    std::vector<std::string> relays;  // relays to dial (store and forward)
    std::chrono::milliseconds tick{1000};  // anti-entropy period
    std::chrono::milliseconds min_backoff{200};
    std::chrono::milliseconds max_backoff{10'000};
    // join() keeps the link it joined through and redials that address like `peers` (pair()
    // always does). false: the join's link closes when done, and only `peers` and `relays` sync.
    bool keep_join_link = true;
    // Called (on the joining thread) when join() or pair() starts keeping a link to an address
    // the node did not dial yet. The node forgets it at stop(): persist it and pass it back in
    // `peers` (or to connect()) at the next start to have it redialed.
    std::function<void(const std::string& address)> on_peer_kept;
    // LAN discovery (net/lan_discovery.h): announce the spaces held here by rotating tags and
    // dial members that announce theirs. Off unless set (groved turns it on).
    bool discovery = false;
    LanDiscoveryOptions discovery_options;
    // Links accepted at once: in all, per source address, still in their handshake.
    LinkLimits links{256, 16, 16, 64u << 20};
    // Where member devices accept links (signed by each device, exchanged on every peer link):
    // every remembered device is dialed at start, and again with jittered, capped backoff while
    // no link to it is up. Null: an in-memory book (nothing remembered across restarts).
    std::shared_ptr<AddressBook> addresses;
    // How often the network interfaces are checked; a change re-signs this device's record and
    // redials at once.
    std::chrono::milliseconds network_check{2000};
};

// Why a space is (or is not) in touch with other devices, and what fixes it.
struct SpaceConnectivity {
    enum class State { Online, Offline };
    State state = State::Offline;
    // online: "direct", "relay"; offline: "locked", "no_addresses", "dials_failing",
    // "relay_unreachable".
    std::string reason;
    std::string detail;              // plain words, with the last dial error
    std::string action;              // what fixes it
    std::size_t linked_devices = 0;  // member devices linked directly
    std::size_t known_devices = 0;   // member devices with a remembered address
    std::size_t relays_linked = 0;
};

// A short invitation code and the grove: link that also says where to look it up.
struct ShortInvitation {
    std::string code;  // "ABCD-EFGH-JKLMN"
    std::string link;  // "grove:join?code=ABCD-EFGH-JKLMN&peer=…&relay=…"
    std::int64_t expires_ms = 0;
};

// A relay as the node dials it.
struct RelayState {
    std::string address;
    bool linked = false;
    std::string last_error;  // why the last attempt failed ("" when linked or not tried yet)
};

class PeerNode {
public:
    // The account may be locked at start; links are refused until it is unlocked.
    static Result<std::unique_ptr<PeerNode>> start(Peer& peer, PeerNodeOptions options);
    ~PeerNode();
    PeerNode(const PeerNode&) = delete;
    PeerNode& operator=(const PeerNode&) = delete;

    // "host:port" actually listened on ("" when not listening).
    const std::string& listen_address() const;
    // Dials `address` now and keeps the link up (reconnecting with backoff) until stop(). An
    // address already dialed (in the options, by an earlier connect, join or pair) is not
    // dialed twice.
    void connect(const std::string& address, bool relay = false);
    // Stops dialing `address` and closes its links. False when it was not dialed.
    bool disconnect(const std::string& address, bool relay = false);
    // Relays dialed now, each with whether a link to it is up and why the last attempt failed.
    std::vector<RelayState> relays() const;
    // Dials `address` as a relay once: ok when the link's handshake completes within `timeout`.
    Result<void> test_relay(const std::string& address,
                            std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Is `space` in touch with any other device, and if not, why and what to do.
    SpaceConnectivity connectivity(const SpaceId& space) const;
    // The book of member devices' addresses (this device's own record included).
    const std::shared_ptr<AddressBook>& address_book() const;
    // Joins with an invitation code (a short code or grove: link is resolved first): dials the code's addresses in turn, proves the secret,
    // stores the space and its key, and returns once the history up to the admission arrived.
    // The link stays up and is redialed when it drops (see keep_join_link, on_peer_kept).
    Result<SpaceSummary> join(const std::string& code,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Files a full invitation (from Peer::create_invitation for `space`, hex) under a new short
    // code: sealed under a key derived from the code (Argon2id with `kdf`), answered to lookups
    // on this node's links and deposited at its relays. Lookups answer "withdrawn" once the
    // invitation was used or revoked. Kept in memory: a restart forgets short codes (the full
    // code still works).
    Result<ShortInvitation> share_short_invitation(
        const std::string& space, const InvitationInfo& invitation,
        const crypto::KdfParams& kdf = crypto::KdfParams::standard());
    // Resolves a short code or grove: link to the full "grove-invite:" code: asks the link's
    // peers and relays, then this node's relays. Errors in plain words: not found, expired,
    // used or revoked, too many tries, nobody reachable.
    Result<std::string> resolve_short_invitation(
        const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Pairs this profile (no account yet) as a new device of the identity that showed `code`
    // ("grove-pair:…"): dials the code's addresses, linking with the pending pairing device key,
    // proves the code's secret, creates the account under `passphrase`, returns once every
    // space's history up to this device's addition has arrived, and keeps syncing with the
    // other device (a link kept up like --peer).
    Result<AccountInfo> pair(const std::string& code, const std::string& passphrase,
                             std::chrono::milliseconds timeout = std::chrono::seconds(90));
    std::vector<LinkInfo> links() const;
    // LAN discovery: null when off or when it could not start (then discovery_error() says why).
    const LanDiscovery* discovery() const;
    std::string discovery_error() const;
    void stop();

    struct State;

private:
    explicit PeerNode(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace grove::platform::net
