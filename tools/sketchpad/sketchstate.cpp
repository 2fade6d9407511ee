#include "sketchstate.h"

#include <grove/sdk/crdt/byte_writer.h>
#include <grove/sdk/crdt/digest.h>
#include <grove/sdk/crdt/replica_id.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "fractionalindex.h"
#include "grove/tools/sketchpad/v1/state.pb.h"

namespace grove::tools::sketchpad {

namespace {

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

bool finite_in_range(double value) {
    return std::isfinite(value) && std::fabs(value) <= SketchState::kMaxCoordinate;
}

bool valid_geometry(const v1::Geometry& g) {
    return finite_in_range(g.x()) && finite_in_range(g.y()) && finite_in_range(g.width()) &&
           finite_in_range(g.height()) && g.width() >= 0 && g.height() >= 0 &&
           std::isfinite(g.rotation()) && std::fabs(g.rotation()) <= 360;
}

bool valid_style(const v1::Style& s) {
    return std::isfinite(s.stroke_width()) && s.stroke_width() >= 0 && s.stroke_width() <= 1000 &&
           std::isfinite(s.font_size()) && s.font_size() >= 0 && s.font_size() <= 1000;
}

bool valid_group(const std::string& group) {
    return group.empty() || group.size() == 32;
}

std::optional<GroupId> group_from(const std::string& bytes) {
    if (bytes.empty()) return std::nullopt;
    GroupId id{};
    id_from(bytes, id);
    return id;
}

void stamp_to(const crdt::Stamp& stamp, v1::StampState& out) {
    out.set_lamport(stamp.lamport);
    out.set_replica(stamp.replica.value);
}

crdt::Stamp stamp_from(const v1::StampState& in) {
    return {in.lamport(), crdt::ReplicaId{in.replica()}};
}

void write_string(crdt::ByteWriter& out, std::string_view text) {
    out.varint(text.size());
    out.bytes(text.data(), text.size());
}

void write_double(crdt::ByteWriter& out, double value) {
    std::uint64_t bits = 0;
    static_assert(sizeof bits == sizeof value);
    std::memcpy(&bits, &value, sizeof bits);
    out.fixed64(bits);
}

// Protobuf's wire format for a length-delimited field (a string, bytes or a message).
void append_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

template <class Out>
void append_length_delimited(Out& out, int field, std::string_view bytes) {
    std::string prefix;
    append_varint(prefix, (static_cast<std::uint64_t>(field) << 3) | 2);
    append_varint(prefix, bytes.size());
    out.insert(out.end(), prefix.begin(), prefix.end());
    out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace

// One shape as the bytes of a `ShapeState`. The points (most of a sketch's bytes) are written
// straight from the shape as the packed `NewShape.points` field instead of being copied into a
// message first; protobuf accepts fields in any order, so the bytes parse as the same message.
std::string encode_shape_state(const Shape& shape) {
    v1::ShapeState state;
    state.set_id(id_bytes(shape.id));
    v1::NewShape created;
    created.set_page_id(id_bytes(shape.page));
    created.set_kind(shape.kind);
    geometry_to(shape.base, *created.mutable_geometry());
    *created.mutable_image() = shape.image;
    created.set_z("a0");  // unused on restore; kept valid
    geometry_to(shape.geometry.value, *state.mutable_geometry());
    stamp_to(shape.geometry.stamp, *state.mutable_geometry_stamp());
    style_to(shape.style.value, *state.mutable_style());
    stamp_to(shape.style.stamp, *state.mutable_style_stamp());
    state.set_z(shape.z.value);
    stamp_to(shape.z.stamp, *state.mutable_z_stamp());
    state.set_deleted(shape.deleted.value);
    stamp_to(shape.deleted.stamp, *state.mutable_deleted_stamp());
    state.set_group(shape.group.value ? id_bytes(*shape.group.value) : std::string());
    stamp_to(shape.group.stamp, *state.mutable_group_stamp());
    state.set_text(shape.text.value);
    stamp_to(shape.text.stamp, *state.mutable_text_stamp());
    state.set_created_by(id_bytes(shape.created_by));
    state.set_created_lamport(shape.created_lamport);

    std::string created_bytes = created.SerializeAsString();
    if (!shape.points.empty()) {
        static_assert(std::endian::native == std::endian::little,
                      "packed floats are little-endian");
        append_length_delimited(created_bytes, 3,
                                std::string_view(reinterpret_cast<const char*>(shape.points.data()),
                                                 shape.points.size() * sizeof(float)));
    }
    std::string out = state.SerializeAsString();
    append_length_delimited(out, 2, created_bytes);
    return out;
}

Geometry geometry_from(const v1::Geometry& m) {
    return {m.x(), m.y(), m.width(), m.height(), m.rotation()};
}

void geometry_to(const Geometry& g, v1::Geometry& m) {
    m.set_x(g.x);
    m.set_y(g.y);
    m.set_width(g.width);
    m.set_height(g.height);
    m.set_rotation(g.rotation);
}

Style style_from(const v1::Style& m) {
    return {m.stroke(), m.fill(), m.stroke_width(), m.font_size()};
}

void style_to(const Style& s, v1::Style& m) {
    m.set_stroke(s.stroke);
    m.set_fill(s.fill);
    m.set_stroke_width(s.stroke_width);
    m.set_font_size(s.font_size);
}

std::string id_bytes(const sdk::OpId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

bool id_from(const std::string& bytes, sdk::OpId& out) {
    return sdk::copy_id(sdk::as_bytes(bytes), out);
}

ShapeId SketchState::shape_id_for(const sdk::OpId& operation, int index) {
    if (index == 0) return operation;
    crdt::Hasher256 hasher(0x736b65746368ULL);  // "sketch"
    hasher.update(operation.data(), operation.size()).update_u64(static_cast<std::uint64_t>(index));
    const crdt::Digest digest = hasher.finish();
    ShapeId id{};
    std::copy(digest.begin(), digest.end(), id.begin());
    return id;
}

Result<void> SketchState::check_new_shape(const v1::NewShape& shape) const {
    PageId page{};
    if (!id_from(shape.page_id(), page)) return invalid("malformed page id");
    if (!pages_.contains(page)) return make_error(ErrorCode::NotFound, "no such page");
    if (shape.kind() <= v1::SHAPE_KIND_UNSPECIFIED || shape.kind() > v1::SHAPE_KIND_IMAGE)
        return invalid("unknown shape kind");
    if (shape.points_size() % 2 != 0) return invalid("points come in x,y pairs");
    if (static_cast<std::size_t>(shape.points_size()) > 2 * kMaxPoints)
        return invalid("too many points in one shape");
    for (float v : shape.points())
        if (!finite_in_range(v)) return invalid("point out of range");
    if (!valid_geometry(shape.geometry())) return invalid("geometry out of range");
    if (!valid_style(shape.style())) return invalid("style out of range");
    if (!is_valid_fractional_index(shape.z())) return invalid("malformed z-order key");
    if (shape.text().size() > kMaxTextBytes) return invalid("text too long");
    if (!valid_group(shape.group())) return invalid("malformed group id");
    if (shape.live_id().size() > 32) return invalid("malformed live stroke id");
    if (shape.image().chunk_ids_size() != shape.image().chunk_sizes_size())
        return invalid("image chunks and sizes differ");
    for (const std::string& chunk : shape.image().chunk_ids())
        if (chunk.size() != 32) return invalid("malformed image chunk id");
    return {};
}

Result<void> SketchState::check_update(const v1::ShapeUpdate& update) const {
    ShapeId id{};
    if (!id_from(update.shape_id(), id)) return invalid("malformed shape id");
    if (!shapes_.contains(id)) return make_error(ErrorCode::NotFound, "no such shape");
    if (update.has_geometry() && !valid_geometry(update.geometry()))
        return invalid("geometry out of range");
    if (update.has_style() && !valid_style(update.style())) return invalid("style out of range");
    if (update.has_z() && !is_valid_fractional_index(update.z()))
        return invalid("malformed z-order key");
    if (update.has_group() && !valid_group(update.group())) return invalid("malformed group id");
    if (update.has_text() && update.text().size() > kMaxTextBytes) return invalid("text too long");
    return {};
}

void SketchState::index(const Shape& shape) {
    order_[shape.page].insert({shape.z.value, shape.id, &shape});
}

void SketchState::unindex(const Shape& shape) {
    auto it = order_.find(shape.page);
    if (it != order_.end()) it->second.erase({shape.z.value, shape.id});
}

Result<SketchChange> SketchState::apply(const sdk::Operation& operation) {
    v1::SketchOp op;
    if (!op.ParseFromArray(operation.payload.data(), static_cast<int>(operation.payload.size())))
        return invalid("not a Sketchpad operation");
    if (operation.author_role == sdk::Role::Guest)
        return make_error(ErrorCode::PermissionDenied, "guests cannot draw");
    const crdt::Stamp stamp{operation.lamport,
                            crdt::ReplicaId::from_device_key(operation.author_device)};
    if (stamp.lamport == 0) return invalid("operation without time");

    SketchChange change;
    switch (op.op_case()) {
        case v1::SketchOp::kCreatePage: {
            const v1::CreatePage& create = op.create_page();
            if (create.title().size() > kMaxTitleBytes) return invalid("title too long");
            if (!is_valid_fractional_index(create.order())) return invalid("malformed page order");
            if (pages_.contains(operation.id)) return change;  // delivered again
            auto page = std::make_unique<Page>();
            page->id = operation.id;
            page->title.write(create.title(), stamp);
            page->order.write(create.order(), stamp);
            page->deleted.write(false, stamp);
            pages_.emplace(operation.id, std::move(page));
            change.pages_changed = true;
            return change;
        }
        case v1::SketchOp::kUpdatePage: {
            const v1::UpdatePage& update = op.update_page();
            PageId id{};
            if (!id_from(update.page_id(), id)) return invalid("malformed page id");
            if (update.has_title() && update.title().size() > kMaxTitleBytes)
                return invalid("title too long");
            if (update.has_order() && !is_valid_fractional_index(update.order()))
                return invalid("malformed page order");
            auto it = pages_.find(id);
            if (it == pages_.end()) return make_error(ErrorCode::NotFound, "no such page");
            Page& page = *it->second;
            if (update.has_title()) change.pages_changed |= page.title.write(update.title(), stamp);
            if (update.has_order()) change.pages_changed |= page.order.write(update.order(), stamp);
            if (update.has_deleted())
                change.pages_changed |= page.deleted.write(update.deleted(), stamp);
            return change;
        }
        case v1::SketchOp::kCreateShapes: {
            const auto& shapes = op.create_shapes().shapes();
            // Check every shape first: a malformed one refuses the whole operation.
            for (const v1::NewShape& shape : shapes) GROVE_TRY(check_new_shape(shape));
            for (int i = 0; i < shapes.size(); ++i) {
                const v1::NewShape& created = shapes[i];
                const ShapeId id = shape_id_for(operation.id, i);
                if (shapes_.contains(id)) continue;  // delivered again
                auto shape = std::make_unique<Shape>();
                shape->id = id;
                id_from(created.page_id(), shape->page);
                shape->kind = created.kind();
                shape->points.assign(created.points().begin(), created.points().end());
                shape->base = geometry_from(created.geometry());
                shape->image = created.image();
                shape->created_by = operation.author_identity;
                shape->created_lamport = operation.lamport;
                shape->geometry.write(shape->base, stamp);
                shape->style.write(style_from(created.style()), stamp);
                shape->z.write(created.z(), stamp);
                shape->deleted.write(false, stamp);
                shape->group.write(group_from(created.group()), stamp);
                shape->text.write(created.text(), stamp);
                index(*shape);
                change.pages_touched.insert(shape->page);
                change.added.push_back(id);
                if (!created.live_id().empty())
                    change.live_ends.emplace_back(created.live_id().begin(),
                                                  created.live_id().end());
                shapes_.emplace(id, std::move(shape));
            }
            return change;
        }
        case v1::SketchOp::kUpdateShapes: {
            const auto& updates = op.update_shapes().updates();
            for (const v1::ShapeUpdate& update : updates) GROVE_TRY(check_update(update));
            for (const v1::ShapeUpdate& update : updates) {
                ShapeId id{};
                id_from(update.shape_id(), id);
                Shape& shape = *shapes_.at(id);
                const bool was_live = !shape.deleted.value;
                if (was_live) unindex(shape);
                bool changed = false;
                if (update.has_geometry())
                    changed |= shape.geometry.write(geometry_from(update.geometry()), stamp);
                if (update.has_style())
                    changed |= shape.style.write(style_from(update.style()), stamp);
                if (update.has_z()) changed |= shape.z.write(update.z(), stamp);
                if (update.has_deleted()) changed |= shape.deleted.write(update.deleted(), stamp);
                if (update.has_group())
                    changed |= shape.group.write(group_from(update.group()), stamp);
                if (update.has_text()) changed |= shape.text.write(update.text(), stamp);
                shape.encoded.clear();  // a stamp moved even when no value changed
                if (!shape.deleted.value) index(shape);
                if (changed) {
                    change.changed.push_back(id);
                    change.pages_touched.insert(shape.page);
                }
            }
            return change;
        }
        case v1::SketchOp::OP_NOT_SET:
            return change;  // a kind a newer version added: no effect here
    }
    return change;
}

std::vector<const Page*> SketchState::pages() const {
    std::vector<const Page*> out;
    for (const auto& [id, page] : pages_)
        if (!page->deleted.value) out.push_back(page.get());
    std::sort(out.begin(), out.end(), [](const Page* a, const Page* b) {
        if (a->order.value != b->order.value) return a->order.value < b->order.value;
        return a->id < b->id;
    });
    return out;
}

std::vector<const Shape*> SketchState::shapes(const PageId& page) const {
    std::vector<const Shape*> out;
    auto it = order_.find(page);
    if (it == order_.end()) return out;
    out.reserve(it->second.size());
    for (const ZKey& key : it->second) out.push_back(key.shape);
    return out;
}

const Page* SketchState::page(const PageId& id) const {
    auto it = pages_.find(id);
    return it == pages_.end() || it->second->deleted.value ? nullptr : it->second.get();
}

const Shape* SketchState::shape(const ShapeId& id) const {
    auto it = shapes_.find(id);
    return it == shapes_.end() || it->second->deleted.value ? nullptr : it->second.get();
}

const Shape* SketchState::shape_any(const ShapeId& id) const {
    auto it = shapes_.find(id);
    return it == shapes_.end() ? nullptr : it->second.get();
}

std::string SketchState::z_top(const PageId& page) const {
    auto it = order_.find(page);
    const std::string last =
        it == order_.end() || it->second.empty() ? std::string() : it->second.rbegin()->z;
    return fractional_index_between(last, {}).value_or("a0");
}

std::string SketchState::z_bottom(const PageId& page) const {
    auto it = order_.find(page);
    const std::string first =
        it == order_.end() || it->second.empty() ? std::string() : it->second.begin()->z;
    return fractional_index_between({}, first).value_or("a0");
}

std::optional<std::string> SketchState::z_step(const ShapeId& id, bool up) const {
    const Shape* found = shape(id);
    if (!found) return std::nullopt;
    const auto& order = order_.at(found->page);
    auto at = order.find({found->z.value, id});
    if (up) {
        auto next = std::next(at);
        if (next == order.end()) return std::nullopt;
        auto after = std::next(next);
        // Past the next one: between it and the one after it (ties of equal keys step too).
        return fractional_index_between(next->z, after == order.end() ? std::string() : after->z);
    }
    if (at == order.begin()) return std::nullopt;
    auto previous = std::prev(at);
    const std::string before = previous == order.begin() ? std::string() : std::prev(previous)->z;
    return fractional_index_between(before, previous->z);
}

std::string SketchState::page_order_end() const {
    std::string last;
    for (const auto& [id, page] : pages_) last = std::max(last, page->order.value);
    return fractional_index_between(last, {}).value_or("a0");
}

Result<sdk::Bytes> SketchState::snapshot() const {
    v1::SketchSnapshot head;
    head.set_format(1);
    for (const auto& [id, page] : pages_) {
        v1::PageState* state = head.add_pages();
        state->set_id(id_bytes(id));
        state->set_title(page->title.value);
        stamp_to(page->title.stamp, *state->mutable_title_stamp());
        state->set_order(page->order.value);
        stamp_to(page->order.stamp, *state->mutable_order_stamp());
        state->set_deleted(page->deleted.value);
        stamp_to(page->deleted.stamp, *state->mutable_deleted_stamp());
    }
    // The shapes follow as `SketchSnapshot.shapes` entries: each shape's encoding is kept until
    // one of its registers is written, so a snapshot after a few changes re-encodes only those.
    std::size_t total = head.ByteSizeLong();
    for (const auto& [id, shape] : shapes_) {
        if (shape->encoded.empty()) shape->encoded = encode_shape_state(*shape);
        total += 1 + 10 + shape->encoded.size();
    }
    sdk::Bytes out;
    out.reserve(total);
    const std::string head_bytes = head.SerializeAsString();
    out.insert(out.end(), head_bytes.begin(), head_bytes.end());
    for (const auto& [id, shape] : shapes_) {
        append_length_delimited(out, 3, shape->encoded);
    }
    return out;
}

Result<void> SketchState::restore(sdk::ByteView bytes) {
    v1::SketchSnapshot in;
    if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return invalid("not a Sketchpad snapshot");
    if (in.format() != 1) return invalid("unknown Sketchpad snapshot format");
    SketchState restored;
    for (const v1::PageState& state : in.pages()) {
        auto page = std::make_unique<Page>();
        if (!id_from(state.id(), page->id)) return invalid("malformed page id in snapshot");
        if (!is_valid_fractional_index(state.order())) return invalid("malformed page order");
        page->title = {state.title(), stamp_from(state.title_stamp())};
        page->order = {state.order(), stamp_from(state.order_stamp())};
        page->deleted = {state.deleted(), stamp_from(state.deleted_stamp())};
        const PageId id = page->id;
        if (!restored.pages_.emplace(id, std::move(page)).second)
            return invalid("page twice in snapshot");
    }
    for (const v1::ShapeState& state : in.shapes()) {
        v1::NewShape created = state.created();
        created.set_z(state.z());
        created.set_text(state.text());
        created.set_group(state.group());
        created.clear_live_id();
        GROVE_TRY(restored.check_new_shape(created));
        auto shape = std::make_unique<Shape>();
        if (!id_from(state.id(), shape->id) || !id_from(state.created_by(), shape->created_by))
            return invalid("malformed shape id in snapshot");
        id_from(created.page_id(), shape->page);
        shape->kind = created.kind();
        shape->points.assign(created.points().begin(), created.points().end());
        shape->base = geometry_from(created.geometry());
        shape->image = created.image();
        shape->created_lamport = state.created_lamport();
        if (!valid_geometry(state.geometry()) || !valid_style(state.style()))
            return invalid("shape out of range in snapshot");
        shape->geometry = {geometry_from(state.geometry()), stamp_from(state.geometry_stamp())};
        shape->style = {style_from(state.style()), stamp_from(state.style_stamp())};
        shape->z = {state.z(), stamp_from(state.z_stamp())};
        shape->deleted = {state.deleted(), stamp_from(state.deleted_stamp())};
        shape->group = {group_from(state.group()), stamp_from(state.group_stamp())};
        shape->text = {state.text(), stamp_from(state.text_stamp())};
        if (!shape->deleted.value) restored.index(*shape);
        const ShapeId id = shape->id;
        if (!restored.shapes_.emplace(id, std::move(shape)).second)
            return invalid("shape twice in snapshot");
    }
    *this = std::move(restored);
    return {};
}

sdk::Digest SketchState::digest() const {
    crdt::ByteWriter out;
    out.varint(pages_.size());
    for (const auto& [id, page] : pages_) {
        out.bytes(id.data(), id.size());
        write_string(out, page->title.value);
        write_string(out, page->order.value);
        out.u8(page->deleted.value ? 1 : 0);
    }
    out.varint(shapes_.size());
    for (const auto& [id, shape] : shapes_) {
        out.bytes(id.data(), id.size());
        out.bytes(shape->page.data(), shape->page.size());
        out.varint(static_cast<std::uint64_t>(shape->kind));
        out.varint(shape->points.size());
        if (!shape->points.empty())
            out.bytes(shape->points.data(), shape->points.size() * sizeof(float));
        const Geometry& g = shape->geometry.value;
        for (double v : {g.x, g.y, g.width, g.height, g.rotation}) write_double(out, v);
        const Style& s = shape->style.value;
        out.fixed64(s.stroke);
        out.fixed64(s.fill);
        write_double(out, s.stroke_width);
        write_double(out, s.font_size);
        write_string(out, shape->z.value);
        out.u8(shape->deleted.value ? 1 : 0);
        out.u8(shape->group.value ? 1 : 0);
        if (shape->group.value) out.bytes(shape->group.value->data(), 32);
        write_string(out, shape->text.value);
        write_string(out, shape->image.SerializeAsString());
    }
    const crdt::Digest digest = crdt::Hasher256().update(out.data().data(), out.size()).finish();
    sdk::Digest result{};
    std::copy(digest.begin(), digest.end(), result.begin());
    return result;
}

}  // namespace grove::tools::sketchpad
