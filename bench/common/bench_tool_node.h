// BenchToolNode: one whole peer for tool benchmarks — a Peer in a scratch directory, its tool host
// on its own thread (the real plugins), and a PeerNode listening on loopback — plus the bytes a
// directory holds. Shared by the benchmarks that replicate a tool between two real peers.
#pragma once

#include <stdlib.h>

#include <QObject>
#include <QVariant>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/peer.h"
#include "core/tool_host_thread.h"
#include "net/peer_node.h"
#include "toolhost/toolhost.h"

namespace grove::bench {

struct BenchToolNode {
    std::filesystem::path dir;
    std::unique_ptr<platform::Peer> peer;
    std::unique_ptr<platform::ToolHostThread> tools;
    std::unique_ptr<platform::net::PeerNode> node;

    // An account `name` on a fresh profile under /tmp, tools from `tool_dir`, listening on
    // 127.0.0.1 (any port). Aborts on failure: a benchmark has no way on without its peer.
    BenchToolNode(const std::string& name, const std::filesystem::path& tool_dir) {
        char templ[] = "/tmp/grove-bench-XXXXXX";
        dir = ::mkdtemp(templ);
        platform::PeerOptions peer_options;
        peer_options.kdf = platform::crypto::KdfParams::minimum();
        peer = std::move(platform::Peer::open(dir / "p", std::move(peer_options))).value();
        platform::ToolHostOptions options;
        options.search_path = {tool_dir};
        tools = std::make_unique<platform::ToolHostThread>(std::move(options));
        tools->attach(*peer);
        (void)peer->create_account(name, "correct horse battery");
        platform::net::PeerNodeOptions node_options;
        node_options.listen = "127.0.0.1:0";
        node = std::move(platform::net::PeerNode::start(*peer, node_options)).value();
    }
    ~BenchToolNode() {
        node->stop();
        node.reset();
        tools.reset();
        peer.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    BenchToolNode(const BenchToolNode&) = delete;
    BenchToolNode& operator=(const BenchToolNode&) = delete;

    // The instance's model, fetched on the tool thread (null when it is not running).
    QObject* model(const platform::InstanceAddress& address) {
        QObject* found = nullptr;
        tools->call([&] { found = tools->host().model(address); });
        return found;
    }
    QVariant property(QObject* model, const char* name) {
        QVariant value;
        tools->call([&] { value = model->property(name); });
        return value;
    }
    std::optional<sdk::Digest> digest(const platform::InstanceAddress& address) {
        std::optional<sdk::Digest> out;
        tools->call([&] {
            auto digest = tools->host().digest(address);
            if (digest) out = *digest;
        });
        return out;
    }
};

// Bytes in the regular files under `dir` (what a profile stores).
inline std::uint64_t directory_bytes(const std::filesystem::path& dir) {
    std::uint64_t total = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) total += entry.file_size();
    return total;
}

}  // namespace grove::bench
