#include "toolhost/abicheck.h"

#include <grove/sdk/abi.h>

namespace grove::platform {
namespace {

std::string supported_range() {
    if (sdk::kOldestSupportedAbi == sdk::kAbiVersion)
        return "ABI " + std::to_string(sdk::kAbiVersion);
    return "ABI " + std::to_string(sdk::kOldestSupportedAbi) + " to " +
           std::to_string(sdk::kAbiVersion);
}

}  // namespace

std::optional<std::string> abi_refusal(std::uint32_t abi, std::string_view tool_name) {
    if (sdk::abi_supported(abi)) return std::nullopt;
    const std::string built = "built for SDK ABI " + std::to_string(abi);
    if (abi > sdk::kAbiVersion)
        return built + ", newer than this Grove supports (" + supported_range() +
               "): update Grove or install an older build of " + std::string(tool_name);
    return built + ", which this Grove no longer loads (" + supported_range() + "): rebuild " +
           std::string(tool_name) + " against the current SDK";
}

}  // namespace grove::platform
