#include "api/watch_call.h"

#include <utility>
#include <vector>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/status_mapping.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

WatchCall::WatchCall(ServiceContext& context, WatchRegistry& registry, Journal& journal,
                     grpc::CallbackServerContext* call)
    : context_(context), registry_(registry), journal_(journal), call_(call) {}

WatchCall* WatchCall::start(ServiceContext& context, WatchRegistry& registry, Journal& journal,
                            grpc::CallbackServerContext* call,
                            const grpc::ByteBuffer* raw_request) {
    auto* self = new WatchCall(context, registry, journal, call);
    auto refuse = [self](grpc::Status status) {
        std::lock_guard lock(self->mutex_);
        self->setting_up_ = false;
        self->end_locked(std::move(status));
        return self;
    };
    if (grpc::Status status = context.auth.check(*call, kRead, self->caller_); !status.ok())
        return refuse(status);
    v1::WatchRequest request;
    if (grpc::Status status = parse_request(*raw_request, request); !status.ok())
        return refuse(status);
    if (!request.space().empty())
        if (auto checked = validate_space_ref("space", request.space()); !checked)
            return refuse(to_grpc_status(checked.error()));
    if (!request.from_cursor().empty() && request.include_existing())
        return refuse({grpc::StatusCode::INVALID_ARGUMENT,
                       "from_cursor and include_existing exclude each other: resume from a "
                       "cursor, or start over with the existing messages"});
    switch (registry.add(self, context.max_watch_streams)) {
        case WatchRegistry::Added::Ok:
            break;
        case WatchRegistry::Added::Closed:
            return refuse({grpc::StatusCode::UNAVAILABLE, "groved is shutting down"});
        case WatchRegistry::Added::Full:
            return refuse({grpc::StatusCode::RESOURCE_EXHAUSTED,
                           "too many watch streams are open (" +
                               std::to_string(context.max_watch_streams) +
                               "); close some and retry"});
    }
    const bool queued = context.executor.submit(
        [self, request = std::move(request)]() mutable { self->set_up(std::move(request)); });
    if (!queued)
        return refuse(
            {grpc::StatusCode::RESOURCE_EXHAUSTED, "groved is busy or shutting down; retry later"});
    return self;
}

void WatchCall::set_up(v1::WatchRequest request) {
    {
        std::lock_guard lock(mutex_);
        if (ended_) {  // cancelled or closed before we started
            finish_setup(grpc::Status::OK);
            return;
        }
    }
    std::string space_id;
    if (!request.space().empty()) {
        auto space = context_.peer.get_space(request.space());
        if (!space) return finish_setup(to_grpc_status(space.error()));
        if (!caller_.allows_space(space->id)) return finish_setup(space_denied(caller_));
        space_id = space->id;
    }

    // Subscribe before reading the existing messages, so that nothing posted in between is lost;
    // posts seen both ways are sent once (replayed_ids_). With a cursor, the journal hands back
    // what came after it, atomically with the subscription.
    {
        std::lock_guard lock(mutex_);
        space_id_ = space_id;
    }
    auto subscribed = journal_.subscribe(request.from_cursor(),
                                         [this](const Journal::Entry& entry) { on_event(entry); });
    if (!subscribed) return finish_setup(to_grpc_status(subscribed.error()));
    // Until the subscription is handed to the call: a failure unsubscribes before it finishes
    // (after Finish the call may be deleted, and the sink points at it).
    auto fail = [&](grpc::Status status) {
        journal_.unsubscribe(subscribed->token);
        finish_setup(std::move(status));
    };
    std::vector<v1::SpaceEvent> resumed;
    for (auto& entry : subscribed->replay) {
        if (!wanted(entry.event)) continue;
        entry.event.set_cursor(entry.cursor);
        resumed.push_back(std::move(entry.event));
    }

    std::vector<v1::SpaceEvent> existing;
    if (request.include_existing()) {
        auto spaces = context_.peer.list_spaces();
        if (!spaces) return fail(to_grpc_status(spaces.error()));
        for (const auto& space : *spaces) {
            if (!space_id.empty() && space.id != space_id) continue;
            if (!caller_.allows_space(space.id)) continue;
            auto messages = context_.peer.list_chat(space.id);
            if (!messages) return fail(to_grpc_status(messages.error()));
            for (const auto& message : *messages) {
                if (message.deleted) continue;
                v1::SpaceEvent event;
                event.set_kind(v1::SpaceEvent::KIND_CHAT_POSTED);
                event.set_space_id(space.id);
                *event.mutable_chat() = to_proto(message);
                event.set_author_id(message.author_id);
                event.set_delta_count(space.delta_count);
                existing.push_back(std::move(event));
            }
        }
    }

    std::lock_guard lock(mutex_);
    journal_token_ = subscribed->token;
    for (auto& event : resumed) replay_.push_back(std::move(event));
    for (auto& event : existing) {
        replayed_ids_.insert(event.chat().id());
        replay_.push_back(std::move(event));
    }
    // Events queued while we were reading: drop the posts the replay already carries.
    std::erase_if(live_, [this](const v1::SpaceEvent& event) {
        return event.kind() == v1::SpaceEvent::KIND_CHAT_POSTED &&
               replayed_ids_.count(event.chat().id()) > 0;
    });
    if (ended_) replay_.clear();
    setting_up_ = false;
    if (ended_) {
        Finish(pending_finish_.value_or(grpc::Status::CANCELLED));
        return;
    }
    // Headers now tell the client the subscription is live: later events will reach it.
    call_->AddInitialMetadata(kLiveMetadataKey, "live");
    call_->AddInitialMetadata(kCursorMetadataKey, subscribed->cursor_now);
    StartSendInitialMetadata();
    write_next_locked();
}

