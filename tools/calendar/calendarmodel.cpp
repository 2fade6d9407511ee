#include "calendarmodel.h"

#include <grove/sdk/markdown.h>

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QUrl>
#include <QUuid>
#include <algorithm>

#include "daylayout.h"
#include "icalexport.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace {

std::string id_bytes(const EventId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

QString local_path(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

// UTC seconds → a local time string in `zone`.
std::string local_at(std::int64_t seconds, icaltimezone* zone, bool all_day) {
    icaltimetype time = icaltime_from_timet_with_zone(
        static_cast<time_t>(seconds), 0, zone ? zone : icaltimezone_get_utc_timezone());
    time.is_date = all_day ? 1 : 0;
    return format_local(time);
}

// Local-time arithmetic: seconds between two wall-clock times (no zone).
std::int64_t wall_seconds(icaltimetype time) {
    time.zone = nullptr;
    time.is_date = 0;
    return icaltime_as_timet(time);
}

icaltimetype wall_add(icaltimetype time, std::int64_t seconds, bool all_day) {
    icaltimetype out = icaltime_from_timet_with_zone(
        static_cast<time_t>(wall_seconds(time) + seconds), 0, nullptr);
    out.is_date = all_day ? 1 : 0;
    return out;
}

}  // namespace

QString event_hex(const EventId& id) {
    return QString::fromStdString(sdk::to_hex(id));
}

std::optional<EventId> event_from_hex(const QString& hex) {
    EventId id{};
    if (!sdk::from_hex(hex.toStdString(), id)) return std::nullopt;
    return id;
}

CalendarModel::CalendarModel(sdk::ToolContext& context, CalendarState& state, QObject* parent)
    : QObject(parent), context_(context), state_(state), zone_(system_zone_id()) {}

QString CalendarModel::name() const {
    return QString::fromStdString(context_.instance_name());
}

bool CalendarModel::can_write() const {
    return context_.permits(context_.me().identity, sdk::Permission::Write);
}

void CalendarModel::set_time_zone(const QString& zone) {
    const std::string id = zone.toStdString();
    if (id == zone_ || !find_zone(id)) return;
    zone_ = id;
    emit timeZoneChanged();
    ++revision_;
    emit changed();
}

QVariantList CalendarModel::members() const {
    QVariantList out;
    for (const sdk::Member& member : context_.members())
        out.append(QVariantMap{{"id", QString::fromStdString(sdk::to_hex(member.identity))},
                               {"name", QString::fromStdString(member.display_name)}});
    return out;
}

QString CalendarModel::my_id() const {
    return QString::fromStdString(sdk::to_hex(context_.me().identity));
}

int CalendarModel::first_day_of_week() const {
    return static_cast<int>(QLocale().firstDayOfWeek()) % 7;  // 0 = Sunday … 6 = Saturday
}

std::string CalendarModel::member_name(const sdk::IdentityId& identity) const {
    for (const sdk::Member& member : context_.members())
        if (member.identity == identity) return member.display_name;
    return {};
}

QString CalendarModel::displayName(const QString& identityHex) const {
    sdk::IdentityId identity{};
    if (!sdk::from_hex(identityHex.toStdString(), identity)) return {};
    const std::string name = member_name(identity);
    return name.empty() ? identityHex.left(8) : QString::fromStdString(name);
}

QString CalendarModel::renderMarkdown(const QString& markdown) const {
    return QString::fromStdString(sdk::markdown_to_safe_html(markdown.toStdString()));
}

bool CalendarModel::fail(const Error& error) {
    last_error_ = QString::fromStdString(error.message);
    emit lastErrorChanged();
    return false;
}

Result<sdk::OpId> CalendarModel::submit(const v1::CalendarOp& op) {
    std::string bytes = op.SerializeAsString();
    return context_.submit(sdk::as_bytes(bytes));
}

Result<EventId> CalendarModel::create_event(const v1::EventFields& fields) {
    GROVE_TRY(CalendarState::check_fields(fields, true));
    v1::CalendarOp op;
    auto* create = op.mutable_create();
    *create->mutable_fields() = fields;
    // A UID other calendar apps keep when the event travels: random, like theirs.
    const QString uid = QUuid::createUuid().toString(QUuid::WithoutBraces) + "@grove";
    create->set_uid(uid.toStdString());
    return submit(op);
}

Result<EventId> CalendarModel::update_event(const EventId& id, EditScope scope,
                                            const std::string& recurrence_id,
                                            const v1::EventFields& fields) {
    const CalendarEvent* event = state_.find(id);
    if (!event || event->deleted) return make_error(ErrorCode::NotFound, "no such event");
    GROVE_TRY(CalendarState::check_fields(fields, false));
    const bool recurring = event->recurring();
    if (recurring && scope != EditScope::All)
        GROVE_TRY(CalendarState::check_recurrence_id(recurrence_id));
    const v1::Timing& series = event->resolved.timing();
    const bool all_day = series.all_day();
    icaltimezone* zone = all_day ? nullptr : find_zone(series.tzid());
    auto series_start = parse_local(series.start(), all_day);
    auto series_end = parse_local(series.end(), all_day);
    if (!series_start || !series_end)
        return make_error(ErrorCode::FailedPrecondition, "the event has no valid time");
    const std::int64_t first = to_utc_seconds(*series_start, zone);
    const std::int64_t cut =
        recurrence_id.empty() ? first : recurrence_id_seconds(recurrence_id).value_or(first);

    if (!recurring || scope == EditScope::All ||
        (scope == EditScope::ThisAndFollowing && cut <= first)) {
        v1::CalendarOp op;
        op.mutable_update()->set_event_id(id_bytes(id));
        v1::EventFields& changes = *op.mutable_update()->mutable_fields();
        changes = fields;
        // Moving one occurrence of a series with "all": the series moves by as much.
        if (recurring && fields.has_timing() && !recurrence_id.empty() && cut != first &&
            fields.timing().all_day() == all_day && fields.timing().tzid() == series.tzid()) {
            auto occurrence = parse_local(local_at(cut, zone, all_day), all_day);
            auto moved_start = parse_local(fields.timing().start(), all_day);
            auto moved_end = parse_local(fields.timing().end(), all_day);
            if (occurrence && moved_start && moved_end) {
                const std::int64_t shift = wall_seconds(*moved_start) - wall_seconds(*occurrence);
                const std::int64_t length = wall_seconds(*moved_end) - wall_seconds(*moved_start);
                icaltimetype start = wall_add(*series_start, shift, all_day);
                changes.mutable_timing()->set_start(format_local(start));
                changes.mutable_timing()->set_end(format_local(wall_add(start, length, all_day)));
            }
        }
        // A series that moves takes its deleted and changed occurrences along.
        if (recurring && changes.has_timing() && changes.timing().all_day() == all_day &&
            changes.timing().tzid() == series.tzid()) {
            auto moved = parse_local(changes.timing().start(), all_day);
            const std::int64_t shift =
                moved ? wall_seconds(*moved) - wall_seconds(*series_start) : 0;
            auto rebased = [&](const std::string& old_id) -> std::string {
                auto seconds = recurrence_id_seconds(old_id);
                if (!seconds) return {};
                auto local = parse_local(local_at(*seconds, zone, all_day), all_day);
                if (!local) return {};
                icaltimetype next = wall_add(*local, shift, all_day);
                if (zone) next = icaltime_set_timezone(&next, zone);
                return recurrence_id_of(next, zone);
            };
            if (shift != 0) {
                for (const std::string& cancelled : event->cancelled)
                    if (auto next = rebased(cancelled); !next.empty())
                        op.mutable_update()->add_cancelled(next);
                for (const auto& [old_id, changed] : event->resolved_overrides) {
                    auto next = rebased(old_id);
                    if (next.empty()) continue;
                    auto* override = op.mutable_update()->add_overrides();
                    override->set_recurrence_id(next);
                    *override->mutable_fields() = changed;
                }
            }
        }
        GROVE_TRY(submit(op));
        return id;
    }
    if (scope == EditScope::This) {
        v1::CalendarOp op;
        auto* update = op.mutable_update_occurrence();
        update->set_event_id(id_bytes(id));
        update->set_recurrence_id(recurrence_id);
        *update->mutable_fields() = fields;
        update->mutable_fields()->clear_rrule();
        update->mutable_fields()->clear_rdates();
        GROVE_TRY(submit(op));
        return id;
    }
    // This and following: a new series from this occurrence, the old one ends before it.
    v1::EventFields next = event->resolved;
    next.MergeFrom(fields);
    if (!fields.has_timing()) {
        const std::int64_t length = wall_seconds(*series_end) - wall_seconds(*series_start);
        auto start = parse_local(local_at(cut, zone, all_day), all_day);
        next.mutable_timing()->set_start(format_local(*start));
        next.mutable_timing()->set_end(format_local(wall_add(*start, length, all_day)));
    }
    if (!fields.has_rrule()) {
        icalrecurrencetype rule = icalrecurrencetype_from_string(event->resolved.rrule().c_str());
        if (rule.freq != ICAL_NO_RECURRENCE && rule.count > 0) {
            std::size_t before = expand(*event, first, cut, 100'000).size();
            rule.count = std::max(1, rule.count - static_cast<int>(before));
            next.set_rrule(icalrecurrencetype_as_string(&rule));
        }
    }
    if (!fields.has_rdates()) {
        v1::Strings later;
        for (const std::string& date : event->resolved.rdates().values()) {
            auto time = parse_local(date, all_day);
            if (time && to_utc_seconds(*time, zone) >= cut) later.add_values(date);
        }
        *next.mutable_rdates() = later;
    }
    GROVE_TRY(CalendarState::check_fields(next, true));
    v1::CalendarOp op;
    auto* split = op.mutable_split();
    split->set_event_id(id_bytes(id));
    split->set_recurrence_id(recurrence_id);
    split->set_uid(event->uid + "_R" + recurrence_id);
    *split->mutable_fields() = next;
    return submit(op);
}

Result<void> CalendarModel::delete_event(const EventId& id, EditScope scope,
                                         const std::string& recurrence_id) {
    const CalendarEvent* event = state_.find(id);
    if (!event || event->deleted) return make_error(ErrorCode::NotFound, "no such event");
    v1::CalendarOp op;
    if (!event->recurring() || scope == EditScope::All) {
        op.mutable_delete_()->set_event_id(id_bytes(id));
    } else {
        GROVE_TRY(CalendarState::check_recurrence_id(recurrence_id));
        const v1::Timing& timing = event->resolved.timing();
        auto start = parse_local(timing.start(), timing.all_day());
        const std::int64_t first =
            start ? to_utc_seconds(*start, timing.all_day() ? nullptr : find_zone(timing.tzid()))
                  : 0;
        if (scope == EditScope::This) {
            op.mutable_delete_occurrence()->set_event_id(id_bytes(id));
            op.mutable_delete_occurrence()->set_recurrence_id(recurrence_id);
        } else if (*recurrence_id_seconds(recurrence_id) <= first) {
            op.mutable_delete_()->set_event_id(id_bytes(id));
        } else {
            op.mutable_end_series()->set_event_id(id_bytes(id));
            op.mutable_end_series()->set_recurrence_id(recurrence_id);
        }
    }
    GROVE_TRY(submit(op));
    return {};
}

Result<void> CalendarModel::respond(const EventId& id, v1::Response response) {
    const CalendarEvent* event = state_.find(id);
    if (!event || event->deleted) return make_error(ErrorCode::NotFound, "no such event");
    v1::CalendarOp op;
    op.mutable_respond()->set_event_id(id_bytes(id));
    op.mutable_respond()->set_response(response);
    GROVE_TRY(submit(op));
    return {};
}

Result<IcalImport> CalendarModel::import_ics(std::string_view text) {
    IcalImportOptions options;
    options.floating_zone = zone_;
    auto plan = calendar::import_ics(text, state_, options);
    if (!plan) return plan.error();
    // One operation when it fits; otherwise batches under the operation limit, each whole.
    // Sizes are summed as the batch grows (a repeated field's entry costs its size plus at most
    // 16 bytes of tag and length), not recomputed over the whole batch for every event.
    std::vector<v1::CalendarOp> ops(1);
    std::size_t batch_bytes = 0;
    for (const v1::ImportedEvent& item : plan->events.events()) {
        const std::size_t size = item.ByteSizeLong() + 16;
        if (ops.back().import().events_size() > 0 &&
            batch_bytes + size > sdk::kMaxOperationPayload - 4096) {
            ops.emplace_back();
            batch_bytes = 0;
        }
        *ops.back().mutable_import()->add_events() = item;
        batch_bytes += size;
    }
    for (const v1::CalendarOp& op : ops) {
        if (op.import().events_size() == 0) continue;
        GROVE_TRY(submit(op));
    }
    return plan;
}

std::string CalendarModel::export_ics(const std::optional<EventId>& only) const {
    return calendar::export_ics(
        state_, only, [this](const sdk::IdentityId& identity) { return member_name(identity); });
}

Result<v1::EventFields> CalendarModel::fields_from(const QVariantMap& map, bool creating,
                                                   const v1::Timing* previous) const {
    v1::EventFields fields;
    auto text = [&](const char* key, auto setter) {
        if (map.contains(key)) setter(map.value(key).toString().toStdString());
    };
    text("title", [&](std::string v) { fields.set_title(std::move(v)); });
    text("location", [&](std::string v) { fields.set_location(std::move(v)); });
    text("description", [&](std::string v) { fields.set_description(std::move(v)); });
    text("color", [&](std::string v) { fields.set_color(std::move(v)); });
    text("category", [&](std::string v) { fields.set_category(std::move(v)); });
    text("rrule", [&](std::string v) { fields.set_rrule(std::move(v)); });
    if (map.contains("attendees")) {
        auto* attendees = fields.mutable_attendees();
        for (const QVariant& id : map.value("attendees").toList())
            attendees->add_values(id.toString().toStdString());
    }
    if (map.contains("reminders")) {
        auto* reminders = fields.mutable_reminders();
        for (const QVariant& minutes : map.value("reminders").toList())
            reminders->add_minutes_before(minutes.toInt());
    }
    if (map.contains("start") || map.contains("end") || map.contains("allDay")) {
        if (!map.contains("start") || !map.contains("end"))
            return make_error(ErrorCode::InvalidArgument, "a new time needs its start and end");
        const bool all_day = map.contains("allDay") ? map.value("allDay").toBool()
                                                    : (previous && previous->all_day());
        std::string tzid = map.value("timeZone").toString().toStdString();
        if (tzid.empty()) tzid = previous && !previous->all_day() ? previous->tzid() : zone_;
        icaltimezone* zone = find_zone(tzid);
        if (!zone)
            return make_error(ErrorCode::InvalidArgument, "unknown time zone '" + tzid + "'");
        const auto start = static_cast<std::int64_t>(map.value("start").toDouble() / 1000);
        const auto end = static_cast<std::int64_t>(map.value("end").toDouble() / 1000);
        v1::Timing& timing = *fields.mutable_timing();
        timing.set_all_day(all_day);
        if (all_day) {
            // The days as the viewer sees them; the end is exclusive (midnight after the last day).
            icaltimezone* viewer = find_zone(zone_);
            timing.set_start(local_at(start, viewer, true));
            std::string last = local_at(end, viewer, true);
            if (last <= timing.start()) last = local_at(start + 86'400, viewer, true);
            timing.set_end(last);
        } else {
            timing.set_tzid(tzid);
            timing.set_start(local_at(start, zone, false));
            timing.set_end(local_at(std::max(start, end), zone, false));
        }
    }
    GROVE_TRY(CalendarState::check_fields(fields, creating));
    return fields;
}

QVariantMap CalendarModel::to_map(const Occurrence& occurrence) const {
    const v1::EventFields& fields = *occurrence.fields;
    icaltimezone* viewer = find_zone(zone_);
    QVariantMap out;
    out["eventId"] = event_hex(occurrence.event->id);
    out["recurrenceId"] = QString::fromStdString(occurrence.recurrence_id);
    out["title"] = QString::fromStdString(fields.title());
    out["allDay"] = occurrence.all_day;
    if (occurrence.all_day) {
        // Midnight in the viewer's zone of each date, so the views place it on the right days.
        auto to_viewer = [&](std::int64_t utc_midnight) {
            icaltimetype date = icaltime_from_timet_with_zone(static_cast<time_t>(utc_midnight), 1,
                                                              icaltimezone_get_utc_timezone());
            date.is_date = 0;
            date.hour = date.minute = date.second = 0;
            return static_cast<double>(icaltime_as_timet_with_zone(date, viewer)) * 1000.0;
        };
        out["start"] = to_viewer(occurrence.start);
        out["end"] = to_viewer(occurrence.end);
    } else {
        out["start"] = static_cast<double>(occurrence.start) * 1000.0;
        out["end"] = static_cast<double>(occurrence.end) * 1000.0;
    }
    out["startText"] = QString::fromStdString(display_time(occurrence.start, viewer));
    out["endText"] = QString::fromStdString(display_time(occurrence.end, viewer));
    out["location"] = QString::fromStdString(fields.location());
    out["description"] = QString::fromStdString(fields.description());
    out["descriptionHtml"] =
        QString::fromStdString(sdk::markdown_to_safe_html(fields.description()));
    out["color"] = QString::fromStdString(fields.color());
    out["category"] = QString::fromStdString(fields.category());
    out["recurring"] = occurrence.event->recurring();
    out["timeZone"] = QString::fromStdString(fields.timing().tzid());
    out["rrule"] = QString::fromStdString(occurrence.event->resolved.rrule());
    QVariantList attendees;
    const sdk::IdentityId me = context_.me().identity;
    bool invited = false;
    for (const std::string& hex : fields.attendees().values()) {
        sdk::IdentityId identity{};
        if (!sdk::from_hex(hex, identity)) continue;
        invited = invited || identity == me;
        attendees.append(
            QVariantMap{{"id", QString::fromStdString(hex)},
                        {"name", displayName(QString::fromStdString(hex))},
                        {"response", static_cast<int>(occurrence.event->response_of(identity))}});
    }
    out["attendees"] = attendees;
    out["invited"] = invited;
    out["myResponse"] = static_cast<int>(occurrence.event->response_of(me));
    QVariantList reminders;
    for (int minutes : fields.reminders().minutes_before()) reminders.append(minutes);
    out["reminders"] = reminders;
    return out;
}

QVariantList CalendarModel::occurrences(double fromMs, double toMs) const {
    std::vector<Occurrence> all;
    const auto from = static_cast<std::int64_t>(fromMs / 1000);
    const auto to = static_cast<std::int64_t>(toMs / 1000);
    // All-day events are dates: widen by a day each side and let the views place them.
    for (const auto& [id, event] : state_.events()) {
        auto found = expand(event, from - 86'400, to + 86'400, 5'000);
        for (Occurrence& occurrence : found) all.push_back(std::move(occurrence));
    }
    std::sort(all.begin(), all.end(), [](const Occurrence& a, const Occurrence& b) {
        if (a.start != b.start) return a.start < b.start;
        if (a.event->id != b.event->id) return a.event->id < b.event->id;
        return a.recurrence_id < b.recurrence_id;
    });
    QVariantList out;
    for (const Occurrence& occurrence : all) {
        QVariantMap map = to_map(occurrence);
        if (map["end"].toDouble() <= fromMs && map["start"].toDouble() < fromMs) continue;
        if (map["start"].toDouble() >= toMs) continue;
        out.append(map);
    }
    return out;
}

QVariantMap CalendarModel::layoutDays(double fromMs, int days) const {
    days = std::clamp(days, 1, 42);
    icaltimezone* viewer = find_zone(zone_);
    // Each day's midnight in the viewer's zone (23 or 25 hours apart across DST).
    icaltimetype first =
        icaltime_from_timet_with_zone(static_cast<time_t>(fromMs / 1000), 0, viewer);
    first.hour = first.minute = first.second = 0;
    std::vector<std::int64_t> midnights;
    for (int k = 0; k <= days; ++k) {
        icaltimetype day = first;
        icaltime_adjust(&day, k, 0, 0, 0);
        day.zone = nullptr;
        midnights.push_back(icaltime_as_timet_with_zone(day, viewer));
    }
    const QVariantList all = occurrences(static_cast<double>(midnights.front()) * 1000,
                                         static_cast<double>(midnights.back()) * 1000);
    QVariantList day_list, timed, all_day;
    for (int k = 0; k < days; ++k) day_list.append(static_cast<double>(midnights[k]) * 1000);
    std::vector<std::vector<std::pair<int, LaidOutSpan>>> per_day(days);
    std::vector<QVariantMap> pieces;
    std::vector<std::vector<bool>> rows;  // all-day rows: which days are taken
    for (const QVariant& item : all) {
        const QVariantMap map = item.toMap();
        const auto start = static_cast<std::int64_t>(map["start"].toDouble() / 1000);
        const auto end = static_cast<std::int64_t>(map["end"].toDouble() / 1000);
        auto day_of = [&](std::int64_t t) {
            int k = 0;
            while (k + 1 < static_cast<int>(midnights.size()) && midnights[k + 1] <= t) ++k;
            return t < midnights.front() ? -1 : k;
        };
        if (map["allDay"].toBool()) {
            const int from = std::max(0, day_of(start));
            const int to = std::min(days - 1, day_of(std::max(start, end - 1)));
            if (to < 0 || from >= days || to < from) continue;
            int row = 0;
            for (;; ++row) {
                if (row == static_cast<int>(rows.size())) rows.emplace_back(days, false);
                bool free = true;
                for (int k = from; k <= to; ++k) free = free && !rows[row][k];
                if (free) break;
            }
            for (int k = from; k <= to; ++k) rows[row][k] = true;
            QVariantMap out = map;
            out["day"] = from;
            out["span"] = to - from + 1;
            out["row"] = row;
            all_day.append(out);
            continue;
        }
        for (int k = std::max(0, day_of(start));
             k < days && midnights[k] < std::max(end, start + 1); ++k) {
            const std::int64_t piece_start = std::max(start, midnights[k]);
            const std::int64_t piece_end = std::min(end, midnights[k + 1]);
            if (piece_end < piece_start || (piece_end == piece_start && start != end)) continue;
            QVariantMap out = map;
            out["day"] = k;
            out["startMinute"] = static_cast<int>((piece_start - midnights[k]) / 60);
            out["endMinute"] = static_cast<int>((piece_end - midnights[k]) / 60);
            per_day[k].push_back(
                {static_cast<int>(pieces.size()),
                 LaidOutSpan{(piece_start - midnights[k]) / 60, (piece_end - midnights[k]) / 60}});
            pieces.push_back(out);
        }
    }
    for (auto& day : per_day) {
        std::vector<LaidOutSpan> spans;
        for (auto& [index, span] : day) spans.push_back(span);
        lay_out_day(spans);
        for (std::size_t i = 0; i < day.size(); ++i) {
            pieces[day[i].first]["lane"] = spans[i].lane;
            pieces[day[i].first]["lanes"] = spans[i].lanes;
        }
    }
    for (QVariantMap& piece : pieces) timed.append(piece);
    return {{"days", day_list},
            {"timed", timed},
            {"allDay", all_day},
            {"allDayRows", static_cast<int>(rows.size())}};
}

QString CalendarModel::createEvent(const QVariantMap& map) {
    auto fields = fields_from(map, true, nullptr);
    if (!fields) return fail(fields.error()), QString();
    auto id = create_event(*fields);
    if (!id) return fail(id.error()), QString();
    return event_hex(*id);
}

QString CalendarModel::updateEvent(const QString& eventId, const QString& recurrenceId, int scope,
                                   const QVariantMap& map) {
    auto id = event_from_hex(eventId);
    const CalendarEvent* event = id ? state_.find(*id) : nullptr;
    if (!event) return fail(make_error(ErrorCode::NotFound, "no such event")), QString();
    auto fields = fields_from(map, false, &event->resolved.timing());
    if (!fields) return fail(fields.error()), QString();
    auto changed = update_event(*id, static_cast<EditScope>(std::clamp(scope, 0, 2)),
                                recurrenceId.toStdString(), *fields);
    if (!changed) return fail(changed.error()), QString();
    return event_hex(*changed);
}

bool CalendarModel::moveEvent(const QString& eventId, const QString& recurrenceId, int scope,
                              double startMs, double endMs) {
    auto id = event_from_hex(eventId);
    const CalendarEvent* event = id ? state_.find(*id) : nullptr;
    if (!event) return fail(make_error(ErrorCode::NotFound, "no such event"));
    QVariantMap map{
        {"start", startMs}, {"end", endMs}, {"allDay", event->resolved.timing().all_day()}};
    return !updateEvent(eventId, recurrenceId, scope, map).isEmpty();
}

bool CalendarModel::deleteEvent(const QString& eventId, const QString& recurrenceId, int scope) {
    auto id = event_from_hex(eventId);
    if (!id) return fail(make_error(ErrorCode::NotFound, "no such event"));
    auto done = delete_event(*id, static_cast<EditScope>(std::clamp(scope, 0, 2)),
                             recurrenceId.toStdString());
    return done ? true : fail(done.error());
}

bool CalendarModel::respond(const QString& eventId, int response) {
    auto id = event_from_hex(eventId);
    if (!id) return fail(make_error(ErrorCode::NotFound, "no such event"));
    if (!v1::Response_IsValid(response))
        return fail(make_error(ErrorCode::InvalidArgument, "an unknown answer"));
    auto done = respond(*id, static_cast<v1::Response>(response));
    return done ? true : fail(done.error());
}

QString CalendarModel::importIcs(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    auto done =
        import_ics(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    if (!done) return fail(done.error()), QString();
    return tr("%1 added, %2 updated").arg(done->created).arg(done->updated);
}

QString CalendarModel::importFile(const QString& pathOrUrl) {
    QFile file(local_path(pathOrUrl));
    if (!file.open(QIODevice::ReadOnly))
        return fail(make_error(ErrorCode::NotFound, "cannot read " + file.fileName().toStdString() +
                                                        ": " + file.errorString().toStdString())),
               QString();
    const QByteArray bytes = file.read(16 * 1024 * 1024 + 1);
    auto done =
        import_ics(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!done) return fail(done.error()), QString();
    return tr("%1 added, %2 updated").arg(done->created).arg(done->updated);
}

QString CalendarModel::exportIcs(const QString& eventId) const {
    if (eventId.isEmpty()) return QString::fromStdString(export_ics());
    auto id = event_from_hex(eventId);
    if (!id) return {};
    return QString::fromStdString(export_ics(*id));
}

bool CalendarModel::exportFile(const QString& pathOrUrl, const QString& eventId) {
    auto done = write_feed(local_path(pathOrUrl).toStdString(), exportIcs(eventId).toStdString());
    return done ? true : fail(done.error());
}

bool CalendarModel::setFeedPath(const QString& pathOrUrl) {
    feed_path_ = pathOrUrl.isEmpty() ? QString() : local_path(pathOrUrl);
    emit feedPathChanged();
    if (feed_path_.isEmpty()) return true;
    auto done = write_feed(feed_path_.toStdString(), export_ics());
    return done ? true : fail(done.error());
}

void CalendarModel::write_feed_now() {
    if (feed_path_.isEmpty()) return;
    if (auto done = write_feed(feed_path_.toStdString(), export_ics()); !done)
        context_.log(sdk::LogLevel::Warning, "calendar feed: " + done.error().message);
}

void CalendarModel::state_changed(const CalendarChange&) {
    ++revision_;
    emit changed();
    write_feed_now();
}

void CalendarModel::state_replaced() {
    ++revision_;
    emit changed();
    write_feed_now();
}

}  // namespace grove::tools::calendar
