#include "calendarstate.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <grove/sdk/crdt/digest.h>
#include <grove/sdk/crdt/replica_id.h>

#include <QString>
#include <algorithm>

#include "grove/tools/calendar/v1/state.pb.h"
#include "recurrence.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace crdt = grove::sdk::crdt;
using Register = crdt::LwwRegister<std::string>;

namespace {

Error rejected(ErrorCode code, std::string message) {
    return make_error(code, std::move(message));
}

std::string id_bytes(const sdk::OpId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

bool to_event_id(const std::string& bytes, EventId& out) {
    return sdk::copy_id(sdk::as_bytes(bytes), out);
}

crdt::Stamp stamp_of(const sdk::Operation& op) {
    return crdt::Stamp{op.lamport, crdt::ReplicaId::from_device_key(op.author_device)};
}

bool valid_utf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())).toUtf8() ==
           QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

// Byte-for-byte the same encoding on every peer (map order, field order).
std::string canonical(const google::protobuf::Message& message) {
    std::string out;
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
    coded.Trim();
    return out;
}

Result<void> check_text(const std::string& text, std::size_t limit, const char* what) {
    if (text.size() > limit)
        return rejected(ErrorCode::InvalidArgument, std::string("the ") + what + " is too long");
    if (!valid_utf8(text))
        return rejected(ErrorCode::InvalidArgument, std::string("the ") + what + " is not UTF-8");
    return {};
}

Result<void> check_list(const v1::Strings& list, const char* what) {
    if (static_cast<std::size_t>(list.values_size()) > CalendarState::kMaxListEntries)
        return rejected(ErrorCode::InvalidArgument, std::string("too many ") + what);
    for (const std::string& value : list.values())
        GROVE_TRY(check_text(value, CalendarState::kMaxTextBytes, what));
    return {};
}

}  // namespace

v1::Response CalendarEvent::response_of(const sdk::IdentityId& who) const {
    auto it = responses.find(who);
    if (it == responses.end() || !it->second.value()) return v1::RESPONSE_UNSPECIFIED;
    int value = std::atoi(it->second.value()->c_str());
    return v1::Response_IsValid(value) ? static_cast<v1::Response>(value)
                                       : v1::RESPONSE_UNSPECIFIED;
}

std::optional<std::int64_t> recurrence_id_seconds(const std::string& recurrence_id) {
    if (recurrence_id.size() == 8) {
        auto date = parse_local(recurrence_id, true);
        if (!date) return std::nullopt;
        return to_utc_seconds(*date, nullptr);
    }
    if (recurrence_id.size() == 16 && recurrence_id.back() == 'Z') {
        auto time = parse_local(recurrence_id.substr(0, 15), false);
        if (!time) return std::nullopt;
        return to_utc_seconds(*time, icaltimezone_get_utc_timezone());
    }
    return std::nullopt;
}

Result<void> CalendarState::check_recurrence_id(const std::string& recurrence_id) {
    if (!recurrence_id_seconds(recurrence_id))
        return rejected(ErrorCode::InvalidArgument,
                        "a recurrence id is YYYYMMDDTHHMMSSZ or YYYYMMDD: '" +
                            recurrence_id.substr(0, 40) + "'");
    return {};
}

