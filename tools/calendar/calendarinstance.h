// CalendarInstance: one Calendar instance for the host — applies operations to the
// CalendarState, keeps the CalendarModel current, tells listeners (gRPC Watch) of changes, and
// shows reminders as they come due.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <QTimer>
#include <cstdint>
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

    // Reminders: shows what is due now through ToolContext::notify and sets the timer for the
    // next one. Runs on its own when due, shortly after changes arrive, and when the viewer's
    // zone changes; public for tests, which also set the clock (Unix ms).
    void check_reminders();
    void set_clock(std::function<std::int64_t()> clock) { clock_ = std::move(clock); }

private:
    void reminders_soon();

    sdk::ToolContext& context_;
    CalendarState state_;
    std::unique_ptr<CalendarModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
    std::function<std::int64_t()> clock_;
    QTimer reminder_timer_;  // single shot: the next reminder, a settle after changes, or an hour
    bool reminders_unavailable_ = false;  // the host shows none: stop asking
};

}  // namespace grove::tools::calendar
