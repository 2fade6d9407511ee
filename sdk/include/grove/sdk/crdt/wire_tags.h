// The first byte of every encoded CRDT op and snapshot: names the type and kind of message so a
// decoder rejects bytes meant for another type instead of misreading them.
#pragma once

#include <cstdint>

namespace grove::sdk::crdt::wire {

inline constexpr std::uint8_t kLwwSet = 0x11;
inline constexpr std::uint8_t kLwwSnapshot = 0x1F;

inline constexpr std::uint8_t kOrSetAdd = 0x21;
inline constexpr std::uint8_t kOrSetRemove = 0x22;
inline constexpr std::uint8_t kOrSetSnapshot = 0x2F;

inline constexpr std::uint8_t kOrMapPut = 0x31;
inline constexpr std::uint8_t kOrMapRemove = 0x32;
inline constexpr std::uint8_t kOrMapSnapshot = 0x3F;

inline constexpr std::uint8_t kSequenceInsert = 0x41;
inline constexpr std::uint8_t kSequenceDelete = 0x42;
inline constexpr std::uint8_t kSequenceSnapshot = 0x4F;

// Snapshots carry a format version after the tag.
inline constexpr std::uint8_t kSnapshotVersion = 1;

}  // namespace grove::sdk::crdt::wire