Result<void> CalendarState::check_fields(const v1::EventFields& fields, bool creating) {
    if (creating && (!fields.has_title() || !fields.has_timing()))
        return rejected(ErrorCode::InvalidArgument, "an event needs a title and a time");
    if (fields.has_title()) {
        if (fields.title().find_first_not_of(" \t\r\n") == std::string::npos)
            return rejected(ErrorCode::InvalidArgument, "an event needs a title");
        GROVE_TRY(check_text(fields.title(), kMaxTitleBytes, "title"));
    }
    if (fields.has_timing()) {
        const v1::Timing& timing = fields.timing();
        auto start = parse_local(timing.start(), timing.all_day());
        auto end = parse_local(timing.end(), timing.all_day());
        if (!start)
            return rejected(
                ErrorCode::InvalidArgument,
                "the start is not a valid " +
                    std::string(timing.all_day() ? "date (YYYYMMDD)" : "time (YYYYMMDDTHHMMSS)"));
        if (!end)
            return rejected(ErrorCode::InvalidArgument, "the end is not a valid date or time");
        if (!timing.all_day() && !find_zone(timing.tzid()))
            return rejected(ErrorCode::InvalidArgument,
                            "unknown time zone '" + timing.tzid().substr(0, 80) + "'");
        if (timing.all_day() && !timing.tzid().empty())
            return rejected(ErrorCode::InvalidArgument, "an all-day event has no time zone");
        if (icaltime_compare(*end, *start) < 0)
            return rejected(ErrorCode::InvalidArgument, "the event ends before it starts");
    }
    if (fields.has_location()) GROVE_TRY(check_text(fields.location(), kMaxTitleBytes, "location"));
    if (fields.has_description())
        GROVE_TRY(check_text(fields.description(), kMaxTextBytes, "description"));
    if (fields.has_color()) {
        const std::string& color = fields.color();
        bool ok = color.empty() ||
                  (color.size() == 7 && color[0] == '#' &&
                   color.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos);
        if (!ok) return rejected(ErrorCode::InvalidArgument, "a colour is #rrggbb");
    }
    if (fields.has_category()) GROVE_TRY(check_text(fields.category(), kMaxTitleBytes, "category"));
    if (fields.has_rrule() && !fields.rrule().empty()) {
        GROVE_TRY(check_text(fields.rrule(), kMaxTitleBytes, "recurrence rule"));
        icalerror_clear_errno();
        icalrecurrencetype rule = icalrecurrencetype_from_string(fields.rrule().c_str());
        if (rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
            icalerror_clear_errno();
            return rejected(ErrorCode::InvalidArgument,
                            "not a recurrence rule: '" + fields.rrule().substr(0, 80) + "'");
        }
    }
    if (fields.has_rdates()) {
        GROVE_TRY(check_list(fields.rdates(), "extra dates"));
        for (const std::string& date : fields.rdates().values())
            if (!parse_local(date, date.size() == 8))
                return rejected(ErrorCode::InvalidArgument,
                                "an extra date is not YYYYMMDD or YYYYMMDDTHHMMSS");
    }
    if (fields.has_attendees()) {
        GROVE_TRY(check_list(fields.attendees(), "attendees"));
        for (const std::string& hex : fields.attendees().values()) {
            sdk::IdentityId identity{};
            if (!sdk::from_hex(hex, identity))
                return rejected(ErrorCode::InvalidArgument, "an attendee is an identity in hex");
        }
    }
    if (fields.has_reminders()) {
        if (fields.reminders().minutes_before_size() > 20)
            return rejected(ErrorCode::InvalidArgument, "at most 20 reminders");
        for (int minutes : fields.reminders().minutes_before())
            if (minutes < 0 || minutes > 60 * 24 * 28)
                return rejected(ErrorCode::InvalidArgument,
                                "a reminder is 0 to 40320 minutes before");
    }
    if (fields.has_extra()) GROVE_TRY(check_list(fields.extra(), "iCalendar properties"));
    return {};
}

const CalendarEvent* CalendarState::find(const EventId& id) const {
    auto it = events_.find(id);
    return it == events_.end() ? nullptr : &it->second;
}

const CalendarEvent* CalendarState::find_uid(const std::string& uid) const {
    auto it = by_uid_.find(uid);
    if (it == by_uid_.end()) return nullptr;
    for (const EventId& id : it->second)
        if (!events_.at(id).deleted) return &events_.at(id);
    return nullptr;
}

