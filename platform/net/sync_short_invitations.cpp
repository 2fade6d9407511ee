// SyncSession's part in short invitation codes: answering lookups from the directory this device
// files its codes in, asking for one, and depositing this device's codes at relays.
#include "net/sync_session.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
// A relay link deposits this device's codes again at least this often (a relay keeps them in
// memory only, and refuses a deposit for a space whose roster it does not hold yet).
constexpr unsigned kRedepositTicks = 30;
}  // namespace

Result<void> SyncSession::on_short_lookup(const nv::ShortInvitationLookup& lookup) {
    if (options_.remote_is_relay) return {};
    const std::size_t cap = ShortInvitationLimits{}.lookups_per_link;
    if (++short_lookups_ > cap)
        return make_error(ErrorCode::ResourceExhausted,
                          "more than " + std::to_string(cap) +
                              " short invitation lookups on one link");
    nv::LinkMessage reply;
    if (options_.short_invitations) {
        *reply.mutable_short_invitation_answer() =
            options_.short_invitations->lookup(lookup.locator(), options_.remote_address);
    } else {
        auto* a = reply.mutable_short_invitation_answer();
        a->set_locator(lookup.locator());
        a->set_status(nv::ShortInvitationAnswer::UNKNOWN);
    }
    send_(std::move(reply));
    return {};
}

void SyncSession::on_short_answer(const nv::ShortInvitationAnswer& answer) {
    if (!lookup_done_ || answer.locator() != lookup_locator_) return;
    auto done = std::exchange(lookup_done_, nullptr);
    done(answer);
}

void SyncSession::start_short_lookup(const std::string& locator, LookupDone done) {
    lookup_locator_ = locator;
    lookup_done_ = std::move(done);
    nv::LinkMessage m;
    m.mutable_short_invitation_lookup()->set_locator(locator);
    send_(std::move(m));
}

void SyncSession::send_short_deposits() {
    if (!options_.remote_is_relay || !options_.short_invitations) return;
    if (ticks_since_deposits_ >= kRedepositTicks) options_.short_invitations->refresh_own();
    const auto generation = options_.short_invitations->generation();
    if (generation == deposits_sent_generation_ && ticks_since_deposits_ < kRedepositTicks)
        return;
    deposits_sent_generation_ = generation;
    ticks_since_deposits_ = 0;
    for (auto& deposit : options_.short_invitations->own_deposits()) {
        nv::LinkMessage m;
        *m.mutable_short_invitation_deposit() = std::move(deposit);
        send_(std::move(m));
    }
}

}  // namespace grove::platform::net
