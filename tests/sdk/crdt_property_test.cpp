// Property tests: seeded random concurrent histories across 3-5 replicas, delivered in random
// causal orders (with duplicates), must leave every replica with equal state, snapshot and digest.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "grove/sdk/crdt/lww_register.h"
#include "grove/sdk/crdt/or_map.h"
#include "grove/sdk/crdt/or_set.h"
#include "grove/sdk/crdt/sequence.h"
#include "grove/sdk/crdt/text.h"

namespace crdt = grove::sdk::crdt;

namespace {

using Bytes = std::vector<std::uint8_t>;
using Rng = std::mt19937_64;

// Ids from different corners of the 64-bit space so replica order is not creation order.
crdt::ReplicaId replica_id(std::size_t index) {
    static constexpr std::uint64_t kIds[] = {0x9000000000000001ULL,
                                             0x10,
                                             0xFFFFFFFFFFFFFFF0ULL,
                                             0x7777,
                                             0x42,
                                             0x5555555555555555ULL,
                                             0x1234,
                                             0xABCDEF};
    return crdt::ReplicaId{kIds[index % 8] + index / 8};
}

// One broadcast op: who made it, its place in that replica's stream, what its maker had applied
// from each replica (a vector clock), and the encoded bytes that travel.
struct Event {
    std::size_t origin = 0;
    std::vector<std::uint32_t> clock;
    Bytes bytes;
};

// The YjsMod rule exactly as in Gentle's reference-crdts: one item per character, a flat vector,
// linear id lookups. Slow, obviously faithful; the optimised Text (runs, B+ tree, run-skipping
// scan) must order every concurrent history exactly like it.
class ReferenceText {
public:
    void apply(const Bytes& bytes) {
        auto op = crdt::Text::decode_op(bytes);
        ASSERT_TRUE(op.ok());
        if (const auto* insert = std::get_if<crdt::Text::Insert>(&*op)) {
            for (std::uint32_t k = 0; k < insert->values.size(); ++k) {
                const crdt::ItemId id{insert->id.replica, insert->id.counter + k};
                if (find(id) >= 0) continue;  // duplicate delivery
                Item item{id,
                          k == 0 ? insert->origin_left : crdt::ItemId{id.replica, id.counter - 1},
                          insert->origin_right, insert->values[k], false};
                integrate(item);
            }
        } else {
            for (const crdt::IdSpan& span : std::get<crdt::Text::Delete>(*op).spans)
                for (std::uint32_t k = 0; k < span.length; ++k) {
                    const std::ptrdiff_t index = find(crdt::ItemId{span.replica, span.counter + k});
                    ASSERT_GE(index, 0);
                    items_[static_cast<std::size_t>(index)].deleted = true;
                }
        }
    }

    std::u32string show() const {
        std::u32string out;
        for (const Item& item : items_)
            if (!item.deleted) out.push_back(item.value);
        return out;
    }

private:
    struct Item {
        crdt::ItemId id;
        std::optional<crdt::ItemId> left, right;
        char32_t value;
        bool deleted;
    };

    std::ptrdiff_t find(const crdt::ItemId& id) const {
        for (std::size_t i = 0; i < items_.size(); ++i)
            if (items_[i].id == id) return static_cast<std::ptrdiff_t>(i);
        return -1;
    }
    std::ptrdiff_t left_index(const std::optional<crdt::ItemId>& id) const {
        return id ? find(*id) : -1;
    }
    std::ptrdiff_t right_index(const std::optional<crdt::ItemId>& id) const {
        return id ? find(*id) : static_cast<std::ptrdiff_t>(items_.size());
    }

    void integrate(const Item& item) {
        const std::ptrdiff_t left = left_index(item.left);
        const std::ptrdiff_t right = right_index(item.right);
        const auto end = static_cast<std::ptrdiff_t>(items_.size());
        std::ptrdiff_t destination = left + 1;
        bool scanning = false;
        for (std::ptrdiff_t i = left + 1;; ++i) {
            if (!scanning) destination = i;
            if (i == end || i == right) break;
            const Item& other = items_[static_cast<std::size_t>(i)];
            const std::ptrdiff_t other_left = left_index(other.left);
            const std::ptrdiff_t other_right = right_index(other.right);
            if (other_left < left) break;
            if (other_left == left) {
                if (other_right < right) {
                    scanning = true;
                } else if (other_right == right) {
                    if (item.id < other.id) break;
                    scanning = false;
                } else {
                    scanning = false;
                }
            }
        }
        items_.insert(items_.begin() + destination, item);
    }

