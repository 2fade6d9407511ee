#include "fuzz_support.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>

#include "core/account_vault.h"
#include "core/invitation_code.h"
#include "core/space_journal.h"
#include "crypto/primitives.h"
#include "net/sync_session.h"

namespace grove::fuzz {

namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

[[noreturn]] void invariant_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "grove fuzz: invariant broken at %s:%d: %s\n", file, line, what);
    std::abort();
}

std::vector<std::string> split_records(const std::uint8_t* data, std::size_t size,
                                       std::size_t max_records) {
    std::vector<std::string> out;
    google::protobuf::io::CodedInputStream in(data, static_cast<int>(size));
    while (out.size() < max_records) {
        std::uint32_t len = 0;
        if (!in.ReadVarint32(&len)) break;
        const int left = in.BytesUntilLimit() < 0 ? static_cast<int>(size) - in.CurrentPosition()
                                                  : in.BytesUntilLimit();
        std::string record;
        if (static_cast<std::int64_t>(len) > left) {
            in.ReadString(&record, left);
            out.push_back(std::move(record));
            break;
        }
        in.ReadString(&record, static_cast<int>(len));
        out.push_back(std::move(record));
    }
    return out;
}

std::string join_records(const std::vector<std::string>& records) {
    std::string out;
    {
        google::protobuf::io::StringOutputStream raw(&out);
        google::protobuf::io::CodedOutputStream coded(&raw);
        for (const auto& r : records) {
            coded.WriteVarint32(static_cast<std::uint32_t>(r.size()));
            coded.WriteString(r);
        }
    }
    return out;
}

namespace {

constexpr const char* kPassphrase = "fuzzing passphrase";

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

[[noreturn]] void setup_failed(const std::string& what) {
    std::fprintf(stderr, "grove fuzz: world setup failed: %s\n", what.c_str());
    std::abort();
}

template <class T>
T must(Result<T> r, const char* what) {
    if (!r.ok()) setup_failed(std::string(what) + ": " + r.error().message);
    return std::move(r).value();
}

// Two SyncSessions back to back, delivering everything until both go quiet.
void sync_pair(Peer& a, Peer& b, const nv::InvitationCode* join_code) {
    Replicator ra(a), rb(b);
    auto binding = crypto::random_array<32>();
    std::deque<nv::LinkMessage> to_a, to_b;
    pn::SyncSession sa(ra, rb.device(), binding,
                        [&](nv::LinkMessage&& m) { to_b.push_back(std::move(m)); });
    pn::SyncSession sb(rb, ra.device(), binding,
                        [&](nv::LinkMessage&& m) { to_a.push_back(std::move(m)); });
    std::optional<Result<SpaceSummary>> joined;
    if (join_code) {
        auto started = sb.start_join(*join_code, [&](Result<SpaceSummary> r) { joined = r; });
        if (!started.ok()) setup_failed("start_join: " + started.error().message);
    }
    for (int round = 0; round < 1000; ++round) {
        auto pa = sa.pump();
        auto pb = sb.pump();
        bool more = (pa.ok() && *pa) || (pb.ok() && *pb);
        if (to_a.empty() && to_b.empty() && !more) break;
        while (!to_b.empty()) {
            auto m = std::move(to_b.front());
            to_b.pop_front();
            (void)sb.handle(m);
        }
        while (!to_a.empty()) {
            auto m = std::move(to_a.front());
            to_a.pop_front();
            (void)sa.handle(m);
        }
    }
    if (join_code && (!joined || !joined->ok()))
        setup_failed("join: " + (joined ? joined->error().message : std::string("no answer")));
}

}  // namespace

bool g_seed_mode = false;

namespace {

// Creates Ada and Bob, the space and its history in `dir` (profiles closed at the end).
void build_world(const std::filesystem::path& dir) {
    auto ada = must(Peer::open(dir / "ada"), "open Ada");
    auto bob = must(Peer::open(dir / "bob"), "open Bob");
    must(ada->create_account("Ada", kPassphrase), "Ada's account");
    must(bob->create_account("Bob", kPassphrase), "Bob's account");
    auto s = must(ada->create_space("Fuzz"), "create space");
    const std::int64_t ten_years = 86'400'000ll * 3650;
    auto inv = must(
        ada->create_invitation(s.id, Role::Participant, wall_ms() + ten_years, {"127.0.0.1:1"}),
        "invitation");
    auto code = must(decode_invitation_code(inv.code), "decode invitation");
    sync_pair(*ada, *bob, &code);
    sync_pair(*ada, *bob, nullptr);
    must(ada->post_chat(s.id, "hello from Ada"), "Ada posts");
    must(bob->post_chat(s.id, "hello from Bob"), "Bob posts");
    sync_pair(*ada, *bob, nullptr);
    std::ofstream(dir / "space") << s.id;
}

std::filesystem::path make_temp_dir() {
    std::string templ = (std::filesystem::temp_directory_path() / "grove-fuzz-XXXXXX").string();
    if (!::mkdtemp(templ.data())) setup_failed("mkdtemp");
    return templ;
}

}  // namespace