void CalendarState::set_fields(FieldRegisters& registers, const v1::EventFields& fields,
                               const crdt::Stamp& stamp) {
    const auto* reflection = fields.GetReflection();
    std::vector<const google::protobuf::FieldDescriptor*> set;
    reflection->ListFields(fields, &set);
    for (const auto* field : set) {
        v1::EventFields only;
        only.CopyFrom(fields);
        // Clear every other field: the register holds this one alone.
        for (const auto* other : set)
            if (other != field) only.GetReflection()->ClearField(&only, other);
        auto [it, inserted] = registers.try_emplace(field->number(), crdt::ReplicaId{});
        (void)it->second.apply({stamp, canonical(only)});
    }
}

v1::EventFields CalendarState::resolve(const FieldRegisters& registers) {
    v1::EventFields out;
    for (const auto& [number, reg] : registers)
        if (reg.value()) out.MergeFromString(*reg.value());
    return out;
}

void CalendarState::refresh(CalendarEvent& event) {
    event.resolved = resolve(event.fields);
    event.resolved_overrides.clear();
    event.merged_overrides.clear();
    for (const auto& [recurrence_id, registers] : event.overrides) {
        v1::EventFields changes = resolve(registers);
        v1::EventFields merged = event.resolved;
        merged.MergeFrom(changes);
        event.merged_overrides.emplace(recurrence_id, std::move(merged));
        event.resolved_overrides.emplace(recurrence_id, std::move(changes));
    }
    update_extent(event);
}

Result<void> CalendarState::create(const EventId& id, const std::string& uid,
                                   const v1::EventFields& fields, const sdk::Operation& op) {
    GROVE_TRY(check_fields(fields, true));
    if (uid.empty() || uid.size() > kMaxTitleBytes || !valid_utf8(uid))
        return rejected(ErrorCode::InvalidArgument, "an event needs a UID of up to 1 KiB");
    CalendarEvent event;
    event.id = id;
    event.uid = uid;
    event.creator = op.author_identity;
    event.created_lamport = op.lamport;
    event.created_ms = op.wall_time_ms;
    set_fields(event.fields, fields, stamp_of(op));
    refresh(event);
    by_uid_[uid].insert(id);
    events_.emplace(id, std::move(event));
    return {};
}