    std::vector<Item> items_;
};

// Per-type glue: make a replica, make a random local op, apply bytes, show the state.
struct TextModel {
    using Replica = crdt::Text;
    static Replica make(crdt::ReplicaId id) { return Replica(id); }
    static std::optional<Bytes> local(Replica& doc, std::size_t who, Rng& rng) {
        if (doc.empty() || rng() % 10 < 6) {
            const std::size_t pos = rng() % (doc.size() + 1);
            const std::size_t length = rng() % 10 == 0 ? 8 + rng() % 20 : 1 + rng() % 3;
            std::u32string text;
            for (std::size_t i = 0; i < length; ++i)
                text.push_back(static_cast<char32_t>(U'a' + who * 5 + rng() % 5));
            if (rng() % 16 == 0) text.push_back(U'\U0001F332');  // a tree, outside the BMP
            return Replica::encode_op(doc.insert(pos, text));
        }
        const std::size_t pos = rng() % doc.size();
        const std::size_t count = 1 + rng() % std::min<std::size_t>(6, doc.size() - pos);
        return Replica::encode_op(doc.remove(pos, count));
    }
    static crdt::Result<void> apply(Replica& doc, const Bytes& bytes) {
        auto op = Replica::decode_op(bytes);
        if (!op) return op.error();
        return doc.apply(*op);
    }
    static std::u32string show(const Replica& doc) { return doc.to_u32string(); }
    using Reference = ReferenceText;
};

struct StringListModel {
    using Replica = crdt::Sequence<std::string>;
    static Replica make(crdt::ReplicaId id) { return Replica(id); }
    static std::optional<Bytes> local(Replica& list, std::size_t who, Rng& rng) {
        if (list.empty() || rng() % 3 != 0) {
            std::vector<std::string> values(1 + rng() % 2);
            for (auto& v : values)
                v = "r" + std::to_string(who) + "-" + std::to_string(rng() % 1000);
            return Replica::encode_op(list.insert(rng() % (list.size() + 1), values));
        }
        const std::size_t pos = rng() % list.size();
        return Replica::encode_op(
            list.remove(pos, 1 + rng() % std::min<std::size_t>(3, list.size() - pos)));
    }
    static crdt::Result<void> apply(Replica& list, const Bytes& bytes) {
        auto op = Replica::decode_op(bytes);
        if (!op) return op.error();
        return list.apply(*op);
    }
    static std::vector<std::string> show(const Replica& list) { return list.to_vector(); }
};

struct RegisterModel {
    using Replica = crdt::LwwRegister<std::int64_t>;
    static Replica make(crdt::ReplicaId id) { return Replica(id); }
    static std::optional<Bytes> local(Replica& reg, std::size_t, Rng& rng) {
        return Replica::encode_op(reg.set(static_cast<std::int64_t>(rng() % 2000) - 1000));
    }
    static crdt::Result<void> apply(Replica& reg, const Bytes& bytes) {
        auto op = Replica::decode_op(bytes);
        if (!op) return op.error();
        return reg.apply(*op);
    }
    static std::optional<std::int64_t> show(const Replica& reg) { return reg.value(); }
};

struct SetModel {
    using Replica = crdt::OrSet<std::uint32_t>;
    static Replica make(crdt::ReplicaId id) { return Replica(id); }
    static std::optional<Bytes> local(Replica& set, std::size_t, Rng& rng) {
        const auto value = static_cast<std::uint32_t>(rng() % 8);
        if (rng() % 2 == 0) return Replica::encode_op(set.add(value));
        auto op = set.remove(value);
        if (!op) return std::nullopt;
        return Replica::encode_op(*op);
    }
    static crdt::Result<void> apply(Replica& set, const Bytes& bytes) {
        auto op = Replica::decode_op(bytes);
        if (!op) return op.error();
        return set.apply(*op);
    }
    static std::vector<std::uint32_t> show(const Replica& set) { return set.values(); }
};

struct MapModel {
    using Replica = crdt::OrMap<std::string, std::int64_t>;
    static Replica make(crdt::ReplicaId id) { return Replica(id); }
    static std::optional<Bytes> local(Replica& map, std::size_t, Rng& rng) {
        const std::string key = "k" + std::to_string(rng() % 5);
        if (rng() % 3 != 0)
            return Replica::encode_op(map.put(key, static_cast<std::int64_t>(rng() % 100)));
        auto op = map.remove(key);
        if (!op) return std::nullopt;
        return Replica::encode_op(*op);
    }
    static crdt::Result<void> apply(Replica& map, const Bytes& bytes) {
        auto op = Replica::decode_op(bytes);
        if (!op) return op.error();
        return map.apply(*op);
    }
    static std::vector<std::pair<std::string, std::int64_t>> show(const Replica& map) {
        std::vector<std::pair<std::string, std::int64_t>> out;
        map.for_each([&](const std::string& k, std::int64_t v) { out.emplace_back(k, v); });
        return out;
    }
};

// A replica plus what it has applied from each origin (a prefix of each origin's stream).
template <class Model>
struct Node {
    typename Model::Replica replica;
    std::vector<std::uint32_t> applied;
};

template <class Model>
class History {
public:
    History(std::uint64_t seed, std::size_t replicas) : rng_(seed), streams_(replicas) {
        for (std::size_t r = 0; r < replicas; ++r)
            nodes_.push_back(
                Node<Model>{Model::make(replica_id(r)), std::vector<std::uint32_t>(replicas, 0)});
    }

