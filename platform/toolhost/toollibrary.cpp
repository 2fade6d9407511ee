#include "toolhost/toollibrary.h"

#include <dlfcn.h>
#include <grove/sdk/tool.h>

#include <map>
#include <mutex>
#include <vector>

#include "toolhost/abicheck.h"
#include "toolhost/boundary.h"
#include "toolhost/buildversions.h"
#include "toolhost/toolfilemodes.h"

namespace grove::platform {
namespace {

// Libraries are never unloaded while the process lives (as OBS does): a model, a QML type or a
// Qt resource of a tool may be referenced long after its last owner let go. Deliberately leaked.
// Keyed by tool id: one build per id and process.
std::mutex& loaded_mutex() {
    static std::mutex mutex;
    return mutex;
}
std::map<std::string, std::shared_ptr<ToolLibrary>>& loaded_by_id() {
    static auto* loaded = new std::map<std::string, std::shared_ptr<ToolLibrary>>();
    return *loaded;
}

}  // namespace

Result<std::shared_ptr<ToolLibrary>> ToolLibrary::open(const std::filesystem::path& file,
                                                       const sdk::ToolManifest& manifest) {
    // Nobody but its owner (or root) may be able to swap the code about to run in Grove. Checked
    // first, also for a build already loaded: the answer does not depend on what ran before.
    if (auto modes = check_tool_file_modes(file, file.parent_path()); !modes) return modes.error();
    std::lock_guard lock(loaded_mutex());
    const std::string version = manifest.version.to_string();
    if (auto it = loaded_by_id().find(manifest.id); it != loaded_by_id().end()) {
        const auto& loaded = it->second;
        if (loaded->version_ == version) {
            if (!loaded->error_.empty())
                return make_error(ErrorCode::FailedPrecondition, loaded->error_);
            return loaded;
        }
        return make_error(ErrorCode::FailedPrecondition,
                          "another build of " + manifest.id + " (version " + loaded->version_ +
                              ", " + loaded->path_.string() +
                              ") is already loaded in this process: restart Grove to use " +
                              version);
    }
    const std::uint32_t manifest_abi = manifest.sdk_abi;
    std::shared_ptr<ToolLibrary> self(new ToolLibrary());
    self->path_ = file;
    self->version_ = version;
    std::error_code ec;
    dlerror();  // clear any stale message
    self->library_.load(file, ec,
                        boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    if (ec || !self->library_.is_loaded()) {
        const char* reason = dlerror();
        return make_error(
            ErrorCode::FailedPrecondition,
            "cannot load " + file.string() + ": " + (reason ? std::string(reason) : ec.message()));
    }
    // From here on the library's static initialisers have run: keep it (also when it fails
    // below, so that a retry in this process gets the same answer instead of a second copy).
    loaded_by_id()[manifest.id] = self;

    if (!self->library_.has(sdk::kAbiEntryPoint))
        return self->remember_failure("missing entry point '" + std::string(sdk::kAbiEntryPoint) +
                                      "' in " + file.filename().string() +
                                      ": the tool was not built with GROVE_TOOL_EXPORT");
    std::uint32_t abi = 0;
    auto thrown = catch_exceptions("the ABI entry point", [&] {
        abi = self->library_.get_alias<sdk::AbiFunction>(sdk::kAbiEntryPoint)();
    });
    if (thrown) return self->remember_failure(*thrown);
    self->abi_ = abi;
    if (auto refusal = abi_refusal(abi, manifest.name)) return self->remember_failure(*refusal);
    if (abi != manifest_abi)
        return self->remember_failure("the manifest says SDK ABI " + std::to_string(manifest_abi) +
                                      " but the library reports ABI " + std::to_string(abi) +
                                      ": the manifest does not belong to this build");

    std::optional<std::string> refusal;
    thrown = catch_exceptions("the build version entry points", [&] {
        refusal = build_versions_refusal(self->library_, manifest.name);
    });
    if (thrown) return self->remember_failure(*thrown);
    if (refusal) return self->remember_failure(*refusal);

    if (!self->library_.has(sdk::kFactoryEntryPoint))
        return self->remember_failure(
            "missing entry point '" + std::string(sdk::kFactoryEntryPoint) + "' in " +
            file.filename().string() + ": the tool was not built with GROVE_TOOL_EXPORT");
    thrown = catch_exceptions("looking up the factory", [&] {
        self->factory_ = &self->library_.get_alias<sdk::FactoryFunction>(sdk::kFactoryEntryPoint);
    });
    if (thrown) return self->remember_failure(*thrown);
    return self;
}

Error ToolLibrary::remember_failure(std::string text) {
    error_ = text;
    return make_error(ErrorCode::FailedPrecondition, std::move(text));
}

Result<std::shared_ptr<sdk::Tool>> ToolLibrary::create_tool() {
    sdk::Tool* raw = nullptr;
    auto thrown = catch_exceptions("the tool's constructor", [&] { raw = factory_(); });
    if (thrown) return make_error(ErrorCode::Internal, *thrown);
    if (!raw) return make_error(ErrorCode::Internal, "the tool's factory returned no tool");
    // The deleter keeps this library referenced while the Tool lives.
    return std::shared_ptr<sdk::Tool>(
        raw, [library = shared_from_this()](sdk::Tool* tool) { delete tool; });
}

}  // namespace grove::platform
