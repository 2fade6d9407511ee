// ToolWatchStreams: a tool service's whole Watch — one resumable event journal per instance, and
// the stream loop (replay after a cursor, live marker, live events, clean endings) — in one call.
#pragma once

#include <grove/sdk/eventjournal.h>
#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/watchqueue.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace grove::sdk {

// Initial metadata of every Watch, sent once the subscription is live (nothing later is missed):
// `grove-watch: live` and `grove-cursor: <cursor>`, the cursor to resume from if no event comes.
inline constexpr const char* kWatchLiveKey = "grove-watch";
inline constexpr const char* kWatchCursorKey = "grove-cursor";

// `Event` is the tool's event message; it must have a `string cursor` field (set_cursor).
template <class Event>
class ToolWatchStreams {
public:
    // The instance's changes, as events: `attach` runs once per instance on the host thread (the
    // first time anyone watches it) and must subscribe to the instance so that every change calls
    // `publish(event)` and the instance's end calls `closed()`. Both may be called from the host
    // thread only, and neither blocks.
    using Publish = std::function<void(Event)>;
    using Closed = std::function<void()>;
    using Attach = std::function<void(ToolInstance&, Publish, Closed)>;

    struct Options {
        JournalLimits journal;                 // per instance, for resuming
        std::size_t live_queue_events = 1024;  // events waiting for one slow client
        std::chrono::milliseconds poll{200};   // how often a quiet stream checks for the end
    };

    ToolWatchStreams(ToolServiceContext& context, Attach attach, Options options = {})
        : context_(context), attach_(std::move(attach)), options_(options) {}

    // Serves one Watch until the client leaves, the instance goes (NOT_FOUND) or the client falls
    // behind (RESOURCE_EXHAUSTED: resume from the last cursor it received). With `cursor`, first
    // every retained event after it; errors as EventJournal::subscribe says. The caller has
    // already authorized the call.
    grpc::Status serve(grpc::ServerContext& call, const std::string& space_id,
                       const std::string& instance_id, const std::string& cursor,
                       grpc::ServerWriter<Event>& writer) {
        auto journal = journal_for(space_id, instance_id);
        if (!journal) return grpc_status(journal.error());
        auto queue =
            std::make_shared<WatchQueue<typename Journal::Entry>>(options_.live_queue_events);
        auto subscription = (*journal)->subscribe(
            cursor, [queue](const typename Journal::Entry& entry) { queue->push(entry); },
            [queue] { queue->close(); });
        if (!subscription) return grpc_status(subscription.error());
        const std::uint64_t token = subscription->token;
        struct Leave {
            std::shared_ptr<Journal> journal;
            std::uint64_t token;
            ~Leave() { journal->unsubscribe(token); }
        } leave{*journal, token};

        call.AddInitialMetadata(kWatchLiveKey, "live");
        call.AddInitialMetadata(kWatchCursorKey, subscription->cursor_now);
        writer.SendInitialMetadata();
        for (const auto& entry : subscription->replay)
            if (!write(writer, entry)) return grpc::Status::CANCELLED;
        subscription->replay.clear();

        while (!call.IsCancelled()) {
            if (auto entry = queue->pop_for(options_.poll)) {
                if (!write(writer, *entry)) return grpc::Status::CANCELLED;
                continue;
            }
            if (queue->overflowed())
                return {grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "the watcher fell more than " + std::to_string(options_.live_queue_events) +
                            " events behind; watch again from the last cursor received"};
            if (queue->closed()) return {grpc::StatusCode::NOT_FOUND, "the instance was removed"};
        }
        return grpc::Status::CANCELLED;
    }

private:
    using Journal = EventJournal<Event>;

    static bool write(grpc::ServerWriter<Event>& writer, const typename Journal::Entry& entry) {
        Event out = entry.event;
        out.set_cursor(entry.cursor);
        return writer.Write(out);
    }

    static std::string lower(std::string text) {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    }

    // The instance's journal, attaching one on first use (or after the instance came back).
    Result<std::shared_ptr<Journal>> journal_for(const std::string& space_id,
                                                 const std::string& instance_id) {
        const auto key = std::make_pair(lower(space_id), lower(instance_id));
        std::lock_guard lock(mutex_);
        std::erase_if(journals_, [](const auto& entry) { return entry.second->closed(); });
        if (auto it = journals_.find(key); it != journals_.end()) return it->second;
        auto journal = std::make_shared<Journal>(
            [](const Event& event) { return static_cast<std::size_t>(event.ByteSizeLong()); },
            options_.journal);
        auto attached = context_.with_instance(space_id, instance_id, [&](ToolInstance& instance) {
            attach_(
                instance, [journal](Event event) { journal->append(std::move(event)); },
                [journal] { journal->close(); });
        });
        if (!attached) return attached.error();
        journals_[key] = journal;
        return journal;
    }

    ToolServiceContext& context_;
    Attach attach_;
    Options options_;
    std::mutex mutex_;  // guards journals_; held while attaching (a hop to the host thread)
    std::map<std::pair<std::string, std::string>, std::shared_ptr<Journal>> journals_;
};

}  // namespace grove::sdk
