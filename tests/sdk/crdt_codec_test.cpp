// Tests of the CRDT wire primitives: varints, values, stamps, the 256-bit digest and UTF-8.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/digest.h"
#include "grove/sdk/crdt/replica_id.h"
#include "grove/sdk/crdt/stamp.h"
#include "grove/sdk/crdt/utf8.h"
#include "grove/sdk/crdt/value_codec.h"

namespace crdt = grove::sdk::crdt;

namespace {

template <class T>
T round_trip(const T& value) {
    crdt::ByteWriter out;
    crdt::encode_value(out, value);
    crdt::ByteReader in(out.data());
    T decoded{};
    EXPECT_TRUE(crdt::decode_value(in, decoded));
    EXPECT_TRUE(in.expect_end());
    return decoded;
}

}  // namespace

TEST(CrdtCodec, VarintRoundTripsEdgeValues) {
    for (std::uint64_t v :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127}, std::uint64_t{128},
          std::uint64_t{300}, std::uint64_t{1} << 35, std::numeric_limits<std::uint64_t>::max()}) {
        EXPECT_EQ(round_trip(v), v);
    }
    for (std::int64_t v :
         {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1},
          std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
        EXPECT_EQ(round_trip(v), v);
    }
}

TEST(CrdtCodec, VarintRejectsOverlongAndTruncated) {
    std::vector<std::uint8_t> eleven(11, 0x80);
    crdt::ByteReader overlong(eleven);
    std::uint64_t value = 0;
    EXPECT_FALSE(overlong.varint(value));

    std::vector<std::uint8_t> overflow(9, 0xFF);
    overflow.push_back(0x02);  // 10th byte may only carry one bit
    crdt::ByteReader too_big(overflow);
    EXPECT_FALSE(too_big.varint(value));
    EXPECT_EQ(too_big.error().code, crdt::ErrorCode::InvalidArgument);

    std::vector<std::uint8_t> cut = {0x80, 0x80};
    crdt::ByteReader truncated(cut);
    EXPECT_FALSE(truncated.varint(value));
    EXPECT_EQ(truncated.error().code, crdt::ErrorCode::DataLoss);
}

TEST(CrdtCodec, NarrowIntegersRejectOutOfRange) {
    crdt::ByteWriter out;
    out.varint(300);
    crdt::ByteReader in(out.data());
    std::uint8_t small = 0;
    EXPECT_FALSE(crdt::decode_value(in, small));
}

TEST(CrdtCodec, StringsVectorsAndFloatsRoundTrip) {
    EXPECT_EQ(round_trip(std::string("hello\0world", 11)), std::string("hello\0world", 11));
    EXPECT_EQ(round_trip(std::vector<std::int32_t>{-5, 0, 7}),
              (std::vector<std::int32_t>{-5, 0, 7}));
    EXPECT_EQ(round_trip(3.25), 3.25);
    EXPECT_EQ(round_trip(true), true);
    EXPECT_EQ(round_trip(U'\U0001F600'), U'\U0001F600');
}

TEST(CrdtCodec, HugeLengthPrefixIsRejectedBeforeAllocating) {
    crdt::ByteWriter out;
    out.varint(std::uint64_t{1} << 60);  // claims an exabyte-sized string
    out.u8('x');
    crdt::ByteReader in(out.data());
    std::string text;
    EXPECT_FALSE(crdt::decode_value(in, text));
    EXPECT_EQ(in.error().code, crdt::ErrorCode::ResourceExhausted);

    crdt::ByteReader in2(out.data());
    std::vector<std::uint64_t> values;
    EXPECT_FALSE(crdt::decode_value(in2, values));
}

TEST(CrdtCodec, CodePointsMustBeScalarValues) {
    crdt::ByteWriter out;
    out.varint(0xD800);
    crdt::ByteReader in(out.data());
    char32_t c = 0;
    EXPECT_FALSE(crdt::decode_value(in, c));
}

TEST(CrdtCodec, StampOrderIsLamportThenReplica) {
    const crdt::Stamp a{1, crdt::ReplicaId{9}};
    const crdt::Stamp b{2, crdt::ReplicaId{1}};
    const crdt::Stamp c{2, crdt::ReplicaId{3}};
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    crdt::ByteWriter out;
    crdt::write_stamp(out, c);
    crdt::ByteReader in(out.data());
    crdt::Stamp back;
    ASSERT_TRUE(crdt::read_stamp(in, back));
    EXPECT_EQ(back, c);
}

TEST(CrdtDigest, IsDeterministicAndSensitive) {
    const auto h = [](std::string_view s) { return crdt::Hasher256().update(s).finish(); };
    EXPECT_EQ(crdt::to_hex(h("")), crdt::to_hex(h("")));
    EXPECT_NE(h(""), h(std::string_view("\0", 1)));
    EXPECT_NE(h("abc"), h("abd"));
    // Streaming in pieces equals one update, across the 32-byte stripe boundary.
    const std::string long_text(1000, 'q');
    crdt::Hasher256 pieces;
    for (std::size_t i = 0; i < long_text.size(); i += 7)
        pieces.update(std::string_view(long_text).substr(i, 7));
    EXPECT_EQ(pieces.finish(), h(long_text));
    // Differing only in length-padding zeros must differ.
    EXPECT_NE(h(std::string(31, '\0')), h(std::string(32, '\0')));
    EXPECT_EQ(crdt::to_hex(h("grove")).size(), 64u);
}

TEST(CrdtDigest, ReplicaIdFromDeviceKeyIsStableAndDistinct) {
    crdt::DeviceKey a{};
    crdt::DeviceKey b{};
    b[31] = 1;
    EXPECT_EQ(crdt::ReplicaId::from_device_key(a), crdt::ReplicaId::from_device_key(a));
    EXPECT_NE(crdt::ReplicaId::from_device_key(a), crdt::ReplicaId::from_device_key(b));
}

TEST(CrdtUtf8, RoundTripsAndRejectsInvalid) {
    const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
    auto decoded = crdt::utf8_to_utf32(text);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, U"a\u00E9\u20AC\U0001F600");
    EXPECT_EQ(crdt::utf32_to_utf8(*decoded), text);
    EXPECT_FALSE(crdt::utf8_to_utf32("\xC0\xAF").ok());          // overlong '/'
    EXPECT_FALSE(crdt::utf8_to_utf32("\xED\xA0\x80").ok());      // surrogate
    EXPECT_FALSE(crdt::utf8_to_utf32("\xF4\x90\x80\x80").ok());  // > U+10FFFF
    EXPECT_FALSE(crdt::utf8_to_utf32("\xE2\x82").ok());          // cut short
    EXPECT_FALSE(crdt::utf8_to_utf32("\x80").ok());              // stray continuation
}
