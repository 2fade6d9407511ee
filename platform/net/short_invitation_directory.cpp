#include "net/short_invitation_directory.h"

#include <algorithm>

#include "core/short_invitation_seal.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

std::string source_host(const std::string& peer) {
    std::string s = peer;
    for (const char* scheme : {"ipv4:", "ipv6:", "unix:"})
        if (s.rfind(scheme, 0) == 0) s = s.substr(std::string(scheme).size());
    auto colon = s.rfind(':');
    if (colon != std::string::npos && s.find(']') == std::string::npos &&
        s.find(':') != colon)  // a bare IPv6 address without a port
        return s;
    if (colon != std::string::npos) s = s.substr(0, colon);
    if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    return s;
}

ShortInvitationDirectory::ShortInvitationDirectory(ShortInvitationLimits limits,
                                                   std::function<std::int64_t()> now_ms)
    : limits_(limits), now_ms_(now_ms ? std::move(now_ms) : system_now_ms) {}

bool ShortInvitationDirectory::valid_locator(const std::string& locator) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    return locator.size() == kShortCodeLocatorSymbols &&
           std::all_of(locator.begin(), locator.end(),
                       [](char c) { return kAlphabet.find(c) != std::string_view::npos; });
}

void ShortInvitationDirectory::expire(std::int64_t now) {
    std::erase_if(entries_, [&](const auto& e) {
        return e.second.expires_ms + limits_.keep_after_expiry_ms < now;
    });
}

Result<void> ShortInvitationDirectory::file(const nv::ShortInvitationDeposit& deposit,
                                            const std::string& depositor) {
    if (!valid_locator(deposit.locator()))
        return make_error(ErrorCode::InvalidArgument, "a locator is 4 Crockford base32 symbols");
    if (!deposit.withdrawn()) {
        nv::ShortInvitationSealed sealed;
        if (deposit.sealed().empty() ||
            deposit.sealed().size() > kMaxSealedShortInvitationBytes ||
            !sealed.ParseFromString(deposit.sealed()))
            return make_error(ErrorCode::InvalidArgument, "a deposit's sealed invitation is malformed");
    }
    const std::int64_t now = now_ms_();
    if (deposit.expires_ms() <= now)
        return make_error(ErrorCode::InvalidArgument, "the invitation has expired already");
    std::lock_guard lock(mutex_);
    expire(now);
    auto it = entries_.find(deposit.locator());
    if (it != entries_.end() && it->second.depositor != depositor)
        return make_error(ErrorCode::AlreadyExists, "another device filed an invitation there");
    if (it == entries_.end()) {
        if (entries_.size() >= limits_.max_entries)
            return make_error(ErrorCode::ResourceExhausted, "the directory is full");
        if (!depositor.empty() && !deposit.withdrawn()) {
            std::size_t live = 0;
            for (const auto& [l, e] : entries_)
                if (e.depositor == depositor && !e.withdrawn && e.expires_ms > now) ++live;
            if (live >= limits_.max_per_depositor)
                return make_error(ErrorCode::ResourceExhausted,
                                  "this device has filed " +
                                      std::to_string(limits_.max_per_depositor) +
                                      " invitations already");
        }
    }
    Entry& e = entries_[deposit.locator()];
    if (e.withdrawn) return {};  // a withdrawal is final
    e.depositor = depositor;
    e.space_id = deposit.space_id();
    e.expires_ms = deposit.expires_ms();
    e.withdrawn = deposit.withdrawn();
    e.sealed = deposit.withdrawn() ? std::string{} : deposit.sealed();
    if (depositor.empty()) ++generation_;
    return {};
}

std::vector<nv::ShortInvitationDeposit> ShortInvitationDirectory::own_deposits() const {
    std::lock_guard lock(mutex_);
    const std::int64_t now = now_ms_();
    std::vector<nv::ShortInvitationDeposit> out;
    for (const auto& [locator, e] : entries_) {
        if (!e.depositor.empty() || e.expires_ms <= now) continue;
        nv::ShortInvitationDeposit d;
        d.set_locator(locator);
        d.set_expires_ms(e.expires_ms);
        d.set_withdrawn(e.withdrawn);
        d.set_space_id(e.space_id);
        if (!e.withdrawn) d.set_sealed(e.sealed);
        out.push_back(std::move(d));
    }
    return out;
}

void ShortInvitationDirectory::withdraw(const std::string& locator) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(locator);
    if (it == entries_.end() || !it->second.depositor.empty()) return;
    if (it->second.withdrawn) return;
    it->second.withdrawn = true;
    it->second.sealed.clear();
    ++generation_;
}

std::uint64_t ShortInvitationDirectory::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void ShortInvitationDirectory::set_usable_check(UsableCheck check) {
    std::lock_guard lock(mutex_);
    usable_ = std::move(check);
}

void ShortInvitationDirectory::refresh_own() {
    std::vector<std::string> live;
    UsableCheck usable;
    {
        std::lock_guard lock(mutex_);
        if (!usable_) return;
        usable = usable_;
        const std::int64_t now = now_ms_();
        for (const auto& [locator, e] : entries_)
            if (e.depositor.empty() && !e.withdrawn && e.expires_ms > now) live.push_back(locator);
    }
    for (const auto& locator : live)
        if (!usable(locator)) withdraw(locator);
}

bool ShortInvitationDirectory::admit_lookup(const std::string& source, std::int64_t now) {
    while (!recent_lookups_.empty() &&
           recent_lookups_.front().first + limits_.window.count() <= now)
        recent_lookups_.pop_front();
    if (recent_lookups_.size() >= limits_.lookups_overall) return false;
    const std::string host = source_host(source);
    const auto from_source = std::count_if(recent_lookups_.begin(), recent_lookups_.end(),
                                           [&](const auto& r) { return r.second == host; });
    if (static_cast<std::size_t>(from_source) >= limits_.lookups_per_source) return false;
    recent_lookups_.emplace_back(now, host);
    return true;
}

ShortInvitationDirectory::Answer ShortInvitationDirectory::lookup(const std::string& locator,
                                                                  const std::string& source) {
    Answer answer;
    answer.set_locator(locator);
    UsableCheck usable;
    bool own = false;
    {
        std::lock_guard lock(mutex_);
        const std::int64_t now = now_ms_();
        if (!admit_lookup(source, now)) {
            answer.set_status(Answer::RATE_LIMITED);
            return answer;
        }
        expire(now);
        auto it = valid_locator(locator) ? entries_.find(locator) : entries_.end();
        if (it == entries_.end()) {
            answer.set_status(Answer::UNKNOWN);
            return answer;
        }
        if (it->second.withdrawn) {
            answer.set_status(Answer::WITHDRAWN);
            return answer;
        }
        if (it->second.expires_ms <= now) {
            answer.set_status(Answer::EXPIRED);
            return answer;
        }
        answer.set_status(Answer::FOUND);
        answer.set_sealed(it->second.sealed);
        own = it->second.depositor.empty();
        usable = usable_;
    }
    // Outside the lock: the check reads the Peer's state.
    if (own && usable && !usable(locator)) {
        withdraw(locator);
        answer.clear_sealed();
        answer.set_status(Answer::WITHDRAWN);
    }
    return answer;
}

std::size_t ShortInvitationDirectory::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace grove::platform::net
