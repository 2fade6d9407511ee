// EventJournal: the recent events of one source (a tool instance, or every space of a peer) in
// order, each with an opaque cursor, so that a Watch can resume: everything after a cursor, then
// live.
#pragma once

#include <grove/sdk/result.h>

#include <charconv>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grove::sdk {

// Limits of one journal: it keeps the newest events up to both bounds.
struct JournalLimits {
    std::size_t max_events = 4096;
    std::size_t max_bytes = 16u << 20;
};

// `Event` is a copyable message; `size_of(event)` is its approximate size in bytes (for
// protobuf messages, ByteSizeLong()). Thread-safe: the source appends from its thread, watchers
// subscribe and leave from theirs.
//
// A cursor reads `<journal>.<n>`: the journal's random 64-bit id in hex (a fresh one every time a
// journal is made, so a cursor from before a restart, or of another source, is recognised) and
// the event's sequence number. Clients must treat it as opaque.
template <class Event>
class EventJournal {
public:
    struct Entry {
        std::string cursor;
        Event event;
    };
    using Sink = std::function<void(const Entry&)>;

    // What subscribe() hands back: the events after the cursor, the cursor a client would
    // resume from if nothing more happened, and the token to leave with.
    struct Subscription {
        std::vector<Entry> replay;
        std::string cursor_now;
        std::uint64_t token = 0;
    };

    explicit EventJournal(std::function<std::size_t(const Event&)> size_of,
                          JournalLimits limits = {})
        : size_of_(std::move(size_of)), limits_(limits), id_(random_id()) {}

    // Records `event` and hands it to every subscriber (under the journal's lock: a sink must be
    // quick and must not call back into the journal). Returns the event's cursor.
    std::string append(Event event) {
        std::lock_guard lock(mutex_);
        Entry entry{cursor_for(++last_seq_), std::move(event)};
        const std::size_t size = size_of_(entry.event) + entry.cursor.size();
        for (const auto& [token, subscriber] : sinks_) subscriber.sink(entry);
        entries_.push_back({last_seq_, size, std::move(entry)});
        bytes_ += size;
        while (!entries_.empty() &&
               (entries_.size() > limits_.max_events || bytes_ > limits_.max_bytes)) {
            bytes_ -= entries_.front().size;
            entries_.pop_front();
        }
        return entries_.empty() ? cursor_for(last_seq_) : entries_.back().entry.cursor;
    }

    // Subscribes `sink` to the events appended from now on and returns, atomically with that, the
    // retained events after `cursor` (an empty cursor: no replay, from now on). Send the replay
    // before anything the sink receives: every replayed event precedes every live one.
    // `on_close` runs (once) when the source closes. Errors: InvalidArgument for a malformed
    // cursor or one this journal never issued; FailedPrecondition for a cursor of another journal
    // (another source, or from before a restart) or older than the retained events; NotFound
    // once the source has closed.
    Result<Subscription> subscribe(std::string_view cursor, Sink sink,
                                   std::function<void()> on_close = {}) {
        std::lock_guard lock(mutex_);
        if (closed_) return make_error(ErrorCode::NotFound, "the source of these events is gone");
        Subscription out;
        if (!cursor.empty()) {
            auto seq = parse(cursor);
            if (!seq) return seq.error();
            const std::uint64_t first_kept =
                entries_.empty() ? last_seq_ + 1 : entries_.front().seq;
            if (*seq + 1 < first_kept)
                return make_error(ErrorCode::FailedPrecondition,
                                  "the cursor is older than the " +
                                      std::to_string(entries_.size()) +
                                      " events kept; list again and watch from the new cursor");
            for (const auto& kept : entries_)
                if (kept.seq > *seq) out.replay.push_back(kept.entry);
        }
        out.cursor_now = cursor_for(last_seq_);
        out.token = ++next_token_;
        sinks_.emplace(out.token, Subscriber{std::move(sink), std::move(on_close)});
        return out;
    }

    // After it returns, the sink of `token` is not running and is never called again.
    void unsubscribe(std::uint64_t token) {
        std::lock_guard lock(mutex_);
        sinks_.erase(token);
    }

    // The source is gone: subscribers are told (on_close) and dropped; subscribing fails.
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        for (auto& [token, subscriber] : sinks_)
            if (subscriber.on_close) subscriber.on_close();
        sinks_.clear();
    }
    bool closed() const {
        std::lock_guard lock(mutex_);
        return closed_;
    }

    std::string cursor_now() const {
        std::lock_guard lock(mutex_);
        return cursor_for(last_seq_);
    }

    // Whether `cursor` has this journal's shape (for telling a stale cursor from garbage).
    static bool well_formed(std::string_view cursor) {
        const auto dot = cursor.find('.');
        if (dot != 16 || cursor.size() < 18 || cursor.size() > 37) return false;
        for (std::size_t i = 0; i < dot; ++i)
            if (!is_hex_digit(cursor[i])) return false;
        for (std::size_t i = dot + 1; i < cursor.size(); ++i)
            if (cursor[i] < '0' || cursor[i] > '9') return false;
        return true;
    }

private:
    struct Subscriber {
        Sink sink;
        std::function<void()> on_close;
    };
    struct Kept {
        std::uint64_t seq;
        std::size_t size;
        Entry entry;
    };

    static bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

    static std::string random_id() {
        std::random_device device;
        const std::uint64_t value = (std::uint64_t{device()} << 32) ^ device();
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out(16, '0');
        for (int i = 0; i < 16; ++i) out[15 - i] = kDigits[(value >> (4 * i)) & 0xf];
        return out;
    }

    std::string cursor_for(std::uint64_t seq) const { return id_ + "." + std::to_string(seq); }

    Result<std::uint64_t> parse(std::string_view cursor) const {
        if (!well_formed(cursor))
            return make_error(ErrorCode::InvalidArgument,
                              "malformed cursor (pass back a cursor exactly as it was received)");
        if (cursor.substr(0, 16) != id_)
            return make_error(ErrorCode::FailedPrecondition,
                              "the cursor is from before a restart, or of another stream; list "
                              "again and watch from the new cursor");
        std::uint64_t seq = 0;
        const auto digits = cursor.substr(17);
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
        if (error != std::errc() || end != digits.data() + digits.size() || seq > last_seq_)
            return make_error(ErrorCode::InvalidArgument, "this stream never issued that cursor");
        return seq;
    }

    mutable std::mutex mutex_;
    std::function<std::size_t(const Event&)> size_of_;
    JournalLimits limits_;
    std::string id_;
    std::uint64_t last_seq_ = 0;
    std::deque<Kept> entries_;
    std::size_t bytes_ = 0;
    std::map<std::uint64_t, Subscriber> sinks_;
    bool closed_ = false;
    std::uint64_t next_token_ = 0;
};

}  // namespace grove::sdk