    // Random interleaving of local edits and partial deliveries, then everything delivered
    // everywhere.
    void run(int steps) {
        for (int step = 0; step < steps; ++step) {
            const std::size_t who = rng_() % nodes_.size();
            if (rng_() % 100 < 45) {
                Node<Model>& node = nodes_[who];
                std::optional<Bytes> bytes = Model::local(node.replica, who, rng_);
                if (!bytes) continue;
                streams_[who].push_back(Event{who, node.applied, std::move(*bytes)});
                ++node.applied[who];
            } else {
                deliver_one(nodes_[who]);
            }
        }
        for (auto& node : nodes_)
            while (deliver_one(node)) {
            }
    }

    // A fresh replica receiving every event in a random causal order.
    Node<Model> replay(crdt::ReplicaId id) {
        Node<Model> node{Model::make(id), std::vector<std::uint32_t>(streams_.size(), 0)};
        while (deliver_one(node)) {
        }
        return node;
    }

    // Every event once, in a random causal order.
    std::vector<const Bytes*> causal_order() {
        std::vector<std::uint32_t> applied(streams_.size(), 0);
        std::vector<const Bytes*> order;
        for (std::vector<std::size_t> ready = ready_origins(applied); !ready.empty();
             ready = ready_origins(applied)) {
            const std::size_t q = ready[rng_() % ready.size()];
            order.push_back(&streams_[q][applied[q]++].bytes);
        }
        return order;
    }

    const std::vector<Node<Model>>& nodes() const { return nodes_; }
    std::size_t event_count() const {
        std::size_t count = 0;
        for (const auto& stream : streams_) count += stream.size();
        return count;
    }

private:
    bool deliverable(const std::vector<std::uint32_t>& applied, const Event& event) const {
        for (std::size_t q = 0; q < streams_.size(); ++q)
            if (q != event.origin && applied[q] < event.clock[q]) return false;
        return true;
    }

    // Origins whose next event can be delivered to a replica that applied `applied`.
    std::vector<std::size_t> ready_origins(const std::vector<std::uint32_t>& applied) const {
        std::vector<std::size_t> ready;
        for (std::size_t q = 0; q < streams_.size(); ++q) {
            const std::uint32_t next = applied[q];
            if (next < streams_[q].size() && deliverable(applied, streams_[q][next]))
                ready.push_back(q);
        }
        return ready;
    }

    // Applies one random deliverable event; sometimes re-delivers an old one (must be harmless).
    bool deliver_one(Node<Model>& node) {
        const std::vector<std::size_t> ready = ready_origins(node.applied);
        if (ready.empty()) return false;
        const std::size_t q = ready[rng_() % ready.size()];
        const Event& event = streams_[q][node.applied[q]];
        crdt::Result<void> status = Model::apply(node.replica, event.bytes);
        EXPECT_TRUE(status.ok()) << status.error().describe();
        ++node.applied[q];
        if (rng_() % 16 == 0) {
            const Event& old = streams_[q][rng_() % node.applied[q]];
            crdt::Result<void> again = Model::apply(node.replica, old.bytes);
            EXPECT_TRUE(again.ok()) << again.error().describe();
        }
        return true;
    }

