#include "api/watch_call.h"

#include <utility>
#include <vector>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/status_mapping.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

WatchCall::WatchCall(ServiceContext& context, WatchRegistry& registry,
                     grpc::CallbackServerContext* call)
    : context_(context), registry_(registry), call_(call) {}

WatchCall* WatchCall::start(ServiceContext& context, WatchRegistry& registry,
                            grpc::CallbackServerContext* call,
                            const grpc::ByteBuffer* raw_request) {
    auto* self = new WatchCall(context, registry, call);
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
    // posts seen both ways are sent once (replayed_ids_).
    Subscription subscription =
        context_.peer.subscribe(space_id, [this](const SpaceEvent& event) { on_event(event); });

    std::vector<v1::SpaceEvent> existing;
    if (request.include_existing()) {
        auto spaces = context_.peer.list_spaces();
        if (!spaces) {
            subscription.reset();
            return finish_setup(to_grpc_status(spaces.error()));
        }
        for (const auto& space : *spaces) {
            if (!space_id.empty() && space.id != space_id) continue;
            if (!caller_.allows_space(space.id)) continue;
            auto messages = context_.peer.list_chat(space.id);
            if (!messages) {
                subscription.reset();
                return finish_setup(to_grpc_status(messages.error()));
            }
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
    subscription_ = std::move(subscription);
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

void WatchCall::on_event(const SpaceEvent& event) {
    if (!caller_.allows_space(event.space_id)) return;  // a token limited to other spaces
    v1::SpaceEvent message = to_proto(event);
    std::lock_guard lock(mutex_);
    if (ended_) return;
    if (message.kind() == v1::SpaceEvent::KIND_CHAT_POSTED && !replayed_ids_.empty() &&
        replayed_ids_.erase(message.chat().id()) > 0)
        return;
    if (live_.size() >= context_.watch_queue_events) {
        end_locked({grpc::StatusCode::RESOURCE_EXHAUSTED,
                    "watch stream ended: the client fell more than " +
                        std::to_string(context_.watch_queue_events) +
                        " events behind; reconnect (with include_existing to catch up)"});
        return;
    }
    live_.push_back(std::move(message));
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
    subscription_.reset();  // waits for a running callback; we hold no lock it could need
    delete this;
}

}  // namespace grove::platform::api
