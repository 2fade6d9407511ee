// Decode fuzzing: random bytes, every truncation and random byte flips of valid ops and snapshots
// must yield an error or a valid value (never a crash, hang or huge allocation), and applying
// whatever decodes must fail cleanly or succeed.
#include <gtest/gtest.h>

#include <cstdint>
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

Bytes random_bytes(std::mt19937_64& rng, std::size_t max_length) {
    Bytes bytes(rng() % (max_length + 1));
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    // Bias towards real tags so decoding gets past the first byte.
    static constexpr std::uint8_t kTags[] = {0x11, 0x1F, 0x21, 0x22, 0x2F, 0x31,
                                             0x32, 0x3F, 0x41, 0x42, 0x4F};
    if (!bytes.empty() && rng() % 2 == 0) bytes[0] = kTags[rng() % std::size(kTags)];
    if (bytes.size() > 1 && rng() % 2 == 0) bytes[1] = 1;  // snapshot version
    return bytes;
}

// Every prefix, plus random single-byte mutations.
std::vector<Bytes> corruptions(const Bytes& valid, std::mt19937_64& rng, int mutations) {
    std::vector<Bytes> out;
    for (std::size_t n = 0; n < valid.size(); ++n)
        out.emplace_back(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n));
    for (int i = 0; i < mutations && !valid.empty(); ++i) {
        Bytes copy = valid;
        const int flips = 1 + static_cast<int>(rng() % 3);
        for (int f = 0; f < flips; ++f)
            copy[rng() % copy.size()] = static_cast<std::uint8_t>(rng());
        out.push_back(std::move(copy));
    }
    return out;
}

// Feeds `input` to every decoder and restorer; applies decoded ops to live replicas.
struct Victims {
    crdt::Text text{crdt::ReplicaId{1}};
    crdt::Sequence<std::string> list{crdt::ReplicaId{1}};
    crdt::LwwRegister<std::string> reg{crdt::ReplicaId{1}};
    crdt::OrSet<std::string> set{crdt::ReplicaId{1}};
    crdt::OrMap<std::string, std::int64_t> map{crdt::ReplicaId{1}};

    void feed(const Bytes& input) {
        if (auto op = crdt::Text::decode_op(input)) (void)text.apply(*op);
        if (auto op = crdt::Sequence<std::string>::decode_op(input)) (void)list.apply(*op);
        if (auto op = crdt::LwwRegister<std::string>::decode_op(input)) (void)reg.apply(*op);
        if (auto op = crdt::OrSet<std::string>::decode_op(input)) (void)set.apply(*op);
        if (auto op = crdt::OrMap<std::string, std::int64_t>::decode_op(input))
            (void)map.apply(*op);
        if (auto restored = crdt::Text::restore(crdt::ReplicaId{2}, input)) {
            // A restored document must be usable.
            restored->insert(restored->size(), U"ok");
            (void)restored->digest();
            (void)restored->snapshot();
        }
        (void)crdt::Sequence<std::string>::restore(crdt::ReplicaId{2}, input).ok();
        (void)crdt::LwwRegister<std::string>::restore(crdt::ReplicaId{2}, input).ok();
        (void)crdt::OrSet<std::string>::restore(crdt::ReplicaId{2}, input).ok();
        (void)crdt::OrMap<std::string, std::int64_t>::restore(crdt::ReplicaId{2}, input).ok();
    }
};

}  // namespace

TEST(CrdtDecodeFuzz, RandomBytesNeverCrash) {
    std::mt19937_64 rng(7);
    Victims victims;
    for (int i = 0; i < 20000; ++i) victims.feed(random_bytes(rng, 48));
    // Whatever garbage got applied, the documents are still self-consistent.
    auto again = crdt::Text::restore(crdt::ReplicaId{3}, victims.text.snapshot());
    ASSERT_TRUE(again.ok()) << again.error().describe();
    EXPECT_EQ(again->to_u32string(), victims.text.to_u32string());
}

