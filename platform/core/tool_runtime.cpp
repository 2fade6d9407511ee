#include "core/tool_runtime.h"

#include <future>
#include <set>

namespace grove::platform {

ToolRuntime::ToolRuntime(ToolHost& host, Post post)
    : host_(host), post_(std::move(post)), host_thread_(std::this_thread::get_id()) {}

InstanceAddress ToolRuntime::address(const SpaceId& space, const ToolInstanceId& instance) {
    InstanceAddress a;
    a.space = space;
    a.instance = instance;
    return a;
}

void ToolRuntime::on_event(const SpaceId& space, const ToolEvent& event) {
    Command c;
    c.address = address(space, event.instance.id);
    c.record = event.instance;
    switch (event.kind) {
        case ToolEvent::Kind::Added: c.kind = Command::Kind::Added; break;
        case ToolEvent::Kind::Renamed: c.kind = Command::Kind::Renamed; break;
        case ToolEvent::Kind::Removed: c.kind = Command::Kind::Removed; break;
        case ToolEvent::Kind::MembersChanged: c.kind = Command::Kind::MembersChanged; break;
        case ToolEvent::Kind::Operation: {
            c.kind = Command::Kind::Operation;
            c.payload.assign(event.payload.begin(), event.payload.end());
            c.operation.id = event.origin.delta_id;
            c.operation.author_device = event.origin.device;
            c.operation.author_identity = event.origin.identity;
            c.operation.author_role = event.author_role;
            c.operation.lamport = event.origin.lamport;
            c.operation.wall_time_ms = event.origin.wall_time_ms;
            break;
        }
    }
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(c));
}

void ToolRuntime::reset() {
    std::lock_guard lock(mutex_);
    queue_.push_back(Command{Command::Kind::Reset, {}, {}, {}, {}});
}

void ToolRuntime::reset_space(const SpaceId& space) {
    Command c{Command::Kind::ResetSpace, {}, {}, {}, {}};
    c.address.space = space;
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(c));
}

void ToolRuntime::schedule() {
    {
        std::lock_guard lock(mutex_);
        if (scheduled_ || queue_.empty()) return;
        scheduled_ = true;
    }
    post_([this] { drain(); });
}

void ToolRuntime::deliver_ephemeral(const InstanceAddress& address,
                                    const crypto::SignPublicKey& device,
                                    const crypto::SignPublicKey& identity, std::string payload,
                                    std::int64_t received) {
    post_([this, address, device, identity, payload = std::move(payload), received] {
        sdk::EphemeralMessage message;
        message.from_device = device;
        message.from_identity = identity;
        message.payload = sdk::ByteView(reinterpret_cast<const std::uint8_t*>(payload.data()),
                                        payload.size());
        message.received_ms = received;
        host_.deliver_ephemeral(address, message);  // ignores an unknown address
    });
}

void ToolRuntime::call_on_host(const std::function<void()>& fn) {
    if (on_host_thread()) return fn();
    std::promise<void> done;
    post_([&] {
        fn();
        done.set_value();
    });
    done.get_future().wait();
}

void ToolRuntime::drain() {
    {
        std::lock_guard lock(mutex_);
        scheduled_ = false;
        if (draining_) return;  // a tool submitted from inside apply: the outer loop continues
        draining_ = true;
    }
    // Digests and statuses are refreshed once per touched instance when the queue runs dry,
    // not after every operation: a digest can cost as much as the tool's whole state.
    std::set<InstanceAddress> touched;
    // Spaces whose membership changed: their tools hear it once, when the queue runs dry.
    std::set<sdk::SpaceId> members_changed;
    for (;;) {
        Command c;
        bool empty;
        {
            std::lock_guard lock(mutex_);
            empty = queue_.empty();
            if (!empty) {
                c = std::move(queue_.front());
                queue_.pop_front();
            }
        }
        if (empty) {
            for (const auto& space : members_changed) {
                host_.members_changed(space);  // a tool that throws fails its instance
                for (const auto& st : host_.instances(space)) touched.insert(st.address);
            }
            members_changed.clear();
            for (const auto& address : touched) refresh(address);
            touched.clear();
            std::lock_guard lock(mutex_);
            if (!queue_.empty()) continue;
            draining_ = false;
            return;
        }
        switch (c.kind) {
            case Command::Kind::Added: {
                NewToolInstance n{c.address, c.record.tool_id, c.record.name, c.record.min_version};
                auto bridge = bridge_factory_ ? bridge_factory_(c.address) : nullptr;
                if (bridge) (void)host_.add_instance(n, std::move(bridge));
                break;
            }
            case Command::Kind::Renamed:
                (void)host_.rename_instance(c.address, c.record.name);
                break;
            case Command::Kind::Removed:
                (void)host_.remove_instance(c.address);
                break;
            case Command::Kind::Operation:
                c.operation.payload = c.payload;
                (void)host_.apply(c.address, c.operation);  // errors are recorded on the instance
                break;
            case Command::Kind::MembersChanged:
                members_changed.insert(c.address.space);
                continue;
            case Command::Kind::Reset: {
                for (const auto& st : host_.instances()) (void)host_.remove_instance(st.address);
                std::lock_guard lock(mutex_);
                digests_.clear();
                statuses_.clear();
                continue;
            }
            case Command::Kind::ResetSpace: {
                std::vector<InstanceAddress> gone;
                for (const auto& st : host_.instances())
                    if (st.address.space == c.address.space) gone.push_back(st.address);
                for (const auto& a : gone) {
                    (void)host_.remove_instance(a);
                    touched.erase(a);
                }
                std::lock_guard lock(mutex_);
                for (const auto& a : gone) {
                    digests_.erase(a);
                    statuses_.erase(a);
                }
                continue;
            }
        }
        touched.insert(c.address);
    }
}

Result<ToolStatus> ToolRuntime::enable(const std::string& tool_id) {
    Result<ToolStatus> out =
        make_error(ErrorCode::NotFound, "tool " + tool_id + " is not installed");
    call_on_host([&] {
        auto started = host_.enable(tool_id);
        if (!started) {
            out = started.error();
            return;
        }
        for (const auto& address : *started) refresh(address);
        if (auto status = host_.tool(tool_id)) out = *status;
    });
    return out;
}

void ToolRuntime::refresh(const InstanceAddress& address) {
    auto st = host_.instance(address);
    auto digest = st && st->state == InstanceState::Running ? host_.digest(address)
                                                              : Result<sdk::Digest>(Error{});
    std::lock_guard lock(mutex_);
    if (st)
        statuses_[address] = *st;
    else
        statuses_.erase(address);
    if (digest.ok())
        digests_[address] = *digest;
    else
        digests_.erase(address);
}

std::optional<crypto::Hash> ToolRuntime::digest(const InstanceAddress& address) const {
    std::lock_guard lock(mutex_);
    auto it = digests_.find(address);
    if (it == digests_.end()) return std::nullopt;
    return it->second;
}

std::optional<InstanceStatus> ToolRuntime::status(const InstanceAddress& address) const {
    std::lock_guard lock(mutex_);
    auto it = statuses_.find(address);
    if (it == statuses_.end()) return std::nullopt;
    return it->second;
}

}  // namespace grove::platform
