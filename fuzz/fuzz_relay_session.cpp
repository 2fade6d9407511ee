// The relay's end of a link: RelaySession::handle over a real RelayStore (SQLite in a temporary
// directory) — hellos, delta batches (authenticated, then stored durably), acks, join requests,
// anything else — then pump. Only validly signed chains are ever stored.
//
// Input: length-delimited LinkMessages (fuzz_support.h).
#include <filesystem>

#include "fuzz_support.h"
#include "core/chain_auth.h"
#include "net/relay_session.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

namespace {

struct Relay {
    std::filesystem::path dir;
    std::unique_ptr<pn::RelayStore> store;
    std::mutex mutex;
    pn::RelayCounters counters;
};

Relay& relay() {
    static Relay* r = [] {
        auto* r = new Relay;
        std::string templ = (std::filesystem::temp_directory_path() / "grove-fuzz-relay-XXXXXX").string();
        if (!::mkdtemp(templ.data())) std::abort();
        r->dir = templ;
        pn::RelayLimits limits;
        limits.space_quota_bytes = 64ull << 20;
        auto s = pn::RelayStore::open(r->dir, limits);
        if (!s.ok()) std::abort();
        r->store = std::move(s).value();
        std::atexit([] {
            relay().store.reset();
            std::error_code ec;
            std::filesystem::remove_all(relay().dir, ec);
        });
        return r;
    }();
    return *r;
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    SpaceId space{};
    auto chain = standalone_chain(3, &space);
    nv::LinkMessage hello, deltas, ack, join, ping;
    hello.mutable_hello()->set_space_id(to_string(space));
    auto* e = hello.mutable_hello()->add_vector();
    e->set_device(chain[0].header.author_device());
    e->set_seq(1);
    deltas.mutable_deltas()->set_space_id(to_string(space));
    for (const auto& d : chain) *deltas.mutable_deltas()->add_deltas() = d.sealed;
    ack.mutable_ack()->set_space_id(to_string(space));
    *ack.mutable_ack()->add_vector() = *e;
    join.mutable_join_request()->set_space_id(to_string(space));
    ping.mutable_ping()->set_id(3);
    nv::LinkMessage resend = hello;
    resend.mutable_hello()->set_resend(true);
    resend.mutable_hello()->mutable_vector(0)->set_seq(0);
    seeds.add(join_records({hello.SerializeAsString(), deltas.SerializeAsString(),
                            ack.SerializeAsString(), resend.SerializeAsString()}));
    seeds.add(join_records({deltas.SerializeAsString(), join.SerializeAsString(),
                            ping.SerializeAsString(), std::string()}));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Relay& r = relay();
    static const crypto::SignPublicKey device = crypto::SigningKeyPair::generate().public_key;
    pn::RelaySession session(*r.store, r.mutex, r.counters, device,
                             [](nv::LinkMessage&& m) {
                                 GROVE_FUZZ_CHECK(m.body_case() != nv::LinkMessage::BODY_NOT_SET);
                             },
                             nullptr);
    for (const auto& record : split_records(data, size, 16)) {
        nv::LinkMessage m;
        if (!m.ParseFromString(record)) break;
        std::size_t authentic = 0;
        if (m.has_deltas() && m.deltas().space_id().size() == kSpaceIdSize &&
            static_cast<std::size_t>(m.deltas().deltas_size()) <= Replicator::kMaxBatchDeltas) {
            SpaceId id = *fixed_from<kSpaceIdSize>(as_bytes(m.deltas().space_id()));
            std::vector<grove::wire::v1::SealedDelta> raw(m.deltas().deltas().begin(),
                                                          m.deltas().deltas().end());
            authentic = authenticate_batch(id, std::move(raw)).deltas.size();
        }
        const std::uint64_t before = r.counters.accepted;
        if (!session.handle(m).ok()) break;
        // The relay stores nothing that does not authenticate.
        GROVE_FUZZ_CHECK(r.counters.accepted - before <= authentic);
        auto more = session.pump();
        if (!more.ok()) break;
    }
    return 0;
}
