#include "toolhost/toolhost.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <iostream>
#include <system_error>

#include "toolhost/boundary.h"
#include "toolhost/hostedservicecontext.h"
#include "toolhost/toolhost_p.h"
#include "toolhost/toolsearchpath.h"

namespace grove::platform {
namespace fs = std::filesystem;

namespace {

// "org.grove.discussion" → "Discussion": a name for tools this peer has never seen.
std::string name_from_id(std::string_view id) {
    auto dot = id.rfind('.');
    std::string name(dot == std::string_view::npos ? id : id.substr(dot + 1));
    if (!name.empty())
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

// "2026-12-07 12:34:56 UTC"
std::string utc_time(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm parts{};
    ::gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return text;
}

std::vector<fs::path> tool_directories_in(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (fs::is_regular_file(dir / sdk::kManifestFileName, ec)) {
        out.push_back(dir);  // the search entry is a tool directory itself
        return out;
    }
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code entry_ec;
        if (it->is_directory(entry_ec) && fs::exists(it->path() / sdk::kManifestFileName, entry_ec))
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

// ---------------------------------------------------------------- Private

HostedInstance* ToolHost::Private::find(const InstanceAddress& address) const {
    auto it = instances.find(address);
    return it == instances.end() ? nullptr : it->second.get();
}

ToolSpec* ToolHost::Private::running_spec(std::string_view tool_id) const {
    for (const auto& spec : specs)
        if (spec->state() == ToolState::Running && spec->manifest().id == tool_id)
            return spec.get();
    return nullptr;
}

ToolSpec* ToolHost::Private::spec_for(std::string_view tool_id) const {
    if (ToolSpec* running = running_spec(tool_id)) return running;
    ToolSpec* best = nullptr;
    for (const auto& spec : specs) {
        if (spec->manifest().id != tool_id) continue;
        if (spec->status().duplicate) continue;
        if (!best) best = spec.get();
    }
    return best;
}

std::string ToolHost::Private::placeholder_message(const HostedInstance& instance) const {
    const InstanceStatus& status = instance.status();
    ToolSpec* spec = spec_for(status.tool_id);
    std::string name = spec ? spec->manifest().name : name_from_id(status.tool_id);
    if (name.empty()) name = name_from_id(status.tool_id);
    auto wanted = sdk::SemanticVersion::parse(status.required_version);
    std::string needs = "needs " + name;
    if (!status.required_version.empty()) {
        if (!wanted)
            return needs + " (unreadable version requirement '" + status.required_version + "')";
        needs += " \u2265 " + status.required_version;
    }
    if (!spec) return needs + " (not installed)";
    const auto& m = spec->manifest();
    if (spec->state() == ToolState::Failed)
        return needs + " (the installed " + name + " failed: " + spec->status().error + ")";
    if (spec->state() != ToolState::Running)
        return needs + " (" + name + " is " + to_string(spec->state()) + ")";
    if (wanted && m.version < *wanted)
        return needs + " (" + name + " " + m.version.to_string() + " is installed)";
    if (wanted && *wanted < m.compat_version)
        return needs + " (the installed " + name + " " + m.version.to_string() +
               " opens instances made for " + m.compat_version.to_string() + " or later only)";
    return needs;
}

void ToolHost::Private::open_or_explain(HostedInstance& instance) {
    if (instance.running()) return;
    const InstanceStatus& status = instance.status();
    ToolSpec* spec = running_spec(status.tool_id);
    bool fits = false;
    if (spec) {
        if (status.required_version.empty()) {
            fits = true;
        } else if (auto wanted = sdk::SemanticVersion::parse(status.required_version)) {
            fits = spec->manifest().provides(*wanted);
        }
    }
    if (fits && instance.could_open_with(*spec)) {
        instance.open(*spec);
        return;
    }
    if (!fits) instance.set_placeholder(placeholder_message(instance));
}

Result<bool> ToolHost::Private::notify(const HostedInstance& instance,
                                       const sdk::Notification& notification) {
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    auto fresh = notifications.record(instance.status().address, notification, now_ms);
    if (!fresh || !*fresh) return fresh;
    if (notification_sink) {
        notification_sink(ToolNotification{instance.status(), notification});
    } else {
        std::cerr << "grove: [" << instance.status().tool_id << " "
                  << instance.status().address.to_string() << "] " << notification.title
                  << (notification.body.empty() ? "" : " — ") << notification.body << "\n";
    }
    return true;
}

bool ToolHost::Private::dispatch(const std::function<void()>& work) {
    return dispatcher ? dispatcher(work) : default_dispatcher.run(work);
}

// ---------------------------------------------------------------- ToolHost

ToolHost::ToolHost(ToolHostOptions options) : d(std::make_unique<Private>()) {
    d->options = std::move(options);
    if (d->options.search_path.empty()) d->options.search_path = ToolSearchPath::standard();
    const fs::path& state = d->options.state_directory;
    if (state.empty()) return;
    d->crash_guard = std::make_unique<CrashGuard>(state / "tool-crash-guard");
    d->disabled = DisabledTools(state / "tools-disabled");
    d->notifications = NotificationLedger(state / "tool-notifications");
    if (const auto& crash = d->crash_guard->previous()) {
        const std::string reason =
            "crashed during " + crash->stage + " on " + utc_time(crash->since_ms);
        std::cerr << "grove: the last run ended inside tool " << crash->tool_id << ", which "
                  << reason << ": it is disabled until enabled again\n";
        if (auto saved = d->disabled.disable(crash->tool_id, reason); !saved)
            std::cerr << "grove: " << saved.error().message
                      << " (the tool is disabled for this run only)\n";
    }
}

ToolHost::~ToolHost() {
    // Models first (they may use their contexts and bridges), then tools and their services.
    for (auto& [address, instance] : d->instances) instance->mark_removed();
    d->instances.clear();
    d->specs.clear();
}

std::vector<InstanceAddress> ToolHost::scan() {
    // Tools whose code never loaded are read afresh: their files may have changed.
    std::erase_if(d->specs, [](const auto& spec) { return !spec->code_loaded(); });

    for (std::size_t rank = 0; rank < d->options.search_path.size(); ++rank) {
        const fs::path& dir = d->options.search_path[rank];
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        for (const fs::path& tool_dir : tool_directories_in(dir)) {
            bool known = std::any_of(d->specs.begin(), d->specs.end(), [&](const auto& spec) {
                return spec->status().directory == tool_dir;
            });
            if (known) continue;
            auto spec = std::make_unique<ToolSpec>(tool_dir, rank, *d->crash_guard);
            spec->read();
            if (spec->state() == ToolState::Read) {
                if (auto reason = d->disabled.reason(spec->manifest().id)) spec->disable(*reason);
            }
            spec->resolve();
            d->specs.push_back(std::move(spec));
        }
    }

    // One tool per id: one already holding code wins, else the highest version, else the
    // earlier search directory.
    std::map<std::string, std::vector<ToolSpec*>> by_id;
    for (const auto& spec : d->specs) {
        ToolState state = spec->state();
        if (state == ToolState::Resolved || state == ToolState::Loaded ||
            state == ToolState::Running)
            by_id[spec->manifest().id].push_back(spec.get());
    }
    for (auto& [id, group] : by_id) {
        if (group.size() < 2) continue;
        ToolSpec* winner = nullptr;
        for (ToolSpec* spec : group)
            if (spec->code_loaded()) winner = winner ? winner : spec;
        if (!winner) {
            winner = *std::max_element(group.begin(), group.end(), [](ToolSpec* a, ToolSpec* b) {
                if (a->manifest().version != b->manifest().version)
                    return a->manifest().version < b->manifest().version;
                return a->rank() > b->rank();
            });
        }
        for (ToolSpec* spec : group) {
            if (spec == winner) continue;
            spec->fail_as_duplicate("duplicate tool id " + id + ": " +
                                    winner->status().directory.string() + " (version " +
                                    winner->manifest().version.to_string() + ") is used instead");
        }
    }

    for (const auto& spec : d->specs) {
        spec->load();
        spec->start();
    }

    std::vector<InstanceAddress> started;
    for (auto& [address, instance] : d->instances) {
        bool was_running = instance->running();
        d->open_or_explain(*instance);
        if (!was_running && instance->running()) started.push_back(address);
    }
    return started;
}

std::vector<ToolStatus> ToolHost::tools() const {
    std::vector<ToolStatus> out;
    for (const auto& spec : d->specs) out.push_back(spec->status());
    std::stable_sort(out.begin(), out.end(), [](const ToolStatus& a, const ToolStatus& b) {
        return a.manifest.id < b.manifest.id;
    });
    return out;
}

Result<std::vector<InstanceAddress>> ToolHost::enable(std::string_view tool_id) {
    GROVE_TRY(d->disabled.enable(tool_id));
    return scan();
}

std::optional<ToolStatus> ToolHost::tool(std::string_view tool_id) const {
    if (ToolSpec* spec = d->spec_for(tool_id)) return spec->status();
    return std::nullopt;
}

Result<std::string> ToolHost::version_for_new_instance(std::string_view tool_id) const {
    if (ToolSpec* spec = d->running_spec(tool_id))
        return spec->manifest().compat_version.to_string();
    if (ToolSpec* spec = d->spec_for(tool_id))
        return make_error(ErrorCode::FailedPrecondition,
                          "tool " + std::string(tool_id) + " is " + to_string(spec->state()) +
                              (spec->status().error.empty() ? "" : ": " + spec->status().error));
    return make_error(ErrorCode::NotFound, "tool " + std::string(tool_id) + " is not installed");
}

Result<InstanceStatus> ToolHost::add_instance(const NewToolInstance& info,
                                              std::unique_ptr<InstanceBridge> bridge) {
    if (!bridge) return make_error(ErrorCode::InvalidArgument, "an instance needs a bridge");
    if (d->find(info.address))
        return make_error(ErrorCode::AlreadyExists,
                          "tool instance " + info.address.to_string() + " already exists");
    auto instance =
        std::make_unique<HostedInstance>(info, std::move(bridge), d->blobs, d->observer);
    HostedInstance& ref = *instance;
    ref.set_notifier([host = d.get(), &ref](const sdk::Notification& notification) {
        return host->notify(ref, notification);
    });
    d->instances.emplace(info.address, std::move(instance));
    d->open_or_explain(ref);
    ref.start_notifying();
    if (d->observer) d->observer(ref.status());
    return ref.status();
}

Result<void> ToolHost::rename_instance(const InstanceAddress& address, const std::string& name) {
    HostedInstance* instance = d->find(address);
    if (!instance)
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    instance->rename(name);
    return {};
}

Result<void> ToolHost::remove_instance(const InstanceAddress& address) {
    auto it = d->instances.find(address);
    if (it == d->instances.end())
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    it->second->mark_removed();
    if (d->removal_observer) {
        d->removal_observer(it->second->status());  // views close while the model lives
        it = d->instances.find(address);
        if (it == d->instances.end()) return {};
    }
    InstanceStatus last = it->second->status();
    last.message = "removed";
    auto doomed = std::move(it->second);
    d->instances.erase(it);
    doomed.reset();
    if (d->observer) d->observer(last);
    return {};
}

Result<void> ToolHost::apply(const InstanceAddress& address, const sdk::Operation& operation) {
    HostedInstance* instance = d->find(address);
    if (!instance)
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    return instance->apply(operation);
}

Result<sdk::Digest> ToolHost::digest(const InstanceAddress& address) const {
    HostedInstance* instance = d->find(address);
    if (!instance)
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    return instance->digest();
}

Result<sdk::Bytes> ToolHost::snapshot(const InstanceAddress& address) const {
    HostedInstance* instance = d->find(address);
    if (!instance)
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    return instance->snapshot();
}

Result<void> ToolHost::restore(const InstanceAddress& address, sdk::ByteView snapshot) {
    HostedInstance* instance = d->find(address);
    if (!instance)
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    return instance->restore(snapshot);
}

void ToolHost::deliver_ephemeral(const InstanceAddress& address,
                                 const sdk::EphemeralMessage& message) {
    if (HostedInstance* instance = d->find(address)) instance->deliver_ephemeral(message);
}

void ToolHost::members_changed(const sdk::SpaceId& space) {
    std::vector<HostedInstance*> targets;
    for (auto& [address, instance] : d->instances)
        if (address.space == space) targets.push_back(instance.get());
    for (HostedInstance* instance : targets) instance->members_changed();
}

std::optional<InstanceStatus> ToolHost::instance(const InstanceAddress& address) const {
    if (HostedInstance* instance = d->find(address)) return instance->status();
    return std::nullopt;
}

std::vector<InstanceStatus> ToolHost::instances(std::optional<sdk::SpaceId> space) const {
    std::vector<InstanceStatus> out;
    for (const auto& [address, instance] : d->instances)
        if (!space || address.space == *space) out.push_back(instance->status());
    return out;
}

QObject* ToolHost::model(const InstanceAddress& address) {
    HostedInstance* instance = d->find(address);
    return instance ? instance->model() : nullptr;
}

Result<std::string> ToolHost::view_url(const InstanceAddress& address,
                                       std::string_view view_id) const {
    HostedInstance* instance = d->find(address);
    if (!instance)
        return make_error(ErrorCode::NotFound, "no tool instance " + address.to_string());
    if (!instance->running() || !instance->spec())
        return make_error(ErrorCode::FailedPrecondition, instance->status().message);
    const auto& views = instance->spec()->manifest().views;
    for (const auto& view : views)
        if (view_id.empty() || view.id == view_id) return view.url;
    return make_error(ErrorCode::NotFound,
                      instance->status().tool_id + " has no view '" + std::string(view_id) + "'");
}

std::vector<grpc::Service*> ToolHost::services() {
    std::vector<grpc::Service*> out;
    for (const auto& spec : d->specs) {
        if (spec->state() != ToolState::Running) continue;
        grpc::Service* service =
            spec->service_requested()
                ? spec->service(nullptr)
                : spec->service(std::make_unique<HostedServiceContext>(*d, spec->manifest().id));
        if (service) out.push_back(service);
    }
    return out;
}

void ToolHost::set_dispatcher(Dispatcher dispatcher) {
    d->dispatcher = std::move(dispatcher);
}

void ToolHost::set_call_authorizer(CallAuthorizer authorizer) {
    d->authorizer = std::move(authorizer);
}

void ToolHost::set_instance_observer(std::function<void(const InstanceStatus&)> observer) {
    d->observer = std::move(observer);
}

void ToolHost::set_removal_observer(std::function<void(const InstanceStatus&)> observer) {
    d->removal_observer = std::move(observer);
}

void ToolHost::set_notification_sink(std::function<void(const ToolNotification&)> sink) {
    d->notification_sink = std::move(sink);
}

}  // namespace grove::platform
