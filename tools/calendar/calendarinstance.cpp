#include "calendarinstance.h"

#include <QAbstractEventDispatcher>
#include <algorithm>
#include <chrono>

#include "reminders.h"

namespace grove::tools::calendar {
namespace {

constexpr int kSettleMs = 1000;             // after changes, before reminders are recomputed
constexpr std::int64_t kRecheckMs = 3'600'000;  // at least hourly: the look-ahead moves on

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

CalendarInstance::CalendarInstance(sdk::ToolContext& context)
    : context_(context),
      model_(std::make_unique<CalendarModel>(context, state_)),
      clock_(system_now_ms) {
    reminder_timer_.setSingleShot(true);
    reminder_timer_.setTimerType(Qt::CoarseTimer);
    QObject::connect(&reminder_timer_, &QTimer::timeout, [this] { check_reminders(); });
    QObject::connect(model_.get(), &CalendarModel::timeZoneChanged, [this] { reminders_soon(); });
    reminders_soon();
}

void CalendarInstance::reminders_soon() {
    if (reminders_unavailable_) return;
    if (!QAbstractEventDispatcher::instance()) {
        // A thread without an event loop (a headless peer's tool thread): no timer can fire and
        // no person is there to remind.
        reminders_unavailable_ = true;
        return;
    }
    if (!reminder_timer_.isActive() || reminder_timer_.remainingTime() > kSettleMs)
        reminder_timer_.start(kSettleMs);
}

void CalendarInstance::check_reminders() {
    if (reminders_unavailable_) return;
    const std::int64_t now = clock_();
    const ReminderWindow window = reminders_at(state_, context_.me().identity,
                                               model_->time_zone().toStdString(), now);
    for (const DueReminder& due : window.due) {
        auto shown = context_.notify(due.notification);
        if (!shown && shown.error().code == ErrorCode::FailedPrecondition) {
            // A host without notifications (or an instance being removed): nothing to show.
            reminders_unavailable_ = true;
            reminder_timer_.stop();
            return;
        }
        if (!shown)
            context_.log(sdk::LogLevel::Warning, "reminder not shown: " + shown.error().message);
    }
    const std::int64_t wait = window.next_ms ? std::clamp<std::int64_t>(*window.next_ms - now,
                                                                         0, kRecheckMs)
                                             : kRecheckMs;
    reminder_timer_.start(static_cast<int>(wait));
}

CalendarInstance::~CalendarInstance() {
    auto listeners = std::move(listeners_);
    for (auto& [token, listener] : listeners)
        if (listener.second) listener.second();
}

Result<void> CalendarInstance::apply(const sdk::Operation& operation) {
    auto change = state_.apply(operation);
    if (!change) return change.error();
    if (change->kind == CalendarChange::Kind::None) return {};
    model_->state_changed(*change);
    reminders_soon();
    auto listeners = listeners_;  // listeners may add or remove listeners while being told
    for (const auto& [token, listener] : listeners)
        if (!listener.first(*change, *this)) listeners_.erase(token);
    return {};
}

Result<sdk::Bytes> CalendarInstance::snapshot() const {
    return state_.snapshot();
}

Result<void> CalendarInstance::restore(sdk::ByteView snapshot) {
    GROVE_TRY(state_.restore(snapshot));
    model_->state_replaced();
    reminders_soon();
    return {};
}

sdk::Digest CalendarInstance::digest() const {
    return state_.digest();
}

void CalendarInstance::renamed(std::string_view) {
    model_->renamed();
}

void CalendarInstance::members_changed() {
    model_->members_changed();
}

int CalendarInstance::add_listener(Listener listener, CloseListener on_close) {
    int token = next_listener_++;
    listeners_.emplace(token, std::make_pair(std::move(listener), std::move(on_close)));
    return token;
}

void CalendarInstance::remove_listener(int token) {
    listeners_.erase(token);
}

}  // namespace grove::tools::calendar
