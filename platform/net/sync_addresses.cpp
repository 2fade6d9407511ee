// SyncSession's address records: this device tells a member device where it (and the members
// they share a space with) accept links, and keeps the verified records the other end sends.
#include <chrono>

#include "net/sync_session.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

bool SyncSession::shares_a_space_with(const crypto::SignPublicKey& device) const {
    for (const auto& space : replicator_.spaces())
        if (replicator_.is_active_device(space, device)) return true;
    return false;
}

// Sent when the book changed since this link last sent it (at link start, when this device's
// addresses or relays change, when a member's new record arrived): the remote learns where this
// device and every device both share a space with accept links, all signed by those devices.
Result<void> SyncSession::send_addresses() {
    const auto& book = options_.addresses;
    if (!book || options_.remote_is_relay) return {};
    const auto generation = book->generation();
    if (generation == addresses_sent_generation_) return {};
    if (!shares_a_space_with(remote_)) return {};  // a stranger (or a joiner not admitted yet)
    const auto me = replicator_.device();
    auto own = book->own_record(
        me, [this](ByteView m) { return replicator_.sign_as_device(m); }, wall_now_ms());
    if (!own.ok()) return {};  // locked again: at the next pump
    addresses_sent_generation_ = book->generation();
    nv::LinkMessage m;
    auto* records = m.mutable_addresses();
    *records->add_records() = std::move(own).value();
    const auto spaces = replicator_.spaces();
    for (const auto& d : book->devices()) {
        if (records->records_size() >= int(AddressLimits::kMaxRecordsPerMessage)) break;
        if (d.device == me || d.device == remote_) continue;
        bool both = false;
        for (const auto& space : spaces)
            if (replicator_.is_active_device(space, d.device) &&
                replicator_.is_active_device(space, remote_)) {
                both = true;
                break;
            }
        if (both) *records->add_records() = d.signed_record;
    }
    send_(std::move(m));
    return {};
}

void SyncSession::on_addresses(const nv::AddressRecords& records) {
    const auto& book = options_.addresses;
    if (!book || options_.remote_is_relay) return;
    if (static_cast<std::size_t>(records.records_size()) > AddressLimits::kMaxRecordsPerMessage) {
        ++stats_.address_records_refused;
        return problem("more than " + std::to_string(AddressLimits::kMaxRecordsPerMessage) +
                       " address records in one message: ignored");
    }
    const auto me = replicator_.device();
    const auto now = wall_now_ms();
    for (const auto& r : records.records()) {
        auto outcome = book->accept(
            r,
            [&](const crypto::SignPublicKey& device) {
                return device != me && shares_a_space_with(device);
            },
            now);
        if (!outcome.ok()) {
            ++stats_.address_records_refused;
            problem("address record refused: " + outcome.error().message);
        } else if (*outcome == AddressBook::Outcome::Stored) {
            ++stats_.address_records_stored;
        }
    }
}

}  // namespace grove::platform::net
