// Grove's one last-writer-wins rule, for every value that keeps only its latest write: chat edits,
// space and tool renames in the core, crdt::LwwRegister in tools.
#pragma once

#include <cstdint>

namespace grove::sdk {

// Whether a write at (`lamport`, `writer`) replaces the one at (`other_lamport`, `other_writer`):
// the greater Lamport time wins; at equal times the greater writer (the writing device's key, or
// the replica id derived from it) wins, so that every replica picks the same write.
template <class Writer>
constexpr bool later_write(std::uint64_t lamport, const Writer& writer, std::uint64_t other_lamport,
                           const Writer& other_writer) {
    if (lamport != other_lamport) return lamport > other_lamport;
    return other_writer < writer;
}

}  // namespace grove::sdk