Result<CalendarChange> CalendarState::apply(const sdk::Operation& op) {
    v1::CalendarOp message;
    if (!message.ParseFromArray(op.payload.data(), static_cast<int>(op.payload.size())))
        return rejected(ErrorCode::InvalidArgument, "not a Calendar operation");
    if (op.lamport == 0)
        return rejected(ErrorCode::InvalidArgument, "operation without Lamport time");
    if (op.author_role == sdk::Role::Guest)
        return rejected(ErrorCode::PermissionDenied, "guests cannot change the calendar");
    const crdt::Stamp stamp = stamp_of(op);
    CalendarChange change;

    // The event an operation targets, live or deleted.
    auto target = [&](const std::string& raw) -> Result<CalendarEvent*> {
        EventId id{};
        if (!to_event_id(raw, id))
            return rejected(ErrorCode::InvalidArgument, "an operation without a valid event id");
        auto it = events_.find(id);
        if (it == events_.end()) return rejected(ErrorCode::NotFound, "an unknown event");
        return &it->second;
    };

    switch (message.op_case()) {
        case v1::CalendarOp::kCreate: {
            if (events_.count(op.id)) return change;  // delivered twice
            GROVE_TRY(create(op.id, message.create().uid(), message.create().fields(), op));
            change.kind = CalendarChange::Kind::Created;
            change.events.push_back(op.id);
            change.created.push_back(op.id);
            return change;
        }
        case v1::CalendarOp::kUpdate: {
            auto found = target(message.update().event_id());
            if (!found) return found.error();
            CalendarEvent* event = *found;
            const auto& update = message.update();
            GROVE_TRY(check_fields(update.fields(), false));
            for (const std::string& id : update.cancelled()) GROVE_TRY(check_recurrence_id(id));
            for (const auto& override : update.overrides()) {
                GROVE_TRY(check_recurrence_id(override.recurrence_id()));
                GROVE_TRY(check_fields(override.fields(), false));
            }
            if (event->deleted) return change;  // deletion wins
            set_fields(event->fields, update.fields(), stamp);
            event->cancelled.insert(update.cancelled().begin(), update.cancelled().end());
            for (const auto& override : update.overrides())
                set_fields(event->overrides[override.recurrence_id()], override.fields(), stamp);
            refresh(*event);
            change.kind = CalendarChange::Kind::Changed;
            change.events.push_back(event->id);
            return change;
        }
        case v1::CalendarOp::kUpdateOccurrence: {
            const auto& update = message.update_occurrence();
            auto found = target(update.event_id());
            if (!found) return found.error();
            CalendarEvent* event = *found;
            GROVE_TRY(check_recurrence_id(update.recurrence_id()));
            GROVE_TRY(check_fields(update.fields(), false));
            if (update.fields().has_rrule() || update.fields().has_rdates())
                return rejected(ErrorCode::InvalidArgument,
                                "one occurrence cannot change the series' recurrence");
            if (event->deleted) return change;
            set_fields(event->overrides[update.recurrence_id()], update.fields(), stamp);
            refresh(*event);
            change.kind = CalendarChange::Kind::Changed;
            change.events.push_back(event->id);
            return change;
        }
        case v1::CalendarOp::kSplit:
        case v1::CalendarOp::kEndSeries: {
            const bool split = message.has_split();
            const std::string& raw =
                split ? message.split().event_id() : message.end_series().event_id();
            const std::string& recurrence_id =
                split ? message.split().recurrence_id() : message.end_series().recurrence_id();
            auto found = target(raw);
            if (!found) return found.error();
            CalendarEvent* event = *found;
            GROVE_TRY(check_recurrence_id(recurrence_id));
            if (split && events_.count(op.id)) return change;
            const std::int64_t cut = *recurrence_id_seconds(recurrence_id);
            const EventId source = event->id;
            if (split)
                GROVE_TRY(create(op.id, message.split().uid(), message.split().fields(), op));
            CalendarEvent& series = events_.at(source);  // create() may have moved the map nodes
            if (!series.ends_before || cut < *series.ends_before) series.ends_before = cut;
            change.kind = split ? CalendarChange::Kind::Created : CalendarChange::Kind::Changed;
            change.events.push_back(source);
            if (split) change.events.push_back(op.id);
            if (split) change.created.push_back(op.id);
            return change;
        }
        case v1::CalendarOp::kDelete: {
            auto found = target(message.delete_().event_id());
            if (!found) return found.error();
            CalendarEvent* event = *found;
            if (event->deleted) return change;
            event->deleted = true;
            // Erase the content; the id and UID stay as the tombstone.
            event->fields.clear();
            event->overrides.clear();
            event->responses.clear();
            refresh(*event);
            change.kind = CalendarChange::Kind::Deleted;
            change.events.push_back(event->id);
            return change;
        }
        case v1::CalendarOp::kDeleteOccurrence: {
            const auto& remove = message.delete_occurrence();
            auto found = target(remove.event_id());
            if (!found) return found.error();
            CalendarEvent* event = *found;
            GROVE_TRY(check_recurrence_id(remove.recurrence_id()));
            if (event->deleted) return change;
            event->cancelled.insert(remove.recurrence_id());
            change.kind = CalendarChange::Kind::Changed;
            change.events.push_back(event->id);
            return change;
        }
        case v1::CalendarOp::kRespond: {
            auto found = target(message.respond().event_id());
            if (!found) return found.error();
            CalendarEvent* event = *found;
            if (!v1::Response_IsValid(message.respond().response()))
                return rejected(ErrorCode::InvalidArgument, "an unknown answer");
            if (event->deleted) return change;
            auto [it, inserted] =
                event->responses.try_emplace(op.author_identity, crdt::ReplicaId{});
            (void)it->second.apply({stamp, std::to_string(message.respond().response())});
            change.kind = CalendarChange::Kind::Changed;
            change.events.push_back(event->id);
            return change;
        }
        case v1::CalendarOp::kImport: {
            // Checked whole first: an import applies entirely or not at all.
            std::set<std::string> uids;
            for (const auto& item : message.import().events()) {
                if (item.update_event_id().empty()) {
                    GROVE_TRY(check_fields(item.fields(), true));
                    if (item.uid().empty() || item.uid().size() > kMaxTitleBytes ||
                        !valid_utf8(item.uid()))
                        return rejected(ErrorCode::InvalidArgument, "an imported event's UID");
                } else {
                    GROVE_TRY(target(item.update_event_id()));
                    GROVE_TRY(check_fields(item.fields(), false));
                }
                for (const auto& override : item.overrides()) {
                    GROVE_TRY(check_recurrence_id(override.recurrence_id()));
                    GROVE_TRY(check_fields(override.fields(), false));
                }
                for (const std::string& id : item.cancelled()) GROVE_TRY(check_recurrence_id(id));
            }
            int index = 0;
            for (const auto& item : message.import().events()) {
                EventId id = op.id;
                if (item.update_event_id().empty()) {
                    // Each imported event's id: the operation id with its index mixed in.
                    crdt::Hasher256 hasher;
                    hasher.update("grove.calendar.import.v1");
                    hasher.update(op.id.data(), op.id.size());
                    hasher.update_u64(static_cast<std::uint64_t>(index));
                    auto digest = hasher.finish();
                    std::copy(digest.begin(), digest.end(), id.begin());
                    if (!events_.count(id)) {
                        GROVE_TRY(create(id, item.uid(), item.fields(), op));
                        change.created.push_back(id);
                    }
                } else {
                    to_event_id(item.update_event_id(), id);
                }
                ++index;
                CalendarEvent& event = events_.at(id);
                if (event.deleted) continue;
                if (!item.update_event_id().empty()) set_fields(event.fields, item.fields(), stamp);
                for (const auto& override : item.overrides())
                    set_fields(event.overrides[override.recurrence_id()], override.fields(), stamp);
                for (const std::string& cancelled : item.cancelled())
                    event.cancelled.insert(cancelled);
                refresh(event);
                change.events.push_back(id);
            }
            change.kind = CalendarChange::Kind::Imported;
            return change;
        }
        case v1::CalendarOp::OP_NOT_SET:
            break;  // a kind from a newer version: no effect here
    }
    return change;
}

