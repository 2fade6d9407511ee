#include "sketchinstance.h"

namespace grove::tools::sketchpad {

SketchInstance::SketchInstance(sdk::ToolContext& context)
    : context_(context), model_(std::make_unique<SketchModel>(context, state_)) {}

SketchInstance::~SketchInstance() {
    auto listeners = std::move(listeners_);
    for (auto& [token, listener] : listeners)
        if (listener.second) listener.second();
}

Result<void> SketchInstance::apply(const sdk::Operation& operation) {
    auto change = state_.apply(operation);
    if (!change) return change.error();
    if (change->empty()) return {};
    model_->state_changed(*change);
    auto listeners = listeners_;  // listeners may add or remove listeners while being told
    for (const auto& [token, listener] : listeners)
        if (!listener.first(*change)) listeners_.erase(token);
    return {};
}

Result<sdk::Bytes> SketchInstance::snapshot() const {
    return state_.snapshot();
}

Result<void> SketchInstance::restore(sdk::ByteView snapshot) {
    GROVE_TRY(state_.restore(snapshot));
    model_->state_replaced();
    return {};
}

sdk::Digest SketchInstance::digest() const {
    return state_.digest();
}

void SketchInstance::renamed(std::string_view) {
    model_->renamed();
}

void SketchInstance::members_changed() {
    model_->members_changed();
}

void SketchInstance::receive_ephemeral(const sdk::EphemeralMessage& message) {
    model_->receive_ephemeral(message);
}

int SketchInstance::add_listener(Listener listener, CloseListener on_close) {
    const int token = next_listener_++;
    listeners_.emplace(token, std::make_pair(std::move(listener), std::move(on_close)));
    return token;
}

void SketchInstance::remove_listener(int token) {
    listeners_.erase(token);
}

}  // namespace grove::tools::sketchpad
