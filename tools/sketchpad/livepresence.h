// LivePresence: what other members are doing right now, from the ephemeral channel — their
// strokes in progress and their pointers. Never touches the stored sketch: lost, late, repeated or
// reordered messages only change what is drawn live.
#pragma once

#include <grove/sdk/types.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "grove/tools/sketchpad/v1/live.pb.h"
#include "shape.h"

namespace grove::tools::sketchpad {

struct RemoteStroke {
    std::string stroke_id;
    sdk::DeviceId device{};
    sdk::IdentityId identity{};
    PageId page{};
    ShapeKind kind = v1::SHAPE_KIND_FREEHAND;
    Style style;
    std::vector<float> points;  // x,y pairs received in order, without gaps
    std::int64_t updated_ms = 0;
};

struct RemoteCursor {
    sdk::IdentityId identity{};
    PageId page{};
    double x = 0, y = 0;
    std::int64_t seen_ms = 0;
};

class LivePresence {
public:
    static constexpr std::int64_t kStrokeTimeoutMs = 10'000;
    static constexpr std::int64_t kCursorTimeoutMs = 60'000;
    static constexpr std::size_t kMaxStrokesPerDevice = 8;
    static constexpr std::size_t kMaxPoints = 20'000;

    // One message from another device; returns whether what is drawn live changed. Malformed
    // messages are ignored.
    bool receive(const sdk::DeviceId& device, const sdk::IdentityId& identity,
                 const v1::LiveMessage& message, std::int64_t now_ms);
    // The stored shape ending a live stroke arrived: stop drawing it live, and ignore its late
    // messages.
    bool end(const std::string& stroke_id);
    // Forgets strokes and cursors not heard of for a while; returns whether anything went.
    bool expire(std::int64_t now_ms);

    std::vector<const RemoteStroke*> strokes_on(const PageId& page) const;
    const std::map<sdk::DeviceId, RemoteCursor>& cursors() const { return cursors_; }
    std::size_t stroke_count() const { return strokes_.size(); }
    // Points of all the strokes in progress (x,y pairs).
    std::size_t point_count() const;

private:
    bool receive_stroke(const sdk::DeviceId& device, const sdk::IdentityId& identity,
                        const v1::LiveStroke& stroke, std::int64_t now_ms);

    std::map<std::string, RemoteStroke> strokes_;
    std::set<std::string> ended_;  // recently ended stroke ids (bounded)
    std::vector<std::string> ended_order_;
    std::map<sdk::DeviceId, RemoteCursor> cursors_;
};

}  // namespace grove::tools::sketchpad
