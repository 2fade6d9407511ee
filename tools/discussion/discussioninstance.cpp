#include "discussioninstance.h"

namespace grove::tools::discussion {

DiscussionInstance::DiscussionInstance(sdk::ToolContext& context)
    : model_(std::make_unique<DiscussionModel>(context, state_)) {}

DiscussionInstance::~DiscussionInstance() {
    auto listeners = std::move(listeners_);
    for (auto& [token, listener] : listeners)
        if (listener.second) listener.second();
}

Result<void> DiscussionInstance::apply(const sdk::Operation& operation) {
    auto change = state_.apply(operation);
    if (!change) return change.error();
    if (change->kind == StateChange::Kind::None) return {};
    model_->state_changed(*change);
    // Listeners may add or remove listeners while being told.
    auto listeners = listeners_;
    for (const auto& [token, listener] : listeners)
        if (!listener.first(*change, *this)) listeners_.erase(token);
    return {};
}

Result<sdk::Bytes> DiscussionInstance::snapshot() const {
    return state_.snapshot();
}

Result<void> DiscussionInstance::restore(sdk::ByteView snapshot) {
    GROVE_TRY(state_.restore(snapshot));
    model_->state_replaced();
    return {};
}

sdk::Digest DiscussionInstance::digest() const {
    return state_.digest();
}

void DiscussionInstance::renamed(std::string_view) {
    model_->renamed();
}

void DiscussionInstance::members_changed() {
    model_->members_changed();
}

int DiscussionInstance::add_listener(Listener listener, CloseListener on_close) {
    int token = next_listener_++;
    listeners_.emplace(token, std::make_pair(std::move(listener), std::move(on_close)));
    return token;
}

void DiscussionInstance::remove_listener(int token) {
    listeners_.erase(token);
}

}  // namespace grove::tools::discussion
