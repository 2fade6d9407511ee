// Every peer-link message a SyncSession handles — SpaceHello, Deltas, Ack, JoinRequest,
// JoinResponse, Notice, Ping — in any order, from Bob (a member) or from a stranger's device,
// against Ada's real Replicator and space; the session's pump and tick run between messages.
// Bad content may be refused, but never crashes, and what the session sends parses.
//
// Input: a mode byte (bit 0: the other end is a relay; bit 1: it is a stranger, not Bob), then
// length-delimited LinkMessages (fuzz_support.h).
#include "crypto/primitives.h"
#include "fuzz_support.h"
#include "net/sync_session.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

namespace {

const crypto::Hash& binding() {
    static const crypto::Hash b = [] {
        crypto::Hash h{};
        for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(i * 7 + 1);
        return h;
    }();
    return b;
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    World& w = World::get();
    Replicator ada(*w.ada), bob(*w.bob);
    // What Bob's own session sends Ada first: his hellos, then deltas once he knows her vector.
    std::vector<nv::LinkMessage> from_bob;
    pn::SyncSession bs(bob, ada.device(), binding(),
                       [&](nv::LinkMessage&& m) { from_bob.push_back(std::move(m)); });
    (void)bs.pump();
    nv::LinkMessage empty_hello;
    empty_hello.mutable_hello()->set_space_id(to_string(w.space));
    (void)bs.handle(empty_hello);
    (void)bs.pump();
    std::vector<std::string> records;
    for (const auto& m : from_bob) records.push_back(m.SerializeAsString());
    // New deltas by Bob (a chat post, a rename he may not make) and an ack.
    nv::LinkMessage fresh;
    fresh.mutable_deltas()->set_space_id(to_string(w.space));
    grove::space::v1::ChatOp post;
    post.mutable_post()->set_text("fuzz");
    grove::space::v1::SpaceOp rename;
    rename.mutable_rename()->set_name("mine now");
    for (const auto& d : w.bob_authors({{grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(post.SerializeAsString())},
                                        {grove::wire::v1::DELTA_KIND_SPACE, {}, to_bytes(rename.SerializeAsString())}}))
        *fresh.mutable_deltas()->add_deltas() = d.sealed;
    records.push_back(fresh.SerializeAsString());
    nv::LinkMessage ack;
    ack.mutable_ack()->set_space_id(to_string(w.space));
    auto info = bob.info(w.space);
    if (info.ok()) vector_to_proto(info->vector, ack.mutable_ack()->mutable_vector());
    records.push_back(ack.SerializeAsString());
    seeds.add(std::string(1, '\0') + join_records(records));
    // A join request for a fresh invitation (made in the shared world), bound to this link.
    auto code = w.invitation();
    auto req = bob.make_join_request(code, binding());
    if (req.ok()) {
        nv::LinkMessage m;
        *m.mutable_join_request() = *req;
        seeds.add(std::string(1, '\0') + join_records({m.SerializeAsString()}));
        seeds.add(std::string(1, '\2') + join_records({m.SerializeAsString()}));
    }
    nv::LinkMessage resp, notice, ping;
    resp.mutable_join_response()->set_space_id(to_string(w.space));
    resp.mutable_join_response()->set_error("no");
    notice.mutable_notice()->set_message("quota");
    notice.mutable_notice()->set_code(9);
    ping.mutable_ping()->set_id(1);
    seeds.add(std::string(1, '\1') + join_records({resp.SerializeAsString(), notice.SerializeAsString(),
                                                   ping.SerializeAsString(), std::string()}));
    // From a relay (flag 1): a refusal of the space, then its hello and an ack naming a roster
    // digest (the member may answer with its roster).
    nv::LinkMessage refusal, relay_hello, relay_ack;
    refusal.mutable_refusal()->set_space_id(to_string(w.space));
    refusal.mutable_refusal()->set_reason(nv::REFUSAL_NO_ROSTER);
    refusal.mutable_refusal()->set_message("no roster\x1b[2J");
    refusal.mutable_refusal()->set_deltas(3);
    relay_hello.mutable_hello()->set_space_id(to_string(w.space));
    relay_hello.mutable_hello()->set_roster_digest(std::string(32, 'd'));
    relay_ack.mutable_ack()->set_space_id(to_string(w.space));
    relay_ack.mutable_ack()->set_roster_digest(std::string(32, 'e'));
    seeds.add(std::string(1, '\1') +
              join_records({refusal.SerializeAsString(), relay_hello.SerializeAsString(),
                            relay_ack.SerializeAsString()}));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    World& w = World::get();
    static const crypto::SignPublicKey stranger = crypto::SigningKeyPair::generate().public_key;
    Replicator ada(*w.ada);
    pn::SyncOptions options;
    options.remote_is_relay = data[0] & 1;
    options.batch_deltas = 64;
    const crypto::SignPublicKey remote = (data[0] & 2) ? stranger : Replicator(*w.bob).device();
    std::size_t sent = 0;
    pn::SyncSession session(ada, remote, binding(), [&](nv::LinkMessage&& m) {
        ++sent;
        nv::LinkMessage again;
        GROVE_FUZZ_CHECK(again.ParseFromString(m.SerializeAsString()));
        GROVE_FUZZ_CHECK(m.body_case() != nv::LinkMessage::BODY_NOT_SET);
    });
    std::size_t n = 0;
    for (const auto& record : split_records(data + 1, size - 1, 16)) {
        nv::LinkMessage m;
        if (!m.ParseFromString(record)) break;  // FrameCipher::open refuses it: the link closes
        auto handled = session.handle(m);
        if (!handled.ok()) {
            GROVE_FUZZ_CHECK(m.body_case() == nv::LinkMessage::BODY_NOT_SET);
            break;  // a protocol violation closes the link
        }
        if (++n % 4 == 0) session.tick();
        for (int i = 0; i < 4; ++i) {
            auto more = session.pump();
            if (!more.ok() || !*more) break;
        }
    }
    (void)sent;
    return 0;
}
