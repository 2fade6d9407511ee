// The Peer's tool methods: attaching the tool host, tool instances as space deltas, and tool
// operations as DELTA_KIND_TOOL deltas.
#include <algorithm>

#include "core/core_instance_bridge.h"
#include "core/peer_impl.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
using grove::wire::v1::DeltaKind;

void Peer::Impl::connect_tools(Space& space) {
    if (!tools || space.has_tool_sink()) return;
    ToolRuntime* runtime = tools.get();
    SpaceId id = space.id();
    space.set_tool_sink([runtime, id](const ToolEvent& e) { runtime->on_event(id, e); });
    space.set_tool_digest_source([runtime, id](const ToolInstanceId& instance) {
        return runtime->digest(ToolRuntime::address(id, instance)).value_or(crypto::Hash{});
    });
}

Result<const ToolInstanceRecord*> Peer::Impl::resolve_tool(const Space& space,
                                                           const std::string& ref) const {
    if (ref.empty()) return make_error(ErrorCode::InvalidArgument, "no tool instance given");
    std::vector<const ToolInstanceRecord*> by_id, by_name;
    std::string lower = ref;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    for (const auto& [id, t] : space.tool_instances()) {
        if (t.removed) continue;
        std::string hex = to_hex(id);
        if (hex == lower || (ref.size() >= 4 && hex.rfind(lower, 0) == 0)) by_id.push_back(&t);
        if (t.name == ref) by_name.push_back(&t);
    }
    if (by_id.size() == 1) return by_id.front();
    if (by_name.size() == 1) return by_name.front();
    if (by_id.size() > 1 || by_name.size() > 1)
        return make_error(ErrorCode::InvalidArgument,
                          "\"" + ref + "\" names more than one tool instance: use its id");
    return make_error(ErrorCode::NotFound, "no tool instance \"" + ref + "\" in this space");
}

ToolInstanceView Peer::Impl::tool_view(const Space& space, const ToolInstanceRecord& t) const {
    ToolInstanceView v;
    v.id = to_hex(t.id);
    v.space_id = space.id_hex();
    v.tool_id = t.tool_id;
    v.name = t.name;
    v.required_version = t.min_version;
    v.state = "pending";
    if (tools) {
        if (auto st = tools->status(ToolRuntime::address(space.id(), t.id))) {
            v.state = to_string(st->state);
            v.message = st->message;
        }
    } else {
        v.state = "placeholder";
        v.message = "this peer has no tool host";
    }
    return v;
}

void Peer::attach_tool_host(ToolHost& host, std::function<void(std::function<void()>)> post) {
    std::lock_guard lock(impl_->mutex);
    impl_->tools = std::make_unique<ToolRuntime>(host, std::move(post));
    impl_->tools->set_bridge_factory([this](const InstanceAddress& address) {
        return std::make_unique<CoreInstanceBridge>(*this, address);
    });
    for (auto& [id, space] : impl_->spaces) impl_->connect_tools(*space);
}

ToolRuntime* Peer::tool_runtime() { return impl_->tools.get(); }

namespace {
ToolInfo tool_info(const ToolStatus& t) {
    ToolInfo info;
    info.id = t.manifest.id;
    info.name = t.manifest.name;
    info.description = t.manifest.description;
    info.version = t.manifest.version.to_string();
    info.publisher = t.manifest.publisher;
    info.state = to_string(t.state);
    info.error = t.error;
    info.disabled = t.disabled;
    return info;
}
}  // namespace

Result<std::vector<ToolInfo>> Peer::installed_tools() {
    ToolRuntime* runtime = impl_->tools.get();
    if (!runtime) return std::vector<ToolInfo>{};
    std::vector<ToolInfo> out;
    runtime->call_on_host([&] {
        for (const auto& t : runtime->host().tools()) out.push_back(tool_info(t));
    });
    return out;
}

Result<ToolInfo> Peer::enable_tool(const std::string& tool_id) {
    ToolRuntime* runtime = impl_->tools.get();
    if (!runtime)
        return make_error(ErrorCode::FailedPrecondition, "this peer has no tool host");
    auto enabled = runtime->enable(tool_id);
    if (!enabled) return enabled.error();
    return tool_info(*enabled);
}

