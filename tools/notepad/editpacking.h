// How an EditDocument carries its Text ops: one bytes field each for a short burst of typing, or
// zlib-compressed together when there are many (a long batch, a paste) — about a third the size.
#pragma once

#include <grove/sdk/result.h>

#include <string>
#include <vector>

#include "grove/tools/notepad/v1/ops.pb.h"

namespace grove::tools::notepad {

// At most this much Text op data is unpacked from one operation (an operation is at most 1 MiB).
inline constexpr std::size_t kMaxUnpackedOpBytes = 16 * 1024 * 1024;

// Sets the ops of `edit` (packed when that is smaller and they amount to at least a few hundred
// bytes).
void pack_ops(const std::vector<std::string>& ops, v1::EditDocument& edit);
// The ops of `edit`, in order. Errors: InvalidArgument (damaged, or unpacking too much).
Result<std::vector<std::string>> unpack_ops(const v1::EditDocument& edit);

}  // namespace grove::tools::notepad