namespace {

void save_registers(const FieldRegisters& registers,
                    google::protobuf::RepeatedPtrField<v1::FieldRegister>* out) {
    for (const auto& [number, reg] : registers) {
        auto* field = out->Add();
        field->set_field(static_cast<std::uint32_t>(number));
        auto bytes = reg.snapshot();
        field->set_register_(std::string(bytes.begin(), bytes.end()));
    }
}

Result<void> load_registers(const google::protobuf::RepeatedPtrField<v1::FieldRegister>& in,
                            FieldRegisters& out) {
    for (const auto& field : in) {
        auto reg = Register::restore(crdt::ReplicaId{}, sdk::as_bytes(field.register_()));
        if (!reg.ok() || field.field() == 0 || field.field() > 1000)
            return make_error(ErrorCode::DataLoss, "a snapshot field with a malformed register");
        out.insert_or_assign(static_cast<int>(field.field()), std::move(reg.value()));
    }
    return {};
}

}  // namespace

sdk::Bytes CalendarState::snapshot() const {
    v1::CalendarSnapshot snapshot;
    snapshot.set_format(1);
    for (const auto& [id, event] : events_) {
        auto* out = snapshot.add_events();
        out->set_id(id_bytes(id));
        out->set_uid(event.uid);
        out->set_creator(id_bytes(event.creator));
        out->set_created_lamport(event.created_lamport);
        out->set_created_ms(event.created_ms);
        save_registers(event.fields, out->mutable_fields());
        for (const auto& [recurrence_id, registers] : event.overrides) {
            auto* override = out->add_overrides();
            override->set_recurrence_id(recurrence_id);
            save_registers(registers, override->mutable_fields());
        }
        for (const std::string& cancelled : event.cancelled) out->add_cancelled(cancelled);
        out->set_has_end(event.ends_before.has_value());
        out->set_ends_before(event.ends_before.value_or(0));
        out->set_deleted(event.deleted);
        for (const auto& [identity, reg] : event.responses) {
            auto* response = out->add_responses();
            response->set_identity(id_bytes(identity));
            auto bytes = reg.snapshot();
            response->set_register_(std::string(bytes.begin(), bytes.end()));
        }
    }
    std::string bytes = canonical(snapshot);
    return sdk::Bytes(bytes.begin(), bytes.end());
}

