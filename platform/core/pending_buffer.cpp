#include "core/pending_buffer.h"

#include <algorithm>

namespace grove::platform {

namespace {
std::size_t footprint(const DecodedDelta& d) {
    return d.sealed.header().size() + d.sealed.ciphertext().size() + 256;
}
}  // namespace

std::size_t PendingBuffer::author_max_deltas() const {
    return std::max<std::size_t>(1, max_deltas_ / kAuthorShare);
}
std::size_t PendingBuffer::author_max_bytes() const {
    return std::max<std::size_t>(1, max_bytes_ / kAuthorShare);
}
std::size_t PendingBuffer::stranger_max_deltas() const {
    return std::max<std::size_t>(1, max_deltas_ / kStrangerShare);
}
std::size_t PendingBuffer::stranger_max_bytes() const {
    return std::max<std::size_t>(1, max_bytes_ / kStrangerShare);
}

std::size_t PendingBuffer::held_by(const crypto::SignPublicKey& author) const {
    auto it = authors_.find(author);
    return it == authors_.end() ? 0 : it->second.keys.size();
}

void PendingBuffer::erase(Key key) {
    auto it = held_.find(key);
    if (it == held_.end()) return;
    const crypto::SignPublicKey author = std::get<1>(key);
    auto a = authors_.find(author);
    by_count_.erase({a->second.keys.size(), author});
    a->second.keys.erase(key);
    a->second.bytes -= it->second.size;
    if (a->second.keys.empty()) authors_.erase(a);
    else by_count_.insert({a->second.keys.size(), author});
    bytes_ -= it->second.size;
    if (!it->second.member) {
        --stranger_deltas_;
        stranger_bytes_ -= it->second.size;
    }
    held_.erase(it);
}

bool PendingBuffer::evict_for(const crypto::SignPublicKey& author, std::size_t own, bool member) {
    // The largest holder of the class that may lose a delta: any stranger for a member (then,
    // with no stranger left, any member); only another stranger for a stranger.
    for (auto it = by_count_.rbegin(); it != by_count_.rend(); ++it) {
        const auto& [count, largest] = *it;
        const auto& a = authors_.at(largest);
        if (a.member && (!member || stranger_deltas_ > 0)) continue;
        if (member && !a.member) {
            erase(*a.keys.rbegin());
            return true;
        }
        // Same class: only from one holding more than this author would after adding.
        if (largest == author || count <= own + 1) return false;
        erase(*a.keys.rbegin());
        return true;
    }
    return false;
}

bool PendingBuffer::add(DecodedDelta delta, bool member) {
    Key key{delta.header.lamport(), delta.author, delta.seq, delta.id};
    if (held_.count(key)) return true;
    const std::size_t size = footprint(delta);
    auto found = authors_.find(delta.author);
    const std::size_t own = found == authors_.end() ? 0 : found->second.keys.size();
    const std::size_t own_bytes = found == authors_.end() ? 0 : found->second.bytes;
    // A device's membership is decided per delta; an author seen as both keeps its first class.
    if (found != authors_.end()) member = found->second.member;
    if (own + 1 > author_max_deltas() || own_bytes + size > author_max_bytes()) return false;
    if (!member && (stranger_deltas_ + 1 > stranger_max_deltas() ||
                    stranger_bytes_ + size > stranger_max_bytes()))
        return false;
    while (held_.size() + 1 > max_deltas_ || bytes_ + size > max_bytes_)
        if (!evict_for(delta.author, own, member)) return false;
    auto& a = authors_[delta.author];
    if (a.keys.empty()) a.member = member;
    else by_count_.erase({a.keys.size(), delta.author});
    a.keys.insert(key);
    a.bytes += size;
    by_count_.insert({a.keys.size(), delta.author});
    bytes_ += size;
    if (!member) {
        ++stranger_deltas_;
        stranger_bytes_ += size;
    }
    held_.emplace(std::move(key), Entry{std::move(delta), size, member});
    return true;
}

std::vector<DecodedDelta> PendingBuffer::take_all() {
    std::vector<DecodedDelta> out;
    out.reserve(held_.size());
    for (auto& [key, e] : held_) out.push_back(std::move(e.delta));
    held_.clear();
    authors_.clear();
    by_count_.clear();
    bytes_ = 0;
    stranger_deltas_ = 0;
    stranger_bytes_ = 0;
    return out;
}

}  // namespace grove::platform
