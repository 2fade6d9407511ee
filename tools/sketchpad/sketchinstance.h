// SketchInstance: one Sketchpad instance for the host — applies operations to the SketchState,
// keeps the SketchModel current, and tells listeners (gRPC Watch) of changes.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <functional>
#include <map>
#include <memory>

#include "sketchmodel.h"
#include "sketchstate.h"

namespace grove::tools::sketchpad {

class SketchInstance final : public sdk::ToolInstance {
public:
    // Called on the host thread after each change; returning false unsubscribes.
    using Listener = std::function<bool(const SketchChange&)>;
    using CloseListener = std::function<void()>;

    explicit SketchInstance(sdk::ToolContext& context);
    ~SketchInstance() override;

    Result<void> apply(const sdk::Operation& operation) override;
    Result<sdk::Bytes> snapshot() const override;
    Result<void> restore(sdk::ByteView snapshot) override;
    sdk::Digest digest() const override;
    QObject* model() override { return model_.get(); }
    void renamed(std::string_view name) override;
    void members_changed() override;
    void receive_ephemeral(const sdk::EphemeralMessage& message) override;

    SketchModel& sketch() { return *model_; }
    const SketchState& state() const { return state_; }
    sdk::ToolContext& context() { return context_; }

    int add_listener(Listener listener, CloseListener on_close = {});
    void remove_listener(int token);

private:
    sdk::ToolContext& context_;
    SketchState state_;
    std::unique_ptr<SketchModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
};

}  // namespace grove::tools::sketchpad
