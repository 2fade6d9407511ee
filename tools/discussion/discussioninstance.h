// DiscussionInstance: one Discussion instance for the host — applies operations to the
// DiscussionState, keeps the DiscussionModel current, and tells listeners (gRPC Watch) of changes.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <functional>
#include <map>
#include <memory>

#include "discussionmodel.h"
#include "discussionstate.h"

namespace grove::tools::discussion {

class DiscussionInstance final : public sdk::ToolInstance {
public:
    // Called on the host thread after each change, with the instance to read from; returning
    // false unsubscribes it.
    using Listener = std::function<bool(const StateChange&, const DiscussionInstance&)>;
    // Called on the host thread when the instance goes away.
    using CloseListener = std::function<void()>;

    explicit DiscussionInstance(sdk::ToolContext& context);
    ~DiscussionInstance() override;

    Result<void> apply(const sdk::Operation& operation) override;
    Result<sdk::Bytes> snapshot() const override;
    Result<void> restore(sdk::ByteView snapshot) override;
    sdk::Digest digest() const override;
    QObject* model() override { return model_.get(); }
    void renamed(std::string_view name) override;
    void members_changed() override;

    DiscussionModel& discussion() { return *model_; }
    const DiscussionModel& discussion() const { return *model_; }
    const DiscussionState& state() const { return state_; }

    int add_listener(Listener listener, CloseListener on_close = {});
    void remove_listener(int token);

private:
    DiscussionState state_;
    std::unique_ptr<DiscussionModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
};

}  // namespace grove::tools::discussion
