// CalendarModel: the object a Calendar view gets as `tool` — occurrences of a range in the
// viewer's zone, create/edit/delete with "this / this and following / all", answers,
// iCalendar import/export and the feed file; the C++ calls the gRPC service makes too.
#pragma once

#include <grove/sdk/toolcontext.h>

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <optional>

#include "calendarstate.h"
#include "icalimport.h"
#include "recurrence.h"

namespace grove::tools::calendar {

enum class EditScope { All = 0, This = 1, ThisAndFollowing = 2 };

class CalendarModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString name READ name NOTIFY nameChanged)
    Q_PROPERTY(bool canWrite READ can_write NOTIFY permissionsChanged)
    Q_PROPERTY(QString timeZone READ time_zone WRITE set_time_zone NOTIFY timeZoneChanged)
    Q_PROPERTY(int revision READ revision NOTIFY changed)
    Q_PROPERTY(QVariantList members READ members NOTIFY membersChanged)
    Q_PROPERTY(QString myId READ my_id CONSTANT)
    Q_PROPERTY(int firstDayOfWeek READ first_day_of_week CONSTANT)
    Q_PROPERTY(QString feedPath READ feed_path NOTIFY feedPathChanged)
    Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)

public:
    CalendarModel(sdk::ToolContext& context, CalendarState& state, QObject* parent = nullptr);

    QString name() const;
    bool can_write() const;
    QString time_zone() const { return QString::fromStdString(zone_); }
    void set_time_zone(const QString& zone);
    int revision() const { return revision_; }
    QVariantList members() const;
    QString my_id() const;
    int first_day_of_week() const;
    QString feed_path() const { return feed_path_; }
    QString last_error() const { return last_error_; }

    // ---- C++ (the service and tests); act as the local member ----
    Result<EventId> create_event(const v1::EventFields& fields);
    // Returns the event changed, or the new series a "this and following" edit starts.
    Result<EventId> update_event(const EventId& id, EditScope scope,
                                 const std::string& recurrence_id, const v1::EventFields& fields);
    Result<void> delete_event(const EventId& id, EditScope scope, const std::string& recurrence_id);
    Result<void> respond(const EventId& id, v1::Response response);
    Result<IcalImport> import_ics(std::string_view text);
    std::string export_ics(const std::optional<EventId>& only = {}) const;
    std::string member_name(const sdk::IdentityId& identity) const;

    // ---- QML; on failure lastError says why ----
    // Occurrences overlapping [fromMs, toMs) as maps: eventId, recurrenceId, title, start, end
    // (ms), allDay, startText/endText (viewer zone), location, description, descriptionHtml,
    // color, category, recurring, timeZone, rrule, attendees [{id, name, response}], myResponse,
    // reminders.
    Q_INVOKABLE QVariantList occurrences(double fromMs, double toMs) const;
    // The days from the viewer's midnight `fromMs` laid out for a week or day view:
    // {days: [midnight ms…], timed: [occurrence + day, startMinute, endMinute, lane, lanes],
    //  allDay: [occurrence + day, span, row]}; a timed event crossing midnight is cut per day.
    Q_INVOKABLE QVariantMap layoutDays(double fromMs, int days) const;
    // fields: title, start, end (ms), allDay, timeZone (empty: the viewer's), location,
    // description, color, category, rrule, attendees (identity hex list), reminders (minutes).
    Q_INVOKABLE QString createEvent(const QVariantMap& fields);
    Q_INVOKABLE QString updateEvent(const QString& eventId, const QString& recurrenceId, int scope,
                                    const QVariantMap& fields);
    // Drag in the week view: the occurrence's new start and end.
    Q_INVOKABLE bool moveEvent(const QString& eventId, const QString& recurrenceId, int scope,
                               double startMs, double endMs);
    Q_INVOKABLE bool deleteEvent(const QString& eventId, const QString& recurrenceId, int scope);
    Q_INVOKABLE bool respond(const QString& eventId, int response);
    // Returns a summary ("3 events added, 1 updated") or empty with lastError set.
    Q_INVOKABLE QString importIcs(const QString& text);
    Q_INVOKABLE QString importFile(const QString& pathOrUrl);
    Q_INVOKABLE QString exportIcs(const QString& eventId = {}) const;
    Q_INVOKABLE bool exportFile(const QString& pathOrUrl, const QString& eventId = {});
    // Keeps a read-only .ics of the whole calendar at this path, rewritten after every change;
    // empty stops.
    Q_INVOKABLE bool setFeedPath(const QString& pathOrUrl);
    Q_INVOKABLE QString displayName(const QString& identityHex) const;
    // Markdown as safe HTML (the SDK's renderer: raw HTML dropped, only safe links).
    Q_INVOKABLE QString renderMarkdown(const QString& markdown) const;

    // ---- from the instance ----
    void state_changed(const CalendarChange& change);
    void state_replaced();
    void renamed() { emit nameChanged(); }
    void members_changed() {
        emit membersChanged();
        emit permissionsChanged();
    }

signals:
    void changed();
    void nameChanged();
    void permissionsChanged();
    void timeZoneChanged();
    void membersChanged();
    void feedPathChanged();
    void lastErrorChanged();

private:
    Result<sdk::OpId> submit(const v1::CalendarOp& op);
    bool fail(const Error& error);
    Result<v1::EventFields> fields_from(const QVariantMap& map, bool creating,
                                        const v1::Timing* previous) const;
    QVariantMap to_map(const Occurrence& occurrence) const;
    void write_feed_now();

    sdk::ToolContext& context_;
    CalendarState& state_;
    std::string zone_;
    int revision_ = 0;
    QString feed_path_;
    QString last_error_;
};

// Event ids in hex for QML and the API.
QString event_hex(const EventId& id);
std::optional<EventId> event_from_hex(const QString& hex);

}  // namespace grove::tools::calendar
