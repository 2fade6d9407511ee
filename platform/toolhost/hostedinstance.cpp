#include "toolhost/hostedinstance.h"

#include <grove/sdk/tool.h>

#include <algorithm>

#include "toolhost/hostedtoolcontext.h"
#include "toolhost/toolspec.h"

namespace grove::platform {

const char* to_string(InstanceState state) {
    switch (state) {
        case InstanceState::Running:
            return "running";
        case InstanceState::Placeholder:
            return "placeholder";
        case InstanceState::Failed:
            return "failed";
    }
    return "unknown";
}

HostedInstance::HostedInstance(const NewToolInstance& info, std::unique_ptr<InstanceBridge> bridge,
                               sdk::BlobStore& fallback_blobs, const Observer& observer)
    : bridge_(std::move(bridge)), fallback_blobs_(fallback_blobs), observer_(observer) {
    status_.address = info.address;
    status_.tool_id = info.tool_id;
    status_.name = info.name;
    status_.required_version = info.required_version;
    status_.state = InstanceState::Placeholder;
    context_ = std::make_unique<HostedToolContext>(*this);
}

HostedInstance::~HostedInstance() {
    // The model goes first, while the context and bridge it may use still exist.
    instance_.reset();
}

void HostedInstance::notify() {
    if (notifying_ && observer_) observer_(status_);
}

void HostedInstance::fail(std::string message) {
    status_.state = InstanceState::Failed;
    status_.message = std::move(message);
    if (spec_) failed_specs_.push_back(spec_);
    if (ever_ran_) {
        // History from before the failure is not kept: nothing to replay a later attempt from.
        kept_.clear();
        kept_snapshot_.reset();
    }
    status_.kept_operations = kept_.size();
    bridge_->log(sdk::LogLevel::Error, "tool instance " + status_.address.to_string() + " (" +
                                           status_.tool_id + ") stopped: " + status_.message);
    notify();
}

void HostedInstance::set_placeholder(std::string message) {
    if (running()) return;
    bool changed = status_.state != InstanceState::Placeholder || status_.message != message;
    // A failure on a tool stays visible until another tool can be tried.
    if (status_.state == InstanceState::Failed) return;
    status_.state = InstanceState::Placeholder;
    status_.message = std::move(message);
    if (changed) notify();
}

bool HostedInstance::could_open_with(const ToolSpec& spec) const {
    if (running() || ever_ran_) return false;
    return std::find(failed_specs_.begin(), failed_specs_.end(), &spec) == failed_specs_.end();
}

bool HostedInstance::open(ToolSpec& spec) {
    if (!could_open_with(spec) || !spec.tool()) return false;
    spec_ = &spec;
    const std::string& id = spec.manifest().id;
    std::optional<Result<std::unique_ptr<sdk::ToolInstance>>> created;
    auto thrown = spec.call_guarded(
        "create_instance", [&] { created.emplace(spec.tool()->create_instance(*context_)); });
    if (thrown) {
        fail(*thrown);
        return false;
    }
    if (!created->ok()) {
        fail(id + " create_instance failed: " + created->error().message);
        return false;
    }
    if (!created->value()) {
        fail(id + " create_instance returned no instance");
        return false;
    }
    // The deleter keeps the Tool (and so its library) alive while the model lives.
    instance_ = std::shared_ptr<sdk::ToolInstance>(
        created->value().release(), [tool = spec.tool()](sdk::ToolInstance* p) { delete p; });
    ever_ran_ = true;
    status_.state = InstanceState::Running;
    status_.message.clear();

    // Catch up on what arrived while no tool could open it.
    std::optional<sdk::Bytes> snapshot = std::move(kept_snapshot_);
    kept_snapshot_.reset();
    std::vector<KeptOperation> kept = std::move(kept_);
    kept_.clear();
    status_.kept_operations = 0;
    if (snapshot) {
        std::optional<Result<void>> restored;
        auto thrown_restore =
            spec.call_guarded("restore", [&] { restored.emplace(instance_->restore(*snapshot)); });
        if (thrown_restore) {
            fail(*thrown_restore);
            return false;
        }
        if (!restored->ok()) {
            fail(id + " could not restore the kept snapshot: " + restored->error().message);
            return false;
        }
    }
    for (const KeptOperation& op : kept) {
        auto result = apply(op.view());
        if (!running()) return false;  // apply failed the instance and said why
        if (!result.ok())
            bridge_->log(sdk::LogLevel::Warning, "replayed operation " +
                                                     sdk::to_hex(op.operation.id) +
                                                     " rejected: " + result.error().message);
    }
    notify();
    return running();
}

Result<void> HostedInstance::apply(const sdk::Operation& operation) {
    if (status_.state != InstanceState::Running) {
        if (status_.state == InstanceState::Failed && ever_ran_)
            return make_error(ErrorCode::FailedPrecondition, status_.message);
        kept_.push_back(KeptOperation::copy_of(operation));
        status_.kept_operations = kept_.size();
        return {};
    }
    std::optional<Result<void>> result;
    auto thrown =
        spec_->call_guarded("apply", [&] { result.emplace(instance_->apply(operation)); });
    if (thrown) {
        fail(*thrown + " (operation " + sdk::to_hex(operation.id) + ")");
        return make_error(ErrorCode::FailedPrecondition, status_.message);
    }
    return std::move(*result);
}

Result<sdk::Digest> HostedInstance::digest() {
    if (!running())
        return make_error(
            ErrorCode::FailedPrecondition,
            "instance is " + std::string(to_string(status_.state)) + ": " + status_.message);
    sdk::Digest digest{};
    auto thrown = spec_->call_guarded("digest", [&] { digest = instance_->digest(); });
    if (thrown) {
        fail(*thrown);
        return make_error(ErrorCode::FailedPrecondition, status_.message);
    }
    return digest;
}

Result<sdk::Bytes> HostedInstance::snapshot() {
    if (!running())
        return make_error(
            ErrorCode::FailedPrecondition,
            "instance is " + std::string(to_string(status_.state)) + ": " + status_.message);
    std::optional<Result<sdk::Bytes>> result;
    auto thrown = spec_->call_guarded("snapshot", [&] { result.emplace(instance_->snapshot()); });
    if (thrown) {
        fail(*thrown);
        return make_error(ErrorCode::FailedPrecondition, status_.message);
    }
    return std::move(*result);
}

Result<void> HostedInstance::restore(sdk::ByteView snapshot) {
    if (!running()) {
        if (status_.state == InstanceState::Failed && ever_ran_)
            return make_error(ErrorCode::FailedPrecondition, status_.message);
        // Kept for when a tool can open it: the snapshot replaces everything before it.
        kept_snapshot_ = sdk::Bytes(snapshot.begin(), snapshot.end());
        kept_.clear();
        status_.kept_operations = 0;
        return {};
    }
    std::optional<Result<void>> result;
    auto thrown =
        spec_->call_guarded("restore", [&] { result.emplace(instance_->restore(snapshot)); });
    if (thrown) {
        fail(*thrown);
        return make_error(ErrorCode::FailedPrecondition, status_.message);
    }
    return std::move(*result);
}

void HostedInstance::rename(const std::string& name) {
    status_.name = name;
    if (running()) {
        auto thrown = spec_->call_guarded("renamed", [&] { instance_->renamed(name); });
        if (thrown) return fail(*thrown);
    }
    notify();
}

void HostedInstance::deliver_ephemeral(const sdk::EphemeralMessage& message) {
    if (!running()) return;
    auto thrown =
        spec_->call_guarded("receive_ephemeral", [&] { instance_->receive_ephemeral(message); });
    if (thrown) fail(*thrown);
}

void HostedInstance::members_changed() {
    if (!running()) return;
    auto thrown = spec_->call_guarded("members_changed", [&] { instance_->members_changed(); });
    if (thrown) fail(*thrown);
}

QObject* HostedInstance::model() {
    if (!running()) return nullptr;
    QObject* object = nullptr;
    auto thrown = spec_->call_guarded("model", [&] { object = instance_->model(); });
    if (thrown) {
        fail(*thrown);
        return nullptr;
    }
    return object;
}

sdk::BlobStore& HostedInstance::blobs() {
    if (sdk::BlobStore* store = bridge_->blobs()) return *store;
    return fallback_blobs_;
}

void HostedInstance::mark_removed() {
    removed_ = true;
}

Result<bool> HostedInstance::notify_person(const sdk::Notification& notification) {
    if (removed_ || !running())
        return make_error(ErrorCode::FailedPrecondition,
                          "the instance is not running: no notifications");
    if (!notifier_)
        return make_error(ErrorCode::FailedPrecondition, "this host shows no notifications");
    return notifier_(notification);
}

}  // namespace grove::platform
