#include "formsinstance.h"

namespace grove::tools::forms {

FormsInstance::FormsInstance(sdk::ToolContext& context)
    : model_(std::make_unique<FormsModel>(context, state_)) {}

FormsInstance::~FormsInstance() {
    auto listeners = std::move(listeners_);
    for (auto& [token, listener] : listeners)
        if (listener.second) listener.second();
}

Result<void> FormsInstance::apply(const sdk::Operation& operation) {
    auto change = state_.apply(operation);
    if (!change) return change.error();
    if (change->kind == FormsChange::Kind::None) return {};
    model_->state_changed(*change);
    auto listeners = listeners_;  // listeners may add or remove listeners while being told
    for (const auto& [token, listener] : listeners)
        if (!listener.first(*change, *this)) listeners_.erase(token);
    return {};
}

Result<sdk::Bytes> FormsInstance::snapshot() const {
    return state_.snapshot();
}

Result<void> FormsInstance::restore(sdk::ByteView snapshot) {
    GROVE_TRY(state_.restore(snapshot));
    model_->state_replaced();
    return {};
}

sdk::Digest FormsInstance::digest() const {
    return state_.digest();
}

void FormsInstance::renamed(std::string_view) {
    model_->renamed();
}

void FormsInstance::members_changed() {
    model_->members_changed();
}

int FormsInstance::add_listener(Listener listener, CloseListener on_close) {
    int token = next_listener_++;
    listeners_.emplace(token, std::make_pair(std::move(listener), std::move(on_close)));
    return token;
}

void FormsInstance::remove_listener(int token) {
    listeners_.erase(token);
}

}  // namespace grove::tools::forms
