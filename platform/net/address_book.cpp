#include "net/address_book.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "crypto/primitives.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {

constexpr std::string_view kSignatureContext = "grove.addresses.v1";

Bytes signed_message(const std::string& record_bytes) {
    Bytes message = to_bytes(kSignatureContext);
    append(message, as_bytes(record_bytes));
    return message;
}

Result<void> check_list(const google::protobuf::RepeatedPtrField<std::string>& list,
                        std::size_t max, const char* what) {
    if (static_cast<std::size_t>(list.size()) > max)
        return make_error(
            ErrorCode::InvalidArgument,
            std::string("an address record with more than ") + std::to_string(max) + " " + what);
    for (const auto& a : list)
        if (!is_dialable_address(a))
            return make_error(ErrorCode::InvalidArgument,
                              std::string("an address record with a malformed ") + what +
                                  " entry (not HOST:PORT)");
    return {};
}

}  // namespace

bool is_dialable_address(const std::string& address) {
    if (address.empty() || address.size() > AddressLimits::kMaxAddressLength) return false;
    const auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) return false;
    const std::string host = address.substr(0, colon);
    const std::string port = address.substr(colon + 1);
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return false;
    const long p = std::stol(port);
    if (p < 1 || p > 65535) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
    });
}

Result<nv::SignedAddressRecord> sign_address_record(
    const nv::AddressRecord& record,
    const std::function<Result<crypto::Signature>(ByteView)>& sign) {
    nv::SignedAddressRecord out;
    if (!record.SerializeToString(out.mutable_record()))
        return make_error(ErrorCode::Internal, "cannot encode an address record");
    auto signature = sign(signed_message(out.record()));
    if (!signature.ok()) return signature.error();
    out.set_signature(to_string(ByteView(*signature)));
    return out;
}

Result<DeviceAddresses> verify_address_record(const nv::SignedAddressRecord& signed_record,
                                              std::int64_t now_ms) {
    if (signed_record.record().size() > AddressLimits::kMaxRecordBytes)
        return make_error(ErrorCode::InvalidArgument, "an oversized address record");
    if (signed_record.signature().empty())
        return make_error(ErrorCode::Unauthenticated, "an unsigned address record");
    nv::AddressRecord record;
    if (!record.ParseFromString(signed_record.record()))
        return make_error(ErrorCode::InvalidArgument, "an address record that does not decode");
    auto device = fixed_from<crypto::kSignPublicKeySize>(as_bytes(record.device()));
    if (!device)
        return make_error(ErrorCode::InvalidArgument, "an address record without a device key");
    GROVE_TRY(check_list(record.addresses(), AddressLimits::kMaxAddresses, "address"));
    GROVE_TRY(check_list(record.relays(), AddressLimits::kMaxRelays, "relay"));
    if (record.issued_ms() > now_ms + AddressLimits::kMaxFutureMs)
        return make_error(ErrorCode::InvalidArgument, "an address record issued in the future");
    if (record.issued_ms() < now_ms - AddressLimits::kMaxAgeMs)
        return make_error(ErrorCode::InvalidArgument, "an address record too old to use");
    if (!crypto::verify(*device, signed_message(signed_record.record()),
                        as_bytes(signed_record.signature())))
        return make_error(ErrorCode::Unauthenticated,
                          "an address record whose signature is not its device's");
    DeviceAddresses out;
    out.device = *device;
    out.addresses.assign(record.addresses().begin(), record.addresses().end());
    out.relays.assign(record.relays().begin(), record.relays().end());
    out.issued_ms = record.issued_ms();
    out.signed_record = signed_record;
    return out;
}

std::shared_ptr<AddressBook> AddressBook::in_memory() {
    return std::shared_ptr<AddressBook>(new AddressBook());
}

std::shared_ptr<AddressBook> AddressBook::open(std::filesystem::path file) {
    auto book = std::shared_ptr<AddressBook>(new AddressBook());
    book->file_ = std::move(file);
    std::ifstream in(book->file_, std::ios::binary);
    if (!in) return book;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    nv::AddressRecords stored;
    if (bytes.size() > AddressLimits::kMaxDevices * AddressLimits::kMaxRecordBytes ||
        !stored.ParseFromString(bytes))
        return book;  // unreadable: start empty (the records are learned again from members)
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (const auto& r : stored.records()) {
        auto verified = verify_address_record(r, now);
        if (!verified.ok()) continue;
        auto& slot = book->records_[verified->device];
        if (slot.issued_ms < verified->issued_ms) slot = std::move(verified).value();
    }
    return book;
}

