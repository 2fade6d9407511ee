// Idempotent mutating calls (Google AIP-155): a client-chosen request_id makes a retry return the
// first call's result instead of doing the work twice; reusing one for another request is refused.
#pragma once

#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace grove::sdk {

struct IdempotencyLimits {
    std::chrono::seconds keep{24 * 3600};  // a key is remembered this long after its call
    std::size_t max_keys = 10000;          // then the oldest are forgotten first…
    std::size_t max_bytes = 32u << 20;     // …also when their stored answers exceed this
};

// One per service; thread-safe. Keys live in memory: they do not survive a restart.
class IdempotencyKeys {
public:
    explicit IdempotencyKeys(IdempotencyLimits limits = {}) : limits_(limits) {}

    static constexpr std::size_t kMaxRequestIdBytes = 128;

    // Runs `work` (which fills `response` and returns its status) at most once per
    // (scope, request_id). `scope` names the method and what it acts on; `fingerprint` is the
    // request without its request_id (e.g. its serialization with the field cleared).
    // - empty request_id: just runs `work`;
    // - a request_id seen with the same fingerprint: `response` gets the first answer, OK;
    // - seen with another fingerprint: ALREADY_EXISTS;
    // - the first call still running: ABORTED (retry);
    // - longer than 128 bytes or with control characters: INVALID_ARGUMENT.
    // Only successful answers are kept: after an error the same request_id runs again.
    template <class Response>
    grpc::Status run(std::string_view scope, const std::string& request_id,
                     const std::string& fingerprint, Response& response,
                     const std::function<grpc::Status()>& work) {
        if (request_id.empty()) return work();
        if (request_id.size() > kMaxRequestIdBytes)
            return {grpc::StatusCode::INVALID_ARGUMENT, "request_id is longer than 128 bytes"};
        for (unsigned char c : request_id)
            if (c < 0x20 || c == 0x7f)
                return {grpc::StatusCode::INVALID_ARGUMENT,
                        "request_id has control characters (a UUID is recommended)"};
        const std::string key = std::string(scope) + '\n' + request_id;
        const std::string print = digest(fingerprint);
        {
            std::lock_guard lock(mutex_);
            expire_locked(std::chrono::steady_clock::now());
            auto it = entries_.find(key);
            if (it != entries_.end()) {
                if (it->second.fingerprint != print)
                    return {grpc::StatusCode::ALREADY_EXISTS,
                            "request_id was already used for a different request"};
                if (it->second.running)
                    return {grpc::StatusCode::ABORTED,
                            "a request with this request_id is still running; retry"};
                if (!response.ParseFromString(it->second.answer))
                    return {grpc::StatusCode::INTERNAL, "cannot decode the stored answer"};
                return grpc::Status::OK;
            }
            entries_.emplace(key, Entry{print, {}, true, {}});
        }
        grpc::Status status = work();
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end()) return status;
        if (!status.ok()) {
            entries_.erase(it);
            return status;
        }
        it->second.running = false;
        it->second.answer = response.SerializeAsString();
        bytes_ += it->second.answer.size() + key.size();
        order_.push_back({std::chrono::steady_clock::now(), key});
        it->second.position = std::prev(order_.end());
        expire_locked(std::chrono::steady_clock::now());
        return status;
    }

private:
    struct Done {
        std::chrono::steady_clock::time_point at;
        std::string key;
    };
    struct Entry {
        std::string fingerprint;
        std::string answer;
        bool running = false;
        std::list<Done>::iterator position;
    };

    // Two FNV-1a 64-bit hashes with different offsets: 128 bits telling requests apart.
    static std::string digest(std::string_view data) {
        std::uint64_t a = 14695981039346656037ull, b = 0x84222325cbf29ce4ull;
        for (unsigned char c : data) {
            a = (a ^ c) * 1099511628211ull;
            b = (b ^ c) * 1099511628211ull;
        }
        std::string out(16, '\0');
        for (int i = 0; i < 8; ++i) {
            out[i] = static_cast<char>(a >> (8 * i));
            out[8 + i] = static_cast<char>(b >> (8 * i));
        }
        return out;
    }

    void expire_locked(std::chrono::steady_clock::time_point now) {
        while (!order_.empty() &&
               (now - order_.front().at > limits_.keep || order_.size() > limits_.max_keys ||
                bytes_ > limits_.max_bytes)) {
            auto it = entries_.find(order_.front().key);
            if (it != entries_.end()) {
                bytes_ -= it->second.answer.size() + it->first.size();
                entries_.erase(it);
            }
            order_.pop_front();
        }
    }

    IdempotencyLimits limits_;
    std::mutex mutex_;
    std::map<std::string, Entry> entries_;
    std::list<Done> order_;  // finished calls, oldest first
    std::size_t bytes_ = 0;
};

}  // namespace grove::sdk
