#include "notepadinstance.h"

namespace grove::tools::notepad {

NotepadInstance::NotepadInstance(sdk::ToolContext& context)
    : context_(context),
      state_(context.me().device),
      model_(std::make_unique<NotepadModel>(context, state_)) {}

NotepadInstance::~NotepadInstance() {
    auto listeners = std::move(listeners_);
    for (auto& [token, listener] : listeners)
        if (listener.second) listener.second();
}

Result<void> NotepadInstance::apply(const sdk::Operation& operation) {
    auto change = state_.apply(operation);
    if (!change) return change.error();
    if (change->kind == DocumentChange::Kind::None) return {};
    model_->state_changed(*change);
    auto listeners = listeners_;  // listeners may add or remove listeners while being told
    for (const auto& [token, listener] : listeners)
        if (!listener.first(*change, *this)) listeners_.erase(token);
    if (change->error) return *change->error;
    return {};
}

Result<sdk::Bytes> NotepadInstance::snapshot() const {
    return state_.snapshot(model_->pending_edits());
}

Result<void> NotepadInstance::restore(sdk::ByteView snapshot) {
    std::vector<v1::EditDocument> pending;
    GROVE_TRY(state_.restore(snapshot, pending));
    model_->state_replaced(std::move(pending));
    return {};
}

sdk::Digest NotepadInstance::digest() const {
    return state_.digest();
}

void NotepadInstance::renamed(std::string_view) {
    model_->renamed();
}

void NotepadInstance::members_changed() {
    model_->members_changed();
}

void NotepadInstance::receive_ephemeral(const sdk::EphemeralMessage& message) {
    model_->receive_ephemeral(message);
}

int NotepadInstance::add_listener(Listener listener, CloseListener on_close) {
    const int token = next_listener_++;
    listeners_.emplace(token, std::make_pair(std::move(listener), std::move(on_close)));
    return token;
}

void NotepadInstance::remove_listener(int token) {
    listeners_.erase(token);
}

}  // namespace grove::tools::notepad
