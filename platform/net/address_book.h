// AddressBook: where member devices accept peer links and which relays they use — records signed
// by each device, verified, kept (newest per device) in the profile, plus this device's own record.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "grove/net/v1/sync.pb.h"

namespace grove::platform::net {

struct AddressLimits {
    static constexpr std::size_t kMaxAddresses = 16;
    static constexpr std::size_t kMaxRelays = 8;
    static constexpr std::size_t kMaxAddressLength = 255;
    static constexpr std::size_t kMaxRecordsPerMessage = 64;
    static constexpr std::size_t kMaxRecordBytes = 8192;
    static constexpr std::size_t kMaxDevices = 1024;  // remembered; the oldest records go first
    // A record issued further in the future than this is refused (clock skew allowance).
    static constexpr std::int64_t kMaxFutureMs = 10 * 60 * 1000;
    // A record older than this is refused: it says nothing useful any more, and a replayed one
    // must not bring back long-gone addresses.
    static constexpr std::int64_t kMaxAgeMs = 90LL * 24 * 3600 * 1000;
};

// A verified record.
struct DeviceAddresses {
    crypto::SignPublicKey device{};
    std::vector<std::string> addresses;
    std::vector<std::string> relays;
    std::int64_t issued_ms = 0;
    grove::net::v1::SignedAddressRecord signed_record;  // as received, for passing on
};

// Signs `record` with `sign` (the device's Ed25519 key over "grove.addresses.v1" || bytes).
Result<grove::net::v1::SignedAddressRecord> sign_address_record(
    const grove::net::v1::AddressRecord& record,
    const std::function<Result<crypto::Signature>(ByteView)>& sign);
// Checks a signed record's form (sizes, HOST:PORT addresses), age against `now_ms` and its
// device's signature. Errors say which check failed.
Result<DeviceAddresses> verify_address_record(
    const grove::net::v1::SignedAddressRecord& signed_record, std::int64_t now_ms);
// "HOST:PORT" with a port in 1..65535 and a host of letters, digits, '.', '-', ':' ([v6]).
bool is_dialable_address(const std::string& address);

class AddressBook {
public:
    // Loads `file` (absent: empty). Every stored record is verified again; bad ones are dropped.
    static std::shared_ptr<AddressBook> open(std::filesystem::path file);
    // An in-memory book (tests, nodes without a profile directory).
    static std::shared_ptr<AddressBook> in_memory();

    enum class Outcome { Stored, Stale };
    // Verifies `signed_record` and keeps it unless one at least as new is held for its device.
    // `is_member(device)`: does the device belong to a space held here (else refused: nobody
    // may fill the book with strangers). Refusals are errors saying why.
    Result<Outcome> accept(const grove::net::v1::SignedAddressRecord& signed_record,
                           const std::function<bool(const crypto::SignPublicKey&)>& is_member,
                           std::int64_t now_ms);

    std::vector<DeviceAddresses> devices() const;
    std::optional<DeviceAddresses> find(const crypto::SignPublicKey& device) const;
    // Bumped at every change (a record stored, this device's record re-signed): links resend.
    std::uint64_t generation() const;
    // Called (outside the book's lock) when a device's record was stored.
    void on_learned(std::function<void(const DeviceAddresses&)> callback);

    // ---- this device's own record ----
    // What this device states; a change is signed at the next own_record() call.
    void set_own(std::vector<std::string> addresses, std::vector<std::string> relays);
    std::vector<std::string> own_addresses() const;
    std::vector<std::string> own_relays() const;
    // This device's record, signed now if its content changed (or the device key did);
    // issued_ms strictly increases, also across restarts (the last one is kept in the file).
    Result<grove::net::v1::SignedAddressRecord> own_record(
        const crypto::SignPublicKey& device,
        const std::function<Result<crypto::Signature>(ByteView)>& sign, std::int64_t now_ms);

private:
    AddressBook() = default;
    void save_locked() const;

    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<crypto::SignPublicKey, DeviceAddresses> records_;
    std::uint64_t generation_ = 1;
    std::vector<std::function<void(const DeviceAddresses&)>> learned_;
    std::vector<std::string> own_addresses_;
    std::vector<std::string> own_relays_;
    std::optional<DeviceAddresses> own_;  // the last signed own record
};

}  // namespace grove::platform::net
