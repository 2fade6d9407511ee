// grove_sync_node: a scriptable Grove peer process for multi-process tests and benchmarks.
// Usage: grove_sync_node --profile DIR [--listen A] [--peer A]… [--relay A]… [--close-join-links]
// (a joined peer is then not kept linked: only --peer and --relay sync); then one command per
// line on stdin (space NAME | invite SPACE | join CODE | post SPACE TEXT | burst SPACE N BATCH |
// status SPACE | count SPACE | quit); each answers one line "ok …" or "err …" on stdout.
#include <iostream>
#include <sstream>

#include "core/space_journal.h"
#include "net/peer_node.h"

using namespace grove;
using namespace grove::platform;

namespace {
std::string arg(int& i, int argc, char** argv) { return i + 1 < argc ? argv[++i] : ""; }
}  // namespace

int main(int argc, char** argv) {
    std::string profile;
    platform::net::PeerNodeOptions options;
    options.tick = std::chrono::milliseconds(500);
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--profile") profile = arg(i, argc, argv);
        else if (a == "--listen") options.listen = arg(i, argc, argv);
        else if (a == "--peer") options.peers.push_back(arg(i, argc, argv));
        else if (a == "--relay") options.relays.push_back(arg(i, argc, argv));
        else if (a == "--close-join-links") options.keep_join_link = false;
    }
    PeerOptions peer_options;
    peer_options.kdf = crypto::KdfParams::minimum();
    auto peer = Peer::open(profile, std::move(peer_options));
    if (!peer.ok()) {
        std::cout << "err " << peer.error().message << std::endl;
        return 1;
    }
    if ((*peer)->account_state() == AccountState::NoAccount) {
        auto made = (*peer)->create_account("node", "correct horse battery");
        if (!made.ok()) return std::cout << "err " << made.error().message << std::endl, 1;
    } else if (!(*peer)->unlock("correct horse battery").ok()) {
        return std::cout << "err cannot unlock" << std::endl, 1;
    }
    auto node = platform::net::PeerNode::start(**peer, options);
    if (!node.ok()) return std::cout << "err " << node.error().message << std::endl, 1;
    std::cout << "listening " << (*node)->listen_address() << std::endl;

    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string cmd, space;
        in >> cmd;
        if (cmd == "quit") break;
        if (cmd == "space") {
            std::string name;
            in >> name;
            auto s = (*peer)->create_space(name);
            std::cout << (s.ok() ? "ok " + s->id : "err " + s.error().message) << std::endl;
        } else if (cmd == "invite") {
            in >> space;
            std::vector<std::string> addresses;
            if (!(*node)->listen_address().empty()) addresses.push_back((*node)->listen_address());
            for (const auto& r : options.relays) addresses.push_back(r);
            auto inv = (*peer)->create_invitation(space, Role::Participant,
                                                  (*peer)->now_ms() + 86'400'000, addresses);
            std::cout << (inv.ok() ? "ok " + inv->code : "err " + inv.error().message) << std::endl;
        } else if (cmd == "join") {
            std::string code;
            in >> code;
            auto j = (*node)->join(code, std::chrono::seconds(30));
            std::cout << (j.ok() ? "ok " + j->id : "err " + j.error().message) << std::endl;
        } else if (cmd == "post") {
            std::string text;
            in >> space;
            std::getline(in, text);
            auto m = (*peer)->post_chat(space, text.empty() ? "x" : text);
            std::cout << (m.ok() ? "ok " + m->id : "err " + m.error().message) << std::endl;
        } else if (cmd == "burst") {
            // N chat posts written in batches of BATCH deltas (one transaction, one signature each).
            std::size_t n = 0, batch = 1;
            in >> space >> n >> batch;
            auto& journal = (*peer)->journal();
            std::size_t done = 0;
            std::string error;
            auto summary = (*peer)->get_space(space);
            if (!summary.ok()) error = summary.error().message;
            const SpaceId id =
                summary.ok() ? *fixed_from<kSpaceIdSize>(*from_hex(summary->id)) : SpaceId{};
            while (done < n && error.empty()) {
                std::size_t k = std::min(batch, n - done);
                std::vector<Space::Draft> drafts;
                for (std::size_t i = 0; i < k; ++i) {
                    grove::space::v1::ChatOp op;
                    op.mutable_post()->set_text("burst " + std::to_string(done + i) + " " +
                                                std::to_string((*peer)->now_ms()));
                    drafts.push_back({grove::wire::v1::DELTA_KIND_CHAT, {},
                                      to_bytes(op.SerializeAsString())});
                }
                auto written = journal.mutate(
                    id, [&](Space& s, std::vector<SpaceEvent>& events) -> grove::Result<void> {
                        auto ids = journal.submit(s, drafts, events);
                        if (!ids.ok()) return ids.error();
                        return {};
                    });
                if (!written.ok()) {
                    error = written.error().message;
                    break;
                }
                done += k;
            }
            std::cout << (error.empty() ? "ok " + std::to_string(done) : "err " + error) << std::endl;
        } else if (cmd == "status") {
            in >> space;
            auto st = (*peer)->sync_status(space);
            if (!st.ok()) std::cout << "err " << st.error().message << std::endl;
            else
                std::cout << "ok " << st->heads_digest << " " << st->state_digest << " "
                          << st->delta_count << " " << st->pending << std::endl;
        } else if (cmd == "count") {
            in >> space;
            auto chat = (*peer)->list_chat(space);
            std::cout << (chat.ok() ? "ok " + std::to_string(chat->size()) : "err " + chat.error().message)
                      << std::endl;
        } else {
            std::cout << "err unknown command" << std::endl;
        }
    }
    (*node)->stop();
    return 0;
}
