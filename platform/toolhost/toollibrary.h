// ToolLibrary: one tool's shared library, loaded with Boost.DLL — the ABI entry point checked
// before anything else, then the factory. Loaded libraries stay loaded until the process exits.
#pragma once

#include <grove/sdk/abi.h>
#include <grove/sdk/manifest.h>
#include <grove/sdk/result.h>

#include <boost/dll/shared_library.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace grove::sdk {
class Tool;
}

namespace grove::platform {

class ToolLibrary : public std::enable_shared_from_this<ToolLibrary> {
public:
    // Refuses `file` when others could replace it (check_tool_file_modes: the library, its
    // directory and that directory's parent must be owned by root or this user and not writable
    // by group or others), else loads it (all symbols resolved now, so a missing dependency is a
    // load error), asks its grove_tool_abi entry point for the ABI it was built with and checks
    // it against the host's supported range and the manifest's, checks the Qt and protobuf
    // versions it was built with (build_versions_refusal), then looks up grove_tool_create.
    // A process holds one build per tool id (its QML module and resources register globally):
    // a second request for the same id and version returns the library already loaded, another
    // version is refused until restart. Every failure is an error whose text says what to do
    // about it; nothing throws.
    static Result<std::shared_ptr<ToolLibrary>> open(const std::filesystem::path& file,
                                                     const sdk::ToolManifest& manifest);

    // Calls the factory. A throwing constructor or a null result is an error. The returned
    // pointer's deleter holds a reference to this library (Boost.DLL tutorial 8's pattern).
    Result<std::shared_ptr<sdk::Tool>> create_tool();

    std::uint32_t abi() const { return abi_; }
    const std::filesystem::path& path() const { return path_; }

    ToolLibrary(const ToolLibrary&) = delete;
    ToolLibrary& operator=(const ToolLibrary&) = delete;
    ~ToolLibrary() = default;

private:
    ToolLibrary() = default;
    // Remembers why the library is unusable (asked again, it answers the same) and returns it.
    Error remember_failure(std::string text);

    std::filesystem::path path_;
    boost::dll::shared_library library_;
    sdk::FactoryFunction* factory_ = nullptr;
    std::uint32_t abi_ = 0;
    std::string version_;
    std::string error_;
};

}  // namespace grove::platform
