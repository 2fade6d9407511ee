// CalendarInstance: one Calendar instance for the host — applies operations to the
// CalendarState, keeps the CalendarModel current, and tells listeners (gRPC Watch) of changes.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <functional>
#include <map>
#include <memory>

#include "calendarmodel.h"
#include "calendarstate.h"

namespace grove::tools::calendar {

class CalendarInstance final : public sdk::ToolInstance {
public:
    // Called on the host thread after each change; returning false unsubscribes.
    using Listener = std::function<bool(const CalendarChange&, const CalendarInstance&)>;
    using CloseListener = std::function<void()>;

    explicit CalendarInstance(sdk::ToolContext& context);
    ~CalendarInstance() override;

    Result<void> apply(const sdk::Operation& operation) override;
    Result<sdk::Bytes> snapshot() const override;
    Result<void> restore(sdk::ByteView snapshot) override;
    sdk::Digest digest() const override;
    QObject* model() override { return model_.get(); }
    void renamed(std::string_view name) override;
    void members_changed() override;

    CalendarModel& calendar() { return *model_; }
    const CalendarModel& calendar() const { return *model_; }
    const CalendarState& state() const { return state_; }

    int add_listener(Listener listener, CloseListener on_close = {});
    void remove_listener(int token);

private:
    CalendarState state_;
    std::unique_ptr<CalendarModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
};

}  // namespace grove::tools::calendar