World& World::get() {
    static World* world = [] {
        auto* w = new World;
        // GROVE_FUZZ_WORLD names a template world shared by the seed writer and the fuzzing
        // processes (so seeds carry the same keys): built there once, then copied per process.
        const char* shared = std::getenv("GROVE_FUZZ_WORLD");
        std::filesystem::path source;
        if (shared && *shared) {
            source = shared;
            if (!std::filesystem::exists(source / "space")) {
                std::filesystem::remove_all(source);
                std::filesystem::create_directories(source);
                build_world(source);
            }
        } else {
            source = make_temp_dir();
            build_world(source);
            w->owns_source = true;
        }
        if (g_seed_mode && shared && *shared) {
            w->dir = source;  // the seed writer's changes (e.g. invitations) stay in the template
        } else {
            w->dir = make_temp_dir();
            std::filesystem::copy(source, w->dir, std::filesystem::copy_options::recursive);
            for (const char* who : {"ada", "bob"}) std::filesystem::remove(w->dir / who / "lock");
            w->owns_dir = true;
            if (w->owns_source) std::filesystem::remove_all(source);
        }
        w->ada = must(Peer::open(w->dir / "ada"), "open Ada");
        w->bob = must(Peer::open(w->dir / "bob"), "open Bob");
        must(w->ada->unlock(kPassphrase), "unlock Ada");
        must(w->bob->unlock(kPassphrase), "unlock Bob");
        std::ifstream(w->dir / "space") >> w->space_hex;
        auto raw = from_hex(w->space_hex);
        if (!raw || raw->size() != kSpaceIdSize) setup_failed("no space id in the world");
        w->space = *fixed_from<kSpaceIdSize>(*raw);
        // A private copy is removed at exit (a crash leaves it in the temporary directory).
        std::atexit([] {
            World& me = World::get();
            me.ada.reset();
            me.bob.reset();
            std::error_code ec;
            if (me.owns_dir) std::filesystem::remove_all(me.dir, ec);
        });
        return w;
    }();
    return *world;
}

World::~World() = default;

namespace {
const LocalIdentity& identity_of(Peer& p) {
    const LocalIdentity* identity = nullptr;
    (void)p.journal().read_account([&](const UnlockedAccount& a) { identity = &a.identity; });
    if (!identity) setup_failed("account locked");
    return *identity;
}
}  // namespace

const LocalIdentity& World::ada_identity() const {
    return identity_of(*ada);
}
const LocalIdentity& World::bob_identity() const {
    return identity_of(*bob);
}

crypto::SymmetricKey World::epoch_key(Peer& p, std::uint32_t epoch) const {
    std::optional<crypto::SymmetricKey> key;
    (void)p.journal().read(space, [&](const Space& s) {
        if (const crypto::SymmetricKey* k = s.epoch_key(epoch))
            key = crypto::symmetric_key_from(k->view());
    });
    if (!key) setup_failed("no epoch key");
    return std::move(*key);
}

std::vector<DecodedDelta> World::bob_authors(std::vector<Space::Draft> drafts) const {
    const LocalIdentity& bob_id = bob_identity();
    std::vector<DecodedDelta> out;
    auto done =
        ada->journal().mutate(space, [&](Space& s, std::vector<SpaceEvent>&) -> Result<void> {
            out = s.author(bob_id, std::span<const Space::Draft>(drafts), wall_ms());
            return {};
        });
    if (!done.ok()) setup_failed("bob_authors: " + done.error().message);
    return out;
}

nv::InvitationCode World::invitation() const {
    auto inv = must(ada->create_invitation(space_hex, Role::Guest, wall_ms() + 86'400'000,
                                           {"127.0.0.1:1", "relay.example:7000"}),
                    "invitation");
    return must(decode_invitation_code(inv.code), "decode invitation");
}

std::vector<DecodedDelta> standalone_chain(std::size_t n, SpaceId* space_out) {
    crypto::initialize();
    auto signer = crypto::SigningKeyPair::generate();
    auto key = crypto::symmetric_key_from(crypto::random_array<32>());
    auto space = crypto::random_array<kSpaceIdSize>();
    if (space_out) *space_out = space;
    std::vector<DecodedDelta> out;
    for (std::size_t i = 0; i < n; ++i) {
        grove::wire::v1::DeltaHeader h;
        h.set_version(kEnvelopeVersion);
        h.set_space_id(to_string(space));
        h.set_author_device(to_string(signer.public_key));
        h.set_seq(i + 1);
        if (i > 0) h.set_prev(to_string(out.back().id));
        if (i > 0) h.add_deps(to_string(out.back().id));
        h.set_lamport(i + 1);
        h.set_epoch(1);
        h.set_kind(i % 2 ? grove::wire::v1::DELTA_KIND_TOOL : grove::wire::v1::DELTA_KIND_CHAT);
        if (i % 2) h.set_target(std::string(kToolInstanceIdSize, 'T'));
        h.set_wall_time_ms(1700000000000 + static_cast<std::int64_t>(i));
        std::string payload = "payload " + std::to_string(i);
        out.push_back(seal_delta(std::move(h), as_bytes(payload), key,
                                 i + 1 == n ? &signer.secret_key : nullptr));
    }
    return out;
}

}  // namespace grove::fuzz

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    grove::platform::crypto::initialize();
    // Parse failures of hostile input are expected: protobuf's log lines would only slow us.
    google::protobuf::SetLogHandler(nullptr);
    const char* out = std::getenv("GROVE_FUZZ_WRITE_SEEDS");
    if (!out || !*out) return 0;
    grove::fuzz::g_seed_mode = true;
    grove::fuzz::Seeds seeds;
    grove_fuzz_seeds(seeds);
    std::filesystem::create_directories(out);
    for (std::size_t i = 0; i < seeds.items().size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "seed-%03zu", i);
        std::ofstream f(std::filesystem::path(out) / name, std::ios::binary);
        f << seeds.items()[i];
    }
    std::fprintf(stderr, "grove fuzz: wrote %zu seeds to %s\n", seeds.items().size(), out);
    std::fflush(stderr);
    std::_Exit(0);
}