Result<ToolInstanceView> Peer::add_tool(const std::string& space, const std::string& tool_id,
                                        const std::string& name) {
    if (tool_id.empty() || tool_id.size() > 200)
        return make_error(ErrorCode::InvalidArgument, "a tool id is 1 to 200 bytes");
    if (name.size() > 200) return make_error(ErrorCode::InvalidArgument, "the name is too long");
    // Which version to record: the installed tool's compat version (host thread, no peer lock).
    std::string version;
    std::string display_name = name;
    if (ToolRuntime* runtime = impl_->tools.get()) {
        Result<std::string> v = make_error(ErrorCode::NotFound, "");
        runtime->call_on_host([&] {
            v = runtime->host().version_for_new_instance(tool_id);
            if (auto st = runtime->host().tool(tool_id); st && display_name.empty())
                display_name = st->manifest.name;
        });
        if (!v.ok()) return v.error();
        version = *v;
    } else {
        return make_error(ErrorCode::FailedPrecondition,
                          "this peer has no tool host, so it cannot add tools");
    }
    if (display_name.empty()) display_name = tool_id;

    auto view = impl_->mutate(space, [&](Space& s, auto& events) -> Result<ToolInstanceView> {
        auto instance = crypto::random_array<kToolInstanceIdSize>();
        sp::SpaceOp op;
        auto* add = op.mutable_add_tool();
        add->set_instance_id(to_string(instance));
        add->set_tool_id(tool_id);
        add->set_name(display_name);
        add->set_min_version(version);
        GROVE_TRY(impl_->submit_one(s, Impl::space_op_draft(op), events));
        return impl_->tool_view(s, s.tool_instances().at(instance));
    });
    if (view.ok()) impl_->drain_tools_on_host_thread();
    return view;
}

Result<std::vector<ToolInstanceView>> Peer::list_tools(const std::string& space) const {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->resolve(space);
    if (!s.ok()) return s.error();
    std::vector<ToolInstanceView> out;
    for (const auto& [id, t] : (*s)->tool_instances())
        if (!t.removed) out.push_back(impl_->tool_view(**s, t));
    return out;
}

Result<ToolInstanceView> Peer::rename_tool(const std::string& space, const std::string& instance,
                                           const std::string& name) {
    if (name.empty() || name.size() > 200)
        return make_error(ErrorCode::InvalidArgument, "a tool instance name is 1 to 200 bytes");
    auto view = impl_->mutate(space, [&](Space& s, auto& events) -> Result<ToolInstanceView> {
        auto t = impl_->resolve_tool(s, instance);
        if (!t.ok()) return t.error();
        ToolInstanceId id = (*t)->id;
        sp::SpaceOp op;
        op.mutable_rename_tool()->set_instance_id(to_string(id));
        op.mutable_rename_tool()->set_name(name);
        GROVE_TRY(impl_->submit_one(s, Impl::space_op_draft(op), events));
        return impl_->tool_view(s, s.tool_instances().at(id));
    });
    if (view.ok()) impl_->drain_tools_on_host_thread();
    return view;
}

Result<void> Peer::remove_tool(const std::string& space, const std::string& instance) {
    auto removed = impl_->mutate(space, [&](Space& s, auto& events) -> Result<void> {
        auto t = impl_->resolve_tool(s, instance);
        if (!t.ok()) return t.error();
        sp::SpaceOp op;
        op.mutable_remove_tool()->set_instance_id(to_string((*t)->id));
        GROVE_TRY(impl_->submit_one(s, Impl::space_op_draft(op), events));
        return {};
    });
    if (removed.ok()) impl_->drain_tools_on_host_thread();
    return removed;
}

Result<std::string> Peer::submit_tool_operation(const std::string& space,
                                                const std::string& instance,
                                                const std::string& payload) {
    if (payload.size() > sdk::kMaxOperationPayload)
        return make_error(ErrorCode::ResourceExhausted, "a tool operation is at most 1 MiB");
    return impl_->mutate(space, [&](Space& s, auto& events) -> Result<std::string> {
        auto t = impl_->resolve_tool(s, instance);
        if (!t.ok()) return t.error();
        Space::Draft draft{DeltaKind::DELTA_KIND_TOOL, Bytes((*t)->id.begin(), (*t)->id.end()),
                           to_bytes(payload)};
        auto id = impl_->submit_one(s, std::move(draft), events);
        if (!id.ok()) return id.error();
        return to_hex(*id);
    });
}

}  // namespace grove::platform