Result<void> CalendarState::restore(sdk::ByteView bytes) {
    v1::CalendarSnapshot snapshot;
    if (!snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return rejected(ErrorCode::DataLoss, "not a Calendar snapshot");
    if (snapshot.format() != 1)
        return rejected(ErrorCode::DataLoss, "Calendar snapshot format " +
                                                 std::to_string(snapshot.format()) + " is unknown");
    CalendarState next;
    for (const auto& in : snapshot.events()) {
        CalendarEvent event;
        if (!to_event_id(in.id(), event.id) ||
            !sdk::copy_id(sdk::as_bytes(in.creator()), event.creator))
            return rejected(ErrorCode::DataLoss, "a snapshot event with a malformed id");
        event.uid = in.uid();
        event.created_lamport = in.created_lamport();
        event.created_ms = in.created_ms();
        GROVE_TRY(load_registers(in.fields(), event.fields));
        for (const auto& override : in.overrides())
            GROVE_TRY(load_registers(override.fields(), event.overrides[override.recurrence_id()]));
        event.cancelled.insert(in.cancelled().begin(), in.cancelled().end());
        if (in.has_end()) event.ends_before = in.ends_before();
        event.deleted = in.deleted();
        for (const auto& response : in.responses()) {
            sdk::IdentityId identity{};
            auto reg = Register::restore(crdt::ReplicaId{}, sdk::as_bytes(response.register_()));
            if (!sdk::copy_id(sdk::as_bytes(response.identity()), identity) || !reg.ok())
                return rejected(ErrorCode::DataLoss, "a snapshot answer that is malformed");
            event.responses.insert_or_assign(identity, std::move(reg.value()));
        }
        next.refresh(event);
        next.by_uid_[event.uid].insert(event.id);
        const EventId id = event.id;
        if (!next.events_.emplace(id, std::move(event)).second)
            return rejected(ErrorCode::DataLoss, "a snapshot with an event twice");
    }
    *this = std::move(next);
    return {};
}

sdk::Digest CalendarState::digest() const {
    crdt::Hasher256 hasher;
    hasher.update("grove.calendar.state.v1");
    auto id = [&](const auto& bytes) { hasher.update(bytes.data(), bytes.size()); };
    auto text = [&](const std::string& value) {
        hasher.update_u64(value.size());
        hasher.update(value);
    };
    hasher.update_u64(events_.size());
    for (const auto& [event_id, event] : events_) {
        id(event_id);
        text(event.uid);
        id(event.creator);
        hasher.update_u64(event.created_lamport);
        hasher.update_u64(event.deleted ? 1 : 0);
        text(canonical(event.resolved));
        hasher.update_u64(event.resolved_overrides.size());
        for (const auto& [recurrence_id, fields] : event.resolved_overrides) {
            text(recurrence_id);
            text(canonical(fields));
        }
        hasher.update_u64(event.cancelled.size());
        for (const std::string& cancelled : event.cancelled) text(cancelled);
        hasher.update_u64(event.ends_before ? 1 : 0);
        hasher.update_u64(static_cast<std::uint64_t>(event.ends_before.value_or(0)));
        hasher.update_u64(event.responses.size());
        for (const auto& [identity, reg] : event.responses) {
            id(identity);
            text(reg.value().value_or(""));
        }
    }
    sdk::Digest out{};
    auto digest = hasher.finish();
    std::copy(digest.begin(), digest.end(), out.begin());
    return out;
}

}  // namespace grove::tools::calendar
