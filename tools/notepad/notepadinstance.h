// NotepadInstance: one Notepad instance for the host — applies operations to the NotepadState,
// keeps the NotepadModel current, and tells listeners (gRPC Watch) of changes.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <functional>
#include <map>
#include <memory>

#include "notepadmodel.h"
#include "notepadstate.h"

namespace grove::tools::notepad {

class NotepadInstance final : public sdk::ToolInstance {
public:
    // Called on the host thread after each change; returning false unsubscribes.
    using Listener = std::function<bool(const DocumentChange&, const NotepadInstance&)>;
    using CloseListener = std::function<void()>;

    explicit NotepadInstance(sdk::ToolContext& context);
    ~NotepadInstance() override;

    Result<void> apply(const sdk::Operation& operation) override;
    Result<sdk::Bytes> snapshot() const override;
    Result<void> restore(sdk::ByteView snapshot) override;
    sdk::Digest digest() const override;
    QObject* model() override { return model_.get(); }
    void renamed(std::string_view name) override;
    void members_changed() override;
    void receive_ephemeral(const sdk::EphemeralMessage& message) override;

    NotepadModel& notepad() { return *model_; }
    const NotepadState& state() const { return state_; }
    sdk::ToolContext& context() { return context_; }

    int add_listener(Listener listener, CloseListener on_close = {});
    void remove_listener(int token);

private:
    sdk::ToolContext& context_;
    NotepadState state_;
    std::unique_ptr<NotepadModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
};

}  // namespace grove::tools::notepad
