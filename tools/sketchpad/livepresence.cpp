#include "livepresence.h"

#include <algorithm>
#include <cmath>

#include "sketchstate.h"

namespace grove::tools::sketchpad {

namespace {
constexpr std::size_t kEndedRemembered = 256;
}

bool LivePresence::receive(const sdk::DeviceId& device, const sdk::IdentityId& identity,
                           const v1::LiveMessage& message, std::int64_t now_ms) {
    switch (message.message_case()) {
        case v1::LiveMessage::kStroke:
            return receive_stroke(device, identity, message.stroke(), now_ms);
        case v1::LiveMessage::kCursor: {
            const v1::Cursor& cursor = message.cursor();
            if (cursor.left()) return cursors_.erase(device) > 0;
            PageId page{};
            if (!id_from(cursor.page_id(), page) || !std::isfinite(cursor.x()) ||
                !std::isfinite(cursor.y()))
                return false;
            cursors_[device] = {identity, page, cursor.x(), cursor.y(), now_ms};
            return true;
        }
        case v1::LiveMessage::MESSAGE_NOT_SET:
            return false;
    }
    return false;
}

bool LivePresence::receive_stroke(const sdk::DeviceId& device, const sdk::IdentityId& identity,
                                  const v1::LiveStroke& stroke, std::int64_t now_ms) {
    const std::string& id = stroke.stroke_id();
    if (id.empty() || id.size() > 32 || ended_.contains(id)) return false;
    auto it = strokes_.find(id);
    if (stroke.cancelled()) {
        if (it == strokes_.end() || it->second.device != device) return false;
        strokes_.erase(it);
        return true;
    }
    PageId page{};
    if (!id_from(stroke.page_id(), page) || stroke.points_size() % 2 != 0) return false;
    if (!std::all_of(stroke.points().begin(), stroke.points().end(),
                     [](float v) { return std::isfinite(v); }))
        return false;
    if (it == strokes_.end()) {
        const auto mine = std::count_if(strokes_.begin(), strokes_.end(), [&](const auto& entry) {
            return entry.second.device == device;
        });
        if (static_cast<std::size_t>(mine) >= kMaxStrokesPerDevice) return false;
        RemoteStroke created;
        created.stroke_id = id;
        created.device = device;
        created.identity = identity;
        it = strokes_.emplace(id, std::move(created)).first;
    }
    RemoteStroke& live = it->second;
    if (live.device != device) return false;  // another device's stroke id
    // Points continue from `start`: a message after a gap waits for the next full one (start 0);
    // a late or repeated one brings nothing new (a sender's point i never changes).
    const std::size_t start = 2 * static_cast<std::size_t>(stroke.start());
    const std::size_t end = start + static_cast<std::size_t>(stroke.points_size());
    if (start > live.points.size() || end > 2 * kMaxPoints) return false;
    if (end <= live.points.size() && !live.points.empty()) return false;
    live.points.resize(end);
    std::copy(stroke.points().begin(), stroke.points().end(),
              live.points.begin() + static_cast<std::ptrdiff_t>(start));
    live.page = page;
    live.kind =
        stroke.kind() > v1::SHAPE_KIND_UNSPECIFIED && stroke.kind() <= v1::SHAPE_KIND_ELLIPSE
            ? stroke.kind()
            : v1::SHAPE_KIND_FREEHAND;
    live.style = style_from(stroke.style());
    if (!std::isfinite(live.style.stroke_width) || live.style.stroke_width > 1000)
        live.style.stroke_width = 2;
    live.updated_ms = now_ms;
    // The drawer's pointer is where the stroke ends (no cursor messages are sent while drawing).
    const double x = live.points[live.points.size() - 2], y = live.points.back();
    if (std::isfinite(x) && std::isfinite(y)) cursors_[device] = {identity, page, x, y, now_ms};
    return true;
}

bool LivePresence::end(const std::string& stroke_id) {
    if (ended_.insert(stroke_id).second) {
        ended_order_.push_back(stroke_id);
        if (ended_order_.size() > kEndedRemembered) {
            ended_.erase(ended_order_.front());
            ended_order_.erase(ended_order_.begin());
        }
    }
    return strokes_.erase(stroke_id) > 0;
}

bool LivePresence::expire(std::int64_t now_ms) {
    const std::size_t before = strokes_.size() + cursors_.size();
    std::erase_if(strokes_, [&](const auto& entry) {
        return now_ms - entry.second.updated_ms > kStrokeTimeoutMs;
    });
    std::erase_if(cursors_, [&](const auto& entry) {
        return now_ms - entry.second.seen_ms > kCursorTimeoutMs;
    });
    return strokes_.size() + cursors_.size() != before;
}

std::vector<const RemoteStroke*> LivePresence::strokes_on(const PageId& page) const {
    std::vector<const RemoteStroke*> out;
    for (const auto& [id, stroke] : strokes_)
        if (stroke.page == page) out.push_back(&stroke);
    return out;
}

std::size_t LivePresence::point_count() const {
    std::size_t points = 0;
    for (const auto& [id, stroke] : strokes_) points += stroke.points.size() / 2;
    return points;
}

}  // namespace grove::tools::sketchpad