void AddressBook::save_locked() const {
    if (file_.empty()) return;
    nv::AddressRecords out;
    for (const auto& [device, r] : records_) *out.add_records() = r.signed_record;
    std::string bytes;
    if (!out.SerializeToString(&bytes)) return;
    const auto tmp = file_.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ok = ::fsync(fd) == 0 && ok;
    ::close(fd);
    if (ok)
        std::filesystem::rename(tmp, file_);
    else
        std::filesystem::remove(tmp);
}

Result<AddressBook::Outcome> AddressBook::accept(
    const nv::SignedAddressRecord& signed_record,
    const std::function<bool(const crypto::SignPublicKey&)>& is_member, std::int64_t now_ms) {
    auto verified = verify_address_record(signed_record, now_ms);
    if (!verified.ok()) return verified.error();
    if (!is_member(verified->device))
        return make_error(ErrorCode::PermissionDenied,
                          "an address record of a device that shares no space with this one");
    std::vector<std::function<void(const DeviceAddresses&)>> callbacks;
    {
        std::lock_guard lock(mutex_);
        auto it = records_.find(verified->device);
        if (it != records_.end() && it->second.issued_ms >= verified->issued_ms)
            return Outcome::Stale;
        if (it == records_.end() && records_.size() >= AddressLimits::kMaxDevices) {
            auto oldest = std::min_element(records_.begin(), records_.end(), [](auto& a, auto& b) {
                return a.second.issued_ms < b.second.issued_ms;
            });
            records_.erase(oldest);
        }
        records_[verified->device] = *verified;
        ++generation_;
        save_locked();
        callbacks = learned_;
    }
    for (auto& c : callbacks) c(*verified);
    return Outcome::Stored;
}

std::vector<DeviceAddresses> AddressBook::devices() const {
    std::lock_guard lock(mutex_);
    std::vector<DeviceAddresses> out;
    for (const auto& [device, r] : records_) out.push_back(r);
    return out;
}

std::optional<DeviceAddresses> AddressBook::find(const crypto::SignPublicKey& device) const {
    std::lock_guard lock(mutex_);
    auto it = records_.find(device);
    if (it == records_.end()) return std::nullopt;
    return it->second;
}

std::uint64_t AddressBook::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void AddressBook::on_learned(std::function<void(const DeviceAddresses&)> callback) {
    std::lock_guard lock(mutex_);
    learned_.push_back(std::move(callback));
}

void AddressBook::set_own(std::vector<std::string> addresses, std::vector<std::string> relays) {
    std::lock_guard lock(mutex_);
    if (addresses == own_addresses_ && relays == own_relays_) return;
    own_addresses_ = std::move(addresses);
    own_relays_ = std::move(relays);
    ++generation_;  // links ask for the new record at their next pump
}

std::vector<std::string> AddressBook::own_addresses() const {
    std::lock_guard lock(mutex_);
    return own_addresses_;
}

std::vector<std::string> AddressBook::own_relays() const {
    std::lock_guard lock(mutex_);
    return own_relays_;
}

Result<nv::SignedAddressRecord> AddressBook::own_record(
    const crypto::SignPublicKey& device,
    const std::function<Result<crypto::Signature>(ByteView)>& sign, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto it = records_.find(device);
    if (it != records_.end() && it->second.addresses == own_addresses_ &&
        it->second.relays == own_relays_)
        return it->second.signed_record;
    nv::AddressRecord record;
    record.set_device(to_string(ByteView(device)));
    for (const auto& a : own_addresses_)
        if (is_dialable_address(a) && record.addresses_size() < int(AddressLimits::kMaxAddresses))
            record.add_addresses(a);
    for (const auto& r : own_relays_)
        if (is_dialable_address(r) && record.relays_size() < int(AddressLimits::kMaxRelays))
            record.add_relays(r);
    const std::int64_t last = it == records_.end() ? 0 : it->second.issued_ms;
    record.set_issued_ms(std::max(now_ms, last + 1));
    auto signed_record = sign_address_record(record, sign);
    if (!signed_record.ok()) return signed_record.error();
    DeviceAddresses mine;
    mine.device = device;
    mine.addresses = own_addresses_;
    mine.relays = own_relays_;
    mine.issued_ms = record.issued_ms();
    mine.signed_record = *signed_record;
    records_[device] = std::move(mine);
    ++generation_;
    save_locked();
    return signed_record;
}

}  // namespace grove::platform::net
