#include "toolhost/toolspec.h"

#include <grove/sdk/tool.h>

#include <iostream>
#include <system_error>

#include "toolhost/abicheck.h"
#include "toolhost/boundary.h"
#include "toolhost/manifestreader.h"
#include "toolhost/toollibrary.h"

namespace grove::platform {
namespace fs = std::filesystem;

const char* to_string(ToolState state) {
    switch (state) {
        case ToolState::Read:
            return "read";
        case ToolState::Resolved:
            return "resolved";
        case ToolState::Loaded:
            return "loaded";
        case ToolState::Running:
            return "running";
        case ToolState::Failed:
            return "failed";
    }
    return "unknown";
}

ToolSpec::ToolSpec(fs::path directory, std::size_t rank, CrashGuard& guard)
    : rank_(rank), guard_(guard) {
    status_.directory = std::move(directory);
}

CrashGuard::Scope ToolSpec::guard(std::string_view stage) const {
    return guard_.enter(status_.manifest.id, stage);
}

void ToolSpec::disable(const std::string& reason) {
    if (status_.state != ToolState::Read) return;
    status_.disabled = true;
    fail(ToolState::Resolved,
         "disabled: it " + reason + "; enable it again (ToolService.Enable) once it is fixed");
}

ToolSpec::~ToolSpec() = default;

void ToolSpec::fail(ToolState stage, std::string error) {
    status_.state = ToolState::Failed;
    status_.failed_stage = stage;
    status_.error = std::move(error);
}

void ToolSpec::fail_as_duplicate(std::string error) {
    status_.duplicate = true;
    fail(ToolState::Resolved, std::move(error));
}

void ToolSpec::read() {
    auto manifest = ManifestReader::read_directory(status_.directory);
    if (!manifest) return fail(ToolState::Read, "invalid manifest: " + manifest.error().message);
    status_.manifest = std::move(*manifest);
    status_.state = ToolState::Read;
}

void ToolSpec::resolve() {
    if (status_.state != ToolState::Read) return;
    const auto& m = status_.manifest;
    if (auto refusal = abi_refusal(m.sdk_abi, m.name))
        return fail(ToolState::Resolved, std::move(*refusal));
    std::error_code ec;
    fs::path library = status_.directory / m.library;
    if (!fs::is_regular_file(library, ec))
        return fail(ToolState::Resolved,
                    "library " + library.string() + " named by the manifest is missing");
    status_.state = ToolState::Resolved;
}

void ToolSpec::load() {
    if (status_.state != ToolState::Resolved) return;
    auto scope = guard("loading");  // the library's static initialisers run in dlopen
    auto library =
        ToolLibrary::open(status_.directory / status_.manifest.library, status_.manifest);
    if (!library) return fail(ToolState::Loaded, "loading failed: " + library.error().message);
    library_ = std::move(*library);
    status_.state = ToolState::Loaded;
}

void ToolSpec::start() {
    if (status_.state != ToolState::Loaded) return;
    auto scope = guard("its constructor");
    auto tool = library_->create_tool();
    if (!tool) return fail(ToolState::Running, "starting failed: " + tool.error().message);
    tool_ = std::move(*tool);
    status_.state = ToolState::Running;
}

grpc::Service* ToolSpec::service(std::unique_ptr<sdk::ToolServiceContext> context) {
    if (service_requested_ || !tool_) return service_;
    service_requested_ = true;
    service_context_ = std::move(context);
    std::optional<std::string> thrown;
    {
        auto scope = guard("Tool::service");
        thrown = catch_exceptions("Tool::service",
                                  [&] { service_ = tool_->service(*service_context_); });
    }
    if (thrown) {
        service_ = nullptr;
        std::cerr << "grove: tool " << status_.manifest.id << ": " << *thrown << " (no service)\n";
    }
    return service_;
}

}  // namespace grove::platform
