// The binary contract between a tool library and the host: the SDK ABI number, the names of the
// two entry points, and GROVE_TOOL_EXPORT, which exports them through Boost.DLL aliases.
#pragma once

#include <boost/dll/alias.hpp>
#include <cstdint>

namespace grove::sdk {

class Tool;

// The SDK ABI this header describes. Tools and host share C++ class layouts (Tool, ToolInstance,
// ToolContext, the structs they pass), so the number changes whenever one of them changes in a
// way an already built library would notice:
//  - appending a virtual function at the END of a class the host implements (ToolContext,
//    BlobStore, ToolServiceContext) keeps old tools working: bump kAbiVersion, keep
//    kOldestSupportedAbi;
//  - any other change (a struct field, a virtual in Tool or ToolInstance, a reordering) breaks
//    them: bump both.
// History: 1 first release; 2 appended BlobStore::write/read (streaming, with progress),
// retain/release (references) and keep_offline; 3 appended ToolServiceContext::authorize_access
// (a call's token checked for what it does: reads or writes, which space); 4 appended
// ToolContext::notify (a notification for the person at this device, once per key).
inline constexpr std::uint32_t kAbiVersion = 4;
// The oldest tool ABI this host still loads.
inline constexpr std::uint32_t kOldestSupportedAbi = 1;

// Entry point 1, called before anything else: `std::uint32_t grove_tool_abi()` returns the
// kAbiVersion the library was compiled with. A value outside [kOldestSupportedAbi, kAbiVersion]
// stops the host right there, with a clear error on that tool.
inline constexpr const char* kAbiEntryPoint = "grove_tool_abi";
// Entry point 2: `grove::sdk::Tool* grove_tool_create()` returns a new Tool, owned by the caller
// (who deletes it through its virtual destructor, on the host thread). It may throw: the host
// catches and shows the error on that tool.
inline constexpr const char* kFactoryEntryPoint = "grove_tool_create";

using AbiFunction = std::uint32_t();
using FactoryFunction = Tool*();

// Whether a host built against this header loads a library reporting `abi`.
constexpr bool abi_supported(std::uint32_t abi) {
    return abi >= kOldestSupportedAbi && abi <= kAbiVersion;
}

}  // namespace grove::sdk

// grove_add_tool() passes the ABI it wrote into the manifest; both must agree.
#if defined(GROVE_TOOL_MANIFEST_ABI)
#define GROVE_SDK_DETAIL_CHECK_MANIFEST_ABI                             \
    static_assert(GROVE_TOOL_MANIFEST_ABI == ::grove::sdk::kAbiVersion, \
                  "the manifest grove_add_tool() generated names another SDK ABI than abi.h");
#else
#define GROVE_SDK_DETAIL_CHECK_MANIFEST_ABI
#endif

// Exports a tool class (default-constructible, derived from grove::sdk::Tool) from its library.
// Use once, at namespace scope, in one source file of the tool:
//     GROVE_TOOL_EXPORT(grove::tools::discussion::DiscussionTool)
// Expands to the ABI entry point first, then the factory, both exported as Boost.DLL aliases.
#define GROVE_TOOL_EXPORT(ToolClass)                                       \
    GROVE_SDK_DETAIL_CHECK_MANIFEST_ABI                                    \
    namespace grove_tool_export_detail {                                   \
    inline std::uint32_t abi_version() {                                   \
        return ::grove::sdk::kAbiVersion;                                  \
    }                                                                      \
    inline ::grove::sdk::Tool* create_tool() {                             \
        return new ToolClass();                                            \
    }                                                                      \
    }                                                                      \
    BOOST_DLL_ALIAS(grove_tool_export_detail::abi_version, grove_tool_abi) \
    BOOST_DLL_ALIAS(grove_tool_export_detail::create_tool, grove_tool_create)
