// Helpers shared by the replication tests: temporary profiles with unlocked accounts, and
// bounded waiting. Kept small so each test file reads on its own.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/peer.h"
#include "crypto/primitives.h"
#include "grove_test/temp_dir.h"

namespace grove::test {

struct TestAccount {
    std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();
    std::unique_ptr<platform::Peer> peer;
    std::string name;
};

inline TestAccount make_account(const std::string& name) {
    TestAccount a;
    a.name = name;
    auto peer = platform::Peer::open(a.dir->path() / "profile");
    EXPECT_TRUE(peer.ok()) << peer.error().message;
    a.peer = std::move(peer).value();
    auto info = a.peer->create_account(name, "correct horse battery");
    EXPECT_TRUE(info.ok()) << info.error().message;
    return a;
}

// Polls `done` until it holds or `timeout` passes; returns whether it held.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

inline std::int64_t in_days(int days) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           std::int64_t{days} * 86'400'000;
}

}  // namespace grove::test
