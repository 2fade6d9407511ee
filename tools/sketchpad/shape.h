// Shape and Page: the replicated records of a sketch — what a shape was created as (kind, page,
// points, image) and its last-writer-wins registers (geometry, style, z-order, deleted, group,
// text).
#pragma once

#include <grove/sdk/crdt/stamp.h>
#include <grove/sdk/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grove/tools/sketchpad/v1/ops.pb.h"

namespace grove::tools::sketchpad {

namespace crdt = sdk::crdt;
using ShapeId = sdk::OpId;
using PageId = sdk::OpId;
using GroupId = sdk::OpId;
using ShapeKind = v1::ShapeKind;

struct Geometry {
    double x = 0, y = 0, width = 0, height = 0, rotation = 0;
    friend bool operator==(const Geometry&, const Geometry&) = default;
};

struct Style {
    std::uint32_t stroke = 0xff1f2328;  // ARGB
    std::uint32_t fill = 0;             // ARGB, 0: none
    float stroke_width = 2;
    float font_size = 20;
    friend bool operator==(const Style&, const Style&) = default;
};

// A value with the stamp of the write that set it; a write wins when its stamp is not older
// (stamps of different operations never tie, and within one operation the later write wins).
template <class T>
struct Register {
    T value{};
    crdt::Stamp stamp;
    bool write(const T& candidate, const crdt::Stamp& at) {
        if (at < stamp) return false;
        const bool changed = !(value == candidate);
        value = candidate;
        stamp = at;
        return changed;
    }
};

struct Shape {
    ShapeId id{};
    PageId page{};
    ShapeKind kind = v1::SHAPE_KIND_UNSPECIFIED;
    std::vector<float> points;  // x,y pairs as drawn, inside `base`
    Geometry base;              // the geometry at creation: maps points into `geometry`
    v1::ImageRef image;
    sdk::IdentityId created_by{};
    std::uint64_t created_lamport = 0;

    Register<Geometry> geometry;
    Register<Style> style;
    Register<std::string> z;
    Register<bool> deleted;
    Register<std::optional<GroupId>> group;
    Register<std::string> text;

    // The shape's ShapeState as the snapshot writes it, kept until the next write to a register
    // (a snapshot re-encodes only the shapes changed since the last one). Empty: not encoded.
    mutable std::string encoded;

    std::size_t point_count() const { return points.size() / 2; }
};

struct Page {
    PageId id{};
    Register<std::string> title;
    Register<std::string> order;
    Register<bool> deleted;
};

}  // namespace grove::tools::sketchpad