TEST(CrdtDecodeFuzz, TruncatedAndMutatedValidInputsNeverCrash) {
    std::mt19937_64 rng(11);
    crdt::Text doc(crdt::ReplicaId{0x51});
    crdt::Sequence<std::string> list(crdt::ReplicaId{0x51});
    crdt::LwwRegister<std::string> reg(crdt::ReplicaId{0x51});
    crdt::OrSet<std::string> set(crdt::ReplicaId{0x51});
    crdt::OrMap<std::string, std::int64_t> map(crdt::ReplicaId{0x51});
    std::vector<Bytes> valid;
    valid.push_back(crdt::Text::encode_op(doc.insert(0, U"hello \U0001F332 world")));
    valid.push_back(crdt::Text::encode_op(doc.insert(3, U"XY")));
    valid.push_back(crdt::Text::encode_op(doc.remove(2, 5)));
    valid.push_back(doc.snapshot());
    valid.push_back(crdt::Sequence<std::string>::encode_op(
        list.insert(0, std::vector<std::string>{"a", "bb"})));
    valid.push_back(list.snapshot());
    valid.push_back(crdt::LwwRegister<std::string>::encode_op(reg.set("value")));
    valid.push_back(reg.snapshot());
    valid.push_back(crdt::OrSet<std::string>::encode_op(set.add("x")));
    valid.push_back(crdt::OrSet<std::string>::encode_op(*set.remove("x")));
    set.add("y");
    valid.push_back(set.snapshot());
    valid.push_back(crdt::OrMap<std::string, std::int64_t>::encode_op(map.put("k", 5)));
    valid.push_back(crdt::OrMap<std::string, std::int64_t>::encode_op(*map.remove("k")));
    map.put("j", 6);
    valid.push_back(map.snapshot());

    Victims victims;
    for (const Bytes& bytes : valid) {
        for (const Bytes& bad : corruptions(bytes, rng, 300)) victims.feed(bad);
    }
    // Every strict prefix of a valid text op or snapshot is an error, never a silently shorter
    // value.
    for (std::size_t i = 0; i < 4; ++i) {
        const Bytes& bytes = valid[i];
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            std::span<const std::uint8_t> prefix(bytes.data(), n);
            EXPECT_FALSE(crdt::Text::decode_op(prefix).ok()) << "op " << i << " prefix " << n;
            EXPECT_FALSE(crdt::Text::restore(crdt::ReplicaId{2}, prefix).ok())
                << "op " << i << " prefix " << n;
        }
    }
}

TEST(CrdtDecodeFuzz, ForgedCountsAreRejectedCheaply) {
    // A sequence snapshot claiming 4 billion tombstoned items in a handful of bytes.
    crdt::ByteWriter out;
    out.u8(0x4F);
    out.u8(1);
    out.varint(1);
    out.fixed64(42);
    out.varint(0xFFFFFFFFu);
    out.varint(1);
    out.varint(0);
    out.varint(0);
    out.varint(0xFFFFFFFFu);
    out.u8(1);
    auto restored = crdt::Text::restore(crdt::ReplicaId{1}, out.data());
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.error().code, crdt::ErrorCode::ResourceExhausted);

    // A delete op claiming 2^60 spans.
    crdt::ByteWriter del;
    del.u8(0x42);
    del.varint(std::uint64_t{1} << 60);
    auto op = crdt::Text::decode_op(del.data());
    ASSERT_FALSE(op.ok());
    EXPECT_EQ(op.error().code, crdt::ErrorCode::ResourceExhausted);
}

TEST(CrdtDecodeFuzz, RandomValidLookingOpsAgainstALiveDocument) {
    // Structurally valid ops with random ids and origins: applied or rejected, never UB, and the
    // document stays consistent with its own snapshot.
    std::mt19937_64 rng(99);
    crdt::Text doc(crdt::ReplicaId{1});
    doc.insert(0, U"seed text");
    for (int i = 0; i < 20000; ++i) {
        const crdt::ReplicaId who{rng() % 3};
        if (rng() % 3 == 0) {
            crdt::Text::Delete del;
            del.spans.push_back(crdt::IdSpan{who, static_cast<std::uint32_t>(rng() % 40),
                                             static_cast<std::uint32_t>(1 + rng() % 5)});
            (void)doc.apply(del);
        } else {
            crdt::Text::Insert insert;
            insert.id = crdt::ItemId{who, static_cast<std::uint32_t>(rng() % 40)};
            if (rng() % 4)
                insert.origin_left = crdt::ItemId{crdt::ReplicaId{rng() % 3},
                                                  static_cast<std::uint32_t>(rng() % 40)};
            if (rng() % 4)
                insert.origin_right = crdt::ItemId{crdt::ReplicaId{rng() % 3},
                                                   static_cast<std::uint32_t>(rng() % 40)};
            insert.values = std::u32string(1 + rng() % 3, U'z');
            (void)doc.apply(insert);
        }
    }
    auto restored = crdt::Text::restore(crdt::ReplicaId{5}, doc.snapshot());
    ASSERT_TRUE(restored.ok()) << restored.error().describe();
    EXPECT_EQ(restored->to_u32string(), doc.to_u32string());
    EXPECT_EQ(restored->digest(), doc.digest());
}