    Rng rng_;
    std::vector<Node<Model>> nodes_;
    std::vector<std::vector<Event>> streams_;
};

template <class Model>
void check_convergence(std::uint64_t first_seed, std::uint64_t seeds, int steps, int replays,
                       bool check_reference = true) {
    for (std::uint64_t seed = first_seed; seed < first_seed + seeds; ++seed) {
        const std::size_t replicas = 3 + seed % 3;
        History<Model> history(seed, replicas);
        history.run(steps);
        const auto& reference = history.nodes()[0].replica;
        const auto expected_state = Model::show(reference);
        const auto expected_digest = reference.digest();
        const auto expected_snapshot = reference.snapshot();
        for (std::size_t r = 1; r < replicas; ++r) {
            const auto& other = history.nodes()[r].replica;
            ASSERT_EQ(Model::show(other), expected_state) << "seed " << seed << " replica " << r;
            ASSERT_EQ(other.digest(), expected_digest) << "seed " << seed << " replica " << r;
            ASSERT_EQ(other.snapshot(), expected_snapshot) << "seed " << seed << " replica " << r;
        }
        for (int k = 0; k < replays; ++k) {
            Node<Model> fresh =
                history.replay(crdt::ReplicaId{1000 + static_cast<std::uint64_t>(k)});
            ASSERT_EQ(Model::show(fresh.replica), expected_state)
                << "seed " << seed << " replay " << k;
            ASSERT_EQ(fresh.replica.digest(), expected_digest)
                << "seed " << seed << " replay " << k;
            ASSERT_EQ(fresh.replica.snapshot(), expected_snapshot)
                << "seed " << seed << " replay " << k;
        }
        if constexpr (requires { typename Model::Reference; }) {
            if (check_reference) {
                typename Model::Reference reference;
                for (const Bytes* bytes : history.causal_order()) reference.apply(*bytes);
                ASSERT_EQ(reference.show(), expected_state)
                    << "seed " << seed << ": differs from the reference algorithm";
            }
        }
        // The snapshot restores to the same state.
        auto restored = Model::Replica::restore(crdt::ReplicaId{999}, expected_snapshot);
        ASSERT_TRUE(restored.ok()) << "seed " << seed << ": " << restored.error().describe();
        ASSERT_EQ(Model::show(*restored), expected_state) << "seed " << seed;
        ASSERT_EQ(restored->digest(), expected_digest) << "seed " << seed;
    }
}

}  // namespace

// Also checks the order against ReferenceText, the unoptimised YjsMod.
TEST(CrdtProperty, TextConvergesUnderRandomCausalOrders) {
    check_convergence<TextModel>(1, 300, 160, 3);
}

TEST(CrdtProperty, TextConvergesInLongHistories) {
    check_convergence<TextModel>(10'000, 12, 2500, 2, false);
}

TEST(CrdtProperty, GenericSequenceConverges) {
    check_convergence<StringListModel>(20'000, 100, 120, 2);
}

TEST(CrdtProperty, LwwRegisterConverges) {
    check_convergence<RegisterModel>(30'000, 200, 80, 2);
}

TEST(CrdtProperty, OrSetConverges) {
    check_convergence<SetModel>(40'000, 200, 120, 2);
}

TEST(CrdtProperty, OrMapConverges) {
    check_convergence<MapModel>(50'000, 200, 120, 2);
}

// With one writer there is no concurrency, so every replica must equal plain string editing.
TEST(CrdtProperty, SingleWriterTextMatchesStringOracle) {
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        Rng rng(seed);
        crdt::Text writer(replica_id(0));
        std::vector<crdt::Text> readers;
        for (std::size_t r = 1; r <= 3; ++r) readers.emplace_back(replica_id(r));
        std::u32string oracle;
        std::vector<Bytes> log;
        for (int step = 0; step < 150; ++step) {
            if (oracle.empty() || rng() % 10 < 6) {
                const std::size_t pos = rng() % (oracle.size() + 1);
                std::u32string text(1 + rng() % 4, static_cast<char32_t>(U'a' + rng() % 26));
                log.push_back(crdt::Text::encode_op(writer.insert(pos, text)));
                oracle.insert(pos, text);
            } else {
                const std::size_t pos = rng() % oracle.size();
                const std::size_t count = 1 + rng() % std::min<std::size_t>(7, oracle.size() - pos);
                log.push_back(crdt::Text::encode_op(writer.remove(pos, count)));
                oracle.erase(pos, count);
            }
        }
        ASSERT_EQ(writer.to_u32string(), oracle) << "seed " << seed;
        for (auto& reader : readers) {
            for (const Bytes& bytes : log) {
                auto op = crdt::Text::decode_op(bytes);
                ASSERT_TRUE(op.ok());
                ASSERT_TRUE(reader.apply(*op).ok());
            }
            ASSERT_EQ(reader.to_u32string(), oracle) << "seed " << seed;
            ASSERT_EQ(reader.digest(), writer.digest()) << "seed " << seed;
        }
    }
}
