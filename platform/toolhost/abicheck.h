// The one rule for which SDK ABI a tool may be built for, with the one wording of its refusal —
// applied to the manifest (before loading) and to the library's own answer (after).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grove::platform {

// nullopt when this host loads tools built for `abi` (sdk::abi_supported); otherwise why not and
// what to do, naming the tool as `tool_name`.
std::optional<std::string> abi_refusal(std::uint32_t abi, std::string_view tool_name);

}  // namespace grove::platform
