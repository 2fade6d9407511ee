// Shared pieces of Grove's libFuzzer targets: a "world" of two real accounts sharing a space
// (built once per process), length-delimited message streams, and seed-corpus writing.
//
// Every target defines LLVMFuzzerTestOneInput and grove_fuzz_seeds(); LLVMFuzzerInitialize
// (fuzz_support.cpp) writes the seeds and exits when GROVE_FUZZ_WRITE_SEEDS=<dir> is set, which
// is how scripts/fuzz.sh builds each target's seed corpus from valid messages.
#pragma once

#include <google/protobuf/message_lite.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/delta_envelope.h"
#include "core/identity.h"
#include "core/peer.h"
#include "core/replicator.h"
#include "core/space.h"
#include "grove/net/v1/sync.pb.h"

namespace grove::fuzz {

using namespace grove::platform;

// Collects seed inputs; written to the directory named by GROVE_FUZZ_WRITE_SEEDS.
class Seeds {
public:
    void add(std::string bytes) { items_.push_back(std::move(bytes)); }
    void add(const google::protobuf::MessageLite& m) { add(m.SerializeAsString()); }
    const std::vector<std::string>& items() const { return items_; }

private:
    std::vector<std::string> items_;
};

// A stream of messages in one fuzz input: each is a varint length then that many bytes (the
// protobuf "delimited" format). A truncated last record is passed on as it is.
std::vector<std::string> split_records(const std::uint8_t* data, std::size_t size,
                                       std::size_t max_records = 64);
std::string join_records(const std::vector<std::string>& records);

// Two accounts, Ada (manager) and Bob (participant), sharing one space "Fuzz" and in sync,
// in temporary profiles removed at exit. Built on first use (two Argon2id derivations).
struct World {
    std::filesystem::path dir;
    std::unique_ptr<Peer> ada, bob;
    SpaceId space{};
    std::string space_hex;
    bool owns_dir = false, owns_source = false;

    static World& get();
    const LocalIdentity& ada_identity() const;
    const LocalIdentity& bob_identity() const;
    crypto::SymmetricKey epoch_key(Peer& p, std::uint32_t epoch = 1) const;
    // Bob authors `drafts` against Ada's view of the space (his chain, her heads): valid,
    // signed, ready for Ada to ingest. Not applied anywhere.
    std::vector<DecodedDelta> bob_authors(std::vector<Space::Draft> drafts) const;
    // A fresh, valid invitation code for the space (written by Ada).
    grove::net::v1::InvitationCode invitation() const;
    ~World();
};

// True while the target writes its seeds (World then works in the shared template itself).
extern bool g_seed_mode;

// Standalone valid deltas (no Peer): a chain of `n` deltas of one random author in a random
// space under a random key, the last signed. For envelope-level seeds.
std::vector<DecodedDelta> standalone_chain(std::size_t n, SpaceId* space_out = nullptr);

// Aborts (a crash libFuzzer reports) when an invariant of the code under test is broken.
[[noreturn]] void invariant_failed(const char* what, const char* file, int line);
#define GROVE_FUZZ_CHECK(cond)                                                        \
    do {                                                                              \
        if (!(cond)) ::grove::fuzz::invariant_failed(#cond, __FILE__, __LINE__);      \
    } while (0)

}  // namespace grove::fuzz

// Defined by each target.
void grove_fuzz_seeds(grove::fuzz::Seeds& seeds);
