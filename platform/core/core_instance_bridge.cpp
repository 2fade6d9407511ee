#include "core/core_instance_bridge.h"

#include <grove/sdk/ephemeralmessage.h>

#include <cstdio>

#include "core/account_vault.h"
#include "core/blob_store_provider.h"
#include "core/space_journal.h"
#include "core/tool_runtime.h"

static_assert(grove::platform::kMaxEphemeralPayloadBytes == grove::sdk::kMaxEphemeralPayload,
              "the link carries what the SDK promises tools");

namespace grove::platform {

CoreInstanceBridge::CoreInstanceBridge(Peer& peer, InstanceAddress address)
    : peer_(peer), address_(address) {}

Result<sdk::OpId> CoreInstanceBridge::submit(sdk::ByteView payload) {
    auto id = peer_.submit_tool_operation(to_hex(ByteView(address_.space)),
                                          to_hex(ByteView(address_.instance)),
                                          std::string(as_string_view(payload)));
    if (!id.ok()) return id.error();
    // The operation was queued for the host like a remote one; apply it before returning.
    if (auto* runtime = peer_.tool_runtime(); runtime && runtime->on_host_thread()) runtime->drain();
    sdk::OpId out{};
    auto bytes = from_hex(*id);
    if (bytes && bytes->size() == out.size()) std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
}

sdk::LocalMember CoreInstanceBridge::me() const {
    sdk::LocalMember me;
    auto& journal = peer_.journal();
    auto unlocked = journal.read_account([&](const UnlockedAccount& account) {
        me.identity = account.identity.identity_sign.public_key;
        me.device = account.identity.device_sign.public_key;
        me.display_name = account.identity.display_name;
    });
    if (!unlocked.ok()) return me;
    (void)journal.read(address_.space, [&](const Space& space) {
        if (const MemberRecord* m = space.membership().by_identity(me.identity)) me.role = m->role;
    });
    return me;
}

std::vector<sdk::Member> CoreInstanceBridge::members() const {
    std::vector<sdk::Member> out;
    (void)peer_.journal().read(address_.space, [&](const Space& space) {
        for (const MemberRecord* m : space.membership().active()) {
            sdk::Member member;
            member.identity = m->identity;
            member.display_name = m->card.display_name();
            member.role = m->role;
            for (const auto& d : m->devices)
                if (auto dev = fixed_from<32>(as_bytes(d.device_sign())))
                    member.devices.push_back(*dev);
            out.push_back(std::move(member));
        }
    });
    return out;
}

bool CoreInstanceBridge::permits(const sdk::IdentityId& who, sdk::Permission what) const {
    bool permitted = false;
    (void)peer_.journal().read(address_.space, [&](const Space& space) {
        const MemberRecord* m = space.membership().by_identity(who);
        if (!m || m->removed) return;
        switch (what) {
            case sdk::Permission::Read:
                permitted = true;
                break;
            case sdk::Permission::Write:
                permitted = m->role != Role::Guest;
                break;
            case sdk::Permission::Moderate:
                permitted = m->role == Role::Manager;
                break;
        }
    });
    return permitted;
}

// ---- ephemeral ---- the instance's channel "tool:<instance hex>" on the space's direct links;
// the receiving peer hands it to the same instance's tool (Replicator::receive_ephemeral).
Result<void> CoreInstanceBridge::send_ephemeral(sdk::ByteView payload) {
    return peer_.send_ephemeral(to_hex(ByteView(address_.space)),
                                "tool:" + to_hex(ByteView(address_.instance)),
                                std::string(as_string_view(payload)));
}

void CoreInstanceBridge::log(sdk::LogLevel level, std::string_view message) {
    static const char* names[] = {"debug", "info", "warning", "error"};
    std::fprintf(stderr, "grove tool [%s] %.*s\n", names[static_cast<int>(level)],
                 static_cast<int>(message.size()), message.data());
}

sdk::BlobStore* CoreInstanceBridge::blobs() {
    BlobStoreProvider* provider = peer_.blob_stores();
    return provider ? provider->for_space(address_.space) : nullptr;
}

}  // namespace grove::platform
