#include "formsstate.h"

#include <grove/sdk/crdt/digest.h>
#include <grove/sdk/crdt/replica_id.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "grove/tools/forms/v1/state.pb.h"

namespace grove::tools::forms {
namespace crdt = grove::sdk::crdt;

namespace {

Error rejected(ErrorCode code, std::string message) {
    return make_error(code, std::move(message));
}

std::string id_bytes(const sdk::OpId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

crdt::Stamp stamp_of(const sdk::Operation& op) {
    return crdt::Stamp{op.lamport, crdt::ReplicaId::from_device_key(op.author_device)};
}

std::string register_bytes(const Register& reg) {
    auto bytes = reg.snapshot();
    return std::string(bytes.begin(), bytes.end());
}

Result<Register> load_register(const std::string& bytes) {
    auto reg = Register::restore(crdt::ReplicaId{}, sdk::as_bytes(bytes));
    if (!reg.ok()) return rejected(ErrorCode::DataLoss, "a snapshot with a malformed register");
    return std::move(reg.value());
}

}  // namespace

v1::Value FormRecord::value(const std::string& field_id) const {
    v1::Value out;
    auto it = values.find(field_id);
    if (it != values.end() && it->second.value()) out.ParseFromString(*it->second.value());
    return out;
}

std::string FormsState::field_id_for(const sdk::OpId& op, int index) {
    crdt::Hasher256 hasher;
    hasher.update("grove.forms.field.v1");
    hasher.update(op.data(), op.size());
    hasher.update_u64(static_cast<std::uint64_t>(index));
    auto digest = hasher.finish();
    return sdk::to_hex(sdk::ByteView(digest.data(), 8));
}

RecordId FormsState::imported_record_id(const sdk::OpId& op, int index) {
    crdt::Hasher256 hasher;
    hasher.update("grove.forms.import.v1");
    hasher.update(op.data(), op.size());
    hasher.update_u64(static_cast<std::uint64_t>(index));
    auto digest = hasher.finish();
    RecordId id{};
    std::copy(digest.begin(), digest.end(), id.begin());
    return id;
}

const FormField* FormsState::field(const std::string& id) const {
    auto it = fields_.find(id);
    return it == fields_.end() ? nullptr : &it->second;
}

std::vector<const FormField*> FormsState::ordered_fields(bool include_retired) const {
    std::vector<const FormField*> out;
    for (const auto& [id, field] : fields_)
        if (include_retired || !field.def.retired()) out.push_back(&field);
    std::sort(out.begin(), out.end(), [](const FormField* a, const FormField* b) {
        return std::make_tuple(a->def.position(), a->created_lamport, a->id) <
               std::make_tuple(b->def.position(), b->created_lamport, b->id);
    });
    return out;
}

const FormField* FormsState::field_named(const std::string& name) const {
    for (const FormField* field : ordered_fields())
        if (field->def.name() == name) return field;
    return nullptr;
}

const FormRecord* FormsState::find(const RecordId& id) const {
    auto it = records_.find(id);
    return it == records_.end() ? nullptr : &it->second;
}

std::vector<std::string> FormsState::problems(const std::map<std::string, v1::Value>& values,
                                              bool creating) const {
    std::vector<std::string> out;
    for (const auto& [id, value] : values) {
        const FormField* known = field(id);
        if (!known) {
            out.push_back(id + ": no such field");
            continue;
        }
        auto checked = rules_.check(known->def, value);
        if (!checked) out.push_back(checked.error().message);
    }
    if (creating)
        for (const FormField* live : ordered_fields())
            if (live->def.required() && !values.count(live->id))
                out.push_back(live->def.name() + ": required");
    return out;
}

std::vector<std::string> FormsState::problems(const FormRecord& record) const {
    std::vector<std::string> out;
    if (record.deleted) return out;
    for (const FormField* live : ordered_fields()) {
        auto checked = rules_.check(live->def, record.value(live->id));
        if (!checked) out.push_back(checked.error().message);
    }
    return out;
}

void FormsState::resolve(FormField& field) {
    field.def.Clear();
    for (const auto& [number, reg] : field.attributes)
        if (reg.value()) field.def.MergeFromString(*reg.value());
}

Result<void> FormsState::check_values(
    const google::protobuf::Map<std::string, v1::Value>& values) const {
    if (values.size() > kMaxValuesPerRecord)
        return rejected(ErrorCode::InvalidArgument, "too many values in one operation");
    for (const auto& [id, value] : values) {
        const FormField* known = field(id);
        if (!known)
            return rejected(ErrorCode::NotFound,
                            "a value for an unknown field '" + id.substr(0, 40) + "'");
        auto shape = check_shape(known->def.type(), value);
        if (!shape)
            return rejected(ErrorCode::InvalidArgument,
                            known->def.name() + ": " + shape.error().message);
    }
    return {};
}

void FormsState::write(FormRecord& record,
                       const google::protobuf::Map<std::string, v1::Value>& values,
                       HistoryEntry::Kind kind, const sdk::Operation& op) {
    HistoryEntry entry;
    entry.stamp = stamp_of(op);
    entry.author = op.author_identity;
    entry.wall_time_ms = op.wall_time_ms;
    entry.kind = kind;
    auto at = std::lower_bound(record.history.begin(), record.history.end(), entry.stamp,
                               [](const HistoryEntry& existing, const crdt::Stamp& stamp) {
                                   return existing.stamp < stamp;
                               });
    if (at != record.history.end() && at->stamp == entry.stamp) return;  // delivered twice
    entry.values.reserve(static_cast<std::size_t>(values.size()));
    if (record.values.empty()) record.values.reserve(static_cast<std::size_t>(values.size()));
    for (const auto& [id, value] : values) {
        std::string bytes = is_empty(value) ? std::string() : canonical(value);
        // A deleted record keeps no values, but its history shows every edit made to it, in
        // whatever order the deletion and the edit arrived.
        if (!record.deleted) {
            auto [it, inserted] = record.values.try_emplace(id, crdt::ReplicaId{});
            (void)it->second.apply({entry.stamp, bytes});
        }
        entry.values.try_emplace(id, std::move(bytes));
    }
    record.history.insert(at, std::move(entry));
}

void FormsState::create(const RecordId& id, std::uint32_t index, const v1::CreateRecord& create,
                        const sdk::Operation& op) {
    FormRecord record;
    record.id = id;
    record.created_index = index;
    record.creator = op.author_identity;
    record.created_lamport = op.lamport;
    record.created_ms = op.wall_time_ms;
    write(record, create.values(), HistoryEntry::Kind::Created, op);
    records_.emplace(id, std::move(record));
    ++live_;
}

Result<FormsChange> FormsState::change_schema(const v1::ChangeSchema& change,
                                              const sdk::Operation& op) {
    if (op.author_role != sdk::Role::Manager)
        return rejected(ErrorCode::PermissionDenied, "only managers change a form's schema");
    if (static_cast<std::size_t>(change.add_size() + change.update_size()) > kMaxFieldsPerChange)
        return rejected(ErrorCode::InvalidArgument, "too many fields in one schema change");
    // Checked whole first: a schema change applies entirely or not at all.
    for (const auto& add : change.add()) {
        auto checked = check_definition(add.def(), true, v1::FIELD_TYPE_UNSPECIFIED);
        if (!checked)
            return rejected(ErrorCode::InvalidArgument, "a new field: " + checked.error().message);
    }
    for (const auto& update : change.update()) {
        const FormField* known = field(update.field_id());
        if (!known)
            return rejected(ErrorCode::NotFound,
                            "an unknown field '" + update.field_id().substr(0, 40) + "'");
        auto checked = check_definition(update.def(), false, known->def.type());
        if (!checked)
            return rejected(ErrorCode::InvalidArgument,
                            known->def.name() + ": " + checked.error().message);
    }
    const crdt::Stamp stamp = stamp_of(op);
    auto set_attributes = [&](FormField& field, const v1::FieldDef& def) {
        const auto* reflection = def.GetReflection();
        std::vector<const google::protobuf::FieldDescriptor*> set;
        reflection->ListFields(def, &set);
        for (const auto* attribute : set) {
            v1::FieldDef only(def);
            // Clear every other attribute: the register holds this one alone.
            for (const auto* other : set)
                if (other != attribute) only.GetReflection()->ClearField(&only, other);
            auto [it, inserted] =
                field.attributes.try_emplace(attribute->number(), crdt::ReplicaId{});
            (void)it->second.apply({stamp, canonical(only)});
        }
        resolve(field);
    };
    int index = 0;
    for (const auto& add : change.add()) {
        const std::string id = field_id_for(op.id, index++);
        auto [it, inserted] = fields_.try_emplace(id);
        if (inserted) {
            it->second.id = id;
            it->second.created_lamport = op.lamport;
        }
        set_attributes(it->second, add.def());
    }
    for (const auto& update : change.update())
        set_attributes(fields_.at(update.field_id()), update.def());
    FormsChange out;
    out.kind = FormsChange::Kind::Schema;
    return out;
}

Result<FormsChange> FormsState::apply(const sdk::Operation& op) {
    v1::FormsOp message;
    if (!message.ParseFromArray(op.payload.data(), static_cast<int>(op.payload.size())))
        return rejected(ErrorCode::InvalidArgument, "not a Forms operation");
    if (op.lamport == 0)
        return rejected(ErrorCode::InvalidArgument, "operation without Lamport time");
    if (op.author_role == sdk::Role::Guest)
        return rejected(ErrorCode::PermissionDenied, "guests cannot change a form");
    FormsChange change;

    // The record an operation targets, live or deleted, that its author may change.
    auto target = [&](const std::string& raw) -> Result<FormRecord*> {
        RecordId id{};
        if (!sdk::copy_id(sdk::as_bytes(raw), id))
            return rejected(ErrorCode::InvalidArgument, "an operation without a valid record id");
        auto it = records_.find(id);
        if (it == records_.end()) return rejected(ErrorCode::NotFound, "an unknown record");
        if (it->second.creator != op.author_identity && op.author_role != sdk::Role::Manager)
            return rejected(ErrorCode::PermissionDenied,
                            "only managers change other members' records");
        return &it->second;
    };

    switch (message.op_case()) {
        case v1::FormsOp::kSchema:
            return change_schema(message.schema(), op);
        case v1::FormsOp::kCreate: {
            GROVE_TRY(check_values(message.create().values()));
            if (records_.count(op.id)) return change;  // delivered twice
            create(op.id, 0, message.create(), op);
            change.kind = FormsChange::Kind::Created;
            change.records.push_back(op.id);
            return change;
        }
        case v1::FormsOp::kUpdate: {
            auto found = target(message.update().record_id());
            if (!found) return found.error();
            GROVE_TRY(check_values(message.update().values()));
            FormRecord* record = *found;
            write(*record, message.update().values(), HistoryEntry::Kind::Changed, op);
            if (record->deleted) return change;  // deletion wins
            change.kind = FormsChange::Kind::Changed;
            change.records.push_back(record->id);
            return change;
        }
        case v1::FormsOp::kDelete: {
            auto found = target(message.delete_().record_id());
            if (!found) return found.error();
            FormRecord* record = *found;
            if (record->deleted) return change;
            record->deleted = true;
            --live_;
            record->values.clear();  // the content goes; the id and history stay
            write(*record, {}, HistoryEntry::Kind::Deleted, op);
            change.kind = FormsChange::Kind::Deleted;
            change.records.push_back(record->id);
            return change;
        }
        case v1::FormsOp::kImport: {
            if (message.import().records_size() > 100'000)
                return rejected(ErrorCode::InvalidArgument, "more than 100000 records at once");
            for (const auto& record : message.import().records())
                GROVE_TRY(check_values(record.values()));
            int index = 0;
            for (const auto& record : message.import().records()) {
                const RecordId id = imported_record_id(op.id, index);
                const auto place = static_cast<std::uint32_t>(index++);
                if (records_.count(id)) continue;
                create(id, place, record, op);
                change.records.push_back(id);
            }
            change.kind = FormsChange::Kind::Imported;
            return change;
        }
        case v1::FormsOp::OP_NOT_SET:
            break;  // a kind from a newer version: no effect here
    }
    return change;
}

sdk::Bytes FormsState::snapshot() const {
    v1::FormsSnapshot snapshot;
    snapshot.set_format(1);
    for (const auto& [id, field] : fields_) {
        auto* out = snapshot.add_fields();
        out->set_id(id);
        out->set_created_lamport(field.created_lamport);
        for (const auto& [number, reg] : field.attributes) {
            auto* attribute = out->add_attributes();
            attribute->set_key(std::to_string(number));
            attribute->set_register_(register_bytes(reg));
        }
    }
    for (const auto& [id, record] : records_) {
        auto* out = snapshot.add_records();
        out->set_id(id_bytes(id));
        out->set_creator(id_bytes(record.creator));
        out->set_created_lamport(record.created_lamport);
        out->set_created_ms(record.created_ms);
        out->set_deleted(record.deleted);
        out->set_created_index(record.created_index);
        for (const auto& [field_id, reg] : record.values) {
            auto* value = out->add_values();
            value->set_key(field_id);
            value->set_register_(register_bytes(reg));
        }
        for (const HistoryEntry& entry : record.history) {
            auto* history = out->add_history();
            history->set_lamport(entry.stamp.lamport);
            history->set_replica(entry.stamp.replica.value);
            history->set_author(id_bytes(entry.author));
            history->set_wall_time_ms(entry.wall_time_ms);
            history->set_kind(static_cast<std::uint32_t>(entry.kind));
            for (const auto& [field_id, bytes] : entry.values)
                (*history->mutable_values())[field_id] = bytes;
        }
    }
    std::string bytes = canonical(snapshot);
    return sdk::Bytes(bytes.begin(), bytes.end());
}

Result<void> FormsState::restore(sdk::ByteView bytes) {
    v1::FormsSnapshot snapshot;
    if (!snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return rejected(ErrorCode::DataLoss, "not a Forms snapshot");
    if (snapshot.format() != 1)
        return rejected(ErrorCode::DataLoss, "Forms snapshot format " +
                                                 std::to_string(snapshot.format()) + " is unknown");
    FormsState next;
    for (const auto& in : snapshot.fields()) {
        FormField field;
        field.id = in.id();
        field.created_lamport = in.created_lamport();
        for (const auto& attribute : in.attributes()) {
            const int number = std::atoi(attribute.key().c_str());
            if (number <= 0 || number > 1000)
                return rejected(ErrorCode::DataLoss, "a snapshot field with a bad attribute");
            auto reg = load_register(attribute.register_());
            if (!reg) return reg.error();
            field.attributes.insert_or_assign(number, std::move(reg.value()));
        }
        resolve(field);
        if (!next.fields_.emplace(field.id, std::move(field)).second)
            return rejected(ErrorCode::DataLoss, "a snapshot with a field twice");
    }
    for (const auto& in : snapshot.records()) {
        FormRecord record;
        if (!sdk::copy_id(sdk::as_bytes(in.id()), record.id) ||
            !sdk::copy_id(sdk::as_bytes(in.creator()), record.creator))
            return rejected(ErrorCode::DataLoss, "a snapshot record with a malformed id");
        record.created_lamport = in.created_lamport();
        record.created_ms = in.created_ms();
        record.deleted = in.deleted();
        record.created_index = in.created_index();
        for (const auto& value : in.values()) {
            auto reg = load_register(value.register_());
            if (!reg) return reg.error();
            record.values.insert_or_assign(value.key(), std::move(reg.value()));
        }
        for (const auto& history : in.history()) {
            HistoryEntry entry;
            entry.stamp = {history.lamport(), crdt::ReplicaId{history.replica()}};
            if (!sdk::copy_id(sdk::as_bytes(history.author()), entry.author) ||
                history.kind() < 1 || history.kind() > 3)
                return rejected(ErrorCode::DataLoss, "a snapshot history entry that is malformed");
            entry.wall_time_ms = history.wall_time_ms();
            entry.kind = static_cast<HistoryEntry::Kind>(history.kind());
            entry.values.reserve(history.values().size());
            for (const auto& [field_id, bytes] : history.values())
                entry.values.try_emplace(field_id, bytes);
            record.history.push_back(std::move(entry));
        }
        if (!std::is_sorted(
                record.history.begin(), record.history.end(),
                [](const HistoryEntry& a, const HistoryEntry& b) { return a.stamp < b.stamp; }))
            return rejected(ErrorCode::DataLoss, "a snapshot history out of order");
        if (!record.deleted) ++next.live_;
        const RecordId id = record.id;
        if (!next.records_.emplace(id, std::move(record)).second)
            return rejected(ErrorCode::DataLoss, "a snapshot with a record twice");
    }
    fields_ = std::move(next.fields_);
    records_ = std::move(next.records_);
    live_ = next.live_;
    return {};
}

sdk::Digest FormsState::digest() const {
    crdt::Hasher256 hasher;
    hasher.update("grove.forms.state.v1");
    auto id = [&](const auto& bytes) { hasher.update(bytes.data(), bytes.size()); };
    auto text = [&](const std::string& value) {
        hasher.update_u64(value.size());
        hasher.update(value);
    };
    hasher.update_u64(fields_.size());
    for (const auto& [field_id, field] : fields_) {
        text(field_id);
        hasher.update_u64(field.created_lamport);
        text(canonical(field.def));
    }
    hasher.update_u64(records_.size());
    for (const auto& [record_id, record] : records_) {
        id(record_id);
        id(record.creator);
        hasher.update_u64(record.created_lamport);
        hasher.update_u64(record.created_index);
        hasher.update_u64(record.deleted ? 1 : 0);
        hasher.update_u64(record.values.size());
        for (const auto& [field_id, reg] : record.values) {
            text(field_id);
            text(reg.value().value_or(""));
        }
        hasher.update_u64(record.history.size());
        for (const HistoryEntry& entry : record.history) {
            hasher.update_u64(entry.stamp.lamport);
            hasher.update_u64(entry.stamp.replica.value);
            id(entry.author);
            hasher.update_u64(static_cast<std::uint64_t>(entry.kind));
            hasher.update_u64(entry.values.size());
            for (const auto& [field_id, bytes] : entry.values) {
                text(field_id);
                text(bytes);
            }
        }
    }
    sdk::Digest out{};
    auto digest = hasher.finish();
    std::copy(digest.begin(), digest.end(), out.begin());
    return out;
}

}  // namespace grove::tools::forms
