// SketchState: the replicated state of one Sketchpad instance — pages and shapes with their
// registers, the z-order of each page — applying operations in any causal order to one result.
#pragma once

#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <compare>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "shape.h"

namespace grove::tools::sketchpad {

// What one applied operation changed, for the views and watchers.
struct SketchChange {
    bool pages_changed = false;
    std::vector<ShapeId> added;
    std::vector<ShapeId> changed;       // moved, restyled, reordered, deleted or restored
    std::vector<sdk::Bytes> live_ends;  // live strokes the new shapes end
    std::set<PageId> pages_touched;     // pages whose shapes changed
    bool empty() const { return !pages_changed && added.empty() && changed.empty(); }
};

class SketchState {
public:
    // Limits every operation is checked against (a larger one is refused whole).
    static constexpr std::size_t kMaxPoints = 20000;
    static constexpr std::size_t kMaxTextBytes = 16 * 1024;
    static constexpr std::size_t kMaxTitleBytes = 512;
    static constexpr double kMaxCoordinate = 1e7;

    Result<SketchChange> apply(const sdk::Operation& operation);

    // Live pages in page order; live shapes of a page bottom to top.
    std::vector<const Page*> pages() const;
    std::vector<const Shape*> shapes(const PageId& page) const;
    const Page* page(const PageId& id) const;         // live only
    const Shape* shape(const ShapeId& id) const;      // live only
    const Shape* shape_any(const ShapeId& id) const;  // deleted ones too (undo)
    std::size_t shape_count() const { return shapes_.size(); }

    // The z-index keys just below the bottom and above the top of a page, and around a shape.
    std::string z_top(const PageId& page) const;
    std::string z_bottom(const PageId& page) const;
    // A key between the shape's and the next one up (up) or down; nullopt at the end.
    std::optional<std::string> z_step(const ShapeId& id, bool up) const;
    std::string page_order_end() const;

    Result<sdk::Bytes> snapshot() const;
    // Replaces the state; a malformed snapshot is refused and leaves the state as it was.
    Result<void> restore(sdk::ByteView bytes);
    sdk::Digest digest() const;

    // The id of the index'th shape of a CreateShapes operation.
    static ShapeId shape_id_for(const sdk::OpId& operation, int index);

private:
    struct ZKey {
        std::string z;
        ShapeId id{};
        const Shape* shape = nullptr;  // the shape itself, not part of the order
        friend bool operator==(const ZKey& a, const ZKey& b) { return a.z == b.z && a.id == b.id; }
        friend std::strong_ordering operator<=>(const ZKey& a, const ZKey& b) {
            if (const auto by_z = a.z <=> b.z; by_z != 0) return by_z;
            return a.id <=> b.id;
        }
    };

    Result<void> check_new_shape(const v1::NewShape& shape) const;
    Result<void> check_update(const v1::ShapeUpdate& update) const;
    void index(const Shape& shape);
    void unindex(const Shape& shape);

    std::map<PageId, std::unique_ptr<Page>> pages_;
    std::map<ShapeId, std::unique_ptr<Shape>> shapes_;
    std::map<PageId, std::set<ZKey>> order_;  // live shapes of each page by (z, id)
};

// Conversions between the wire messages and the records.
Geometry geometry_from(const v1::Geometry& message);
void geometry_to(const Geometry& geometry, v1::Geometry& message);
Style style_from(const v1::Style& message);
void style_to(const Style& style, v1::Style& message);
std::string id_bytes(const sdk::OpId& id);
// A shape as the bytes of a snapshot's `ShapeState`.
std::string encode_shape_state(const Shape& shape);
bool id_from(const std::string& bytes, sdk::OpId& out);

}  // namespace grove::tools::sketchpad