void WatchCall::finish_setup(grpc::Status status) {
    std::lock_guard lock(mutex_);
    setting_up_ = false;
    if (ended_) {
        Finish(pending_finish_.value_or(grpc::Status::CANCELLED));
        return;
    }
    end_locked(std::move(status));
}

bool WatchCall::wanted(const v1::SpaceEvent& event) const {
    if (!space_id_.empty() && event.space_id() != space_id_) return false;
    return caller_.allows_space(event.space_id());  // a token limited to other spaces
}

void WatchCall::on_event(const Journal::Entry& entry) {
    std::lock_guard lock(mutex_);
    if (ended_ || !wanted(entry.event)) return;
    if (entry.event.kind() == v1::SpaceEvent::KIND_CHAT_POSTED && !replayed_ids_.empty() &&
        replayed_ids_.erase(entry.event.chat().id()) > 0)
        return;
    if (live_.size() >= context_.watch_queue_events) {
        end_locked({grpc::StatusCode::RESOURCE_EXHAUSTED,
                    "watch stream ended: the client fell more than " +
                        std::to_string(context_.watch_queue_events) +
                        " events behind; watch again from the last cursor received"});
        return;
    }
    live_.push_back(entry.event);
    live_.back().set_cursor(entry.cursor);
    write_next_locked();
}

void WatchCall::write_next_locked() {
    if (ended_ || writing_ || setting_up_) return;
    std::deque<v1::SpaceEvent>* queue = !replay_.empty() ? &replay_ : &live_;
    if (queue->empty()) return;
    const grpc::Status serialized = serialize_response(queue->front(), in_flight_);
    queue->pop_front();
    if (!serialized.ok()) {
        end_locked({grpc::StatusCode::INTERNAL, "cannot encode an event"});
        return;
    }
    writing_ = true;
    StartWrite(&in_flight_);
}

void WatchCall::OnWriteDone(bool ok) {
    std::lock_guard lock(mutex_);
    writing_ = false;
    if (!ok) {  // the stream is broken (client gone); Finish is still required
        end_locked(grpc::Status::CANCELLED);
        return;
    }
    write_next_locked();
}

void WatchCall::close(const grpc::Status& status) {
    std::lock_guard lock(mutex_);
    end_locked(status);
}

void WatchCall::OnCancel() {
    std::lock_guard lock(mutex_);
    end_locked(grpc::Status::CANCELLED);
}

void WatchCall::end_locked(grpc::Status status) {
    if (ended_) return;
    ended_ = true;
    replay_.clear();
    live_.clear();
    if (setting_up_) {  // set_up() is running on a worker: it calls Finish when it is done
        pending_finish_ = std::move(status);
        return;
    }
    Finish(std::move(status));
}

void WatchCall::OnDone() {
    registry_.remove(this);
    // Waits for a running callback; we hold no lock it could need.
    if (journal_token_) journal_.unsubscribe(journal_token_);
    delete this;
}

}  // namespace grove::platform::api
