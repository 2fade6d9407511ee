// FormsInstance: one Forms instance for the host — applies operations to the
// FormsState, keeps the FormsModel current, and tells listeners (gRPC Watch) of changes.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <functional>
#include <map>
#include <memory>

#include "formsmodel.h"
#include "formsstate.h"

namespace grove::tools::forms {

class FormsInstance final : public sdk::ToolInstance {
public:
    // Called on the host thread after each change; returning false unsubscribes.
    using Listener = std::function<bool(const FormsChange&, const FormsInstance&)>;
    using CloseListener = std::function<void()>;

    explicit FormsInstance(sdk::ToolContext& context);
    ~FormsInstance() override;

    Result<void> apply(const sdk::Operation& operation) override;
    Result<sdk::Bytes> snapshot() const override;
    Result<void> restore(sdk::ByteView snapshot) override;
    sdk::Digest digest() const override;
    QObject* model() override { return model_.get(); }
    void renamed(std::string_view name) override;
    void members_changed() override;

    FormsModel& forms() { return *model_; }
    const FormsModel& forms() const { return *model_; }
    const FormsState& state() const { return state_; }

    int add_listener(Listener listener, CloseListener on_close = {});
    void remove_listener(int token);

private:
    FormsState state_;
    std::unique_ptr<FormsModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
};

}  // namespace grove::tools::forms
