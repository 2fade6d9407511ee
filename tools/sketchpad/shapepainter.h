// ShapePainter: how each kind of shape looks, drawn with QPainter — one drawing code for the
// canvas, the PNG export and the live strokes of others, so what is exported is what is seen.
#pragma once

#include <QColor>
#include <QImage>
#include <QPainterPath>
#include <QRectF>
#include <QTransform>
#include <functional>
#include <vector>

#include "shape.h"

class QPainter;

namespace grove::tools::sketchpad {

// The decoded picture of an image shape (null when its bytes are not here yet).
using ImageSource = std::function<QImage(const Shape&)>;

QColor color_of(std::uint32_t argb);
// How a stored colour shows on a dark canvas: lightness inverted, hue kept (black ink turns
// white, pastel fills turn deep), as whiteboards do in dark mode. Exports keep the stored colours.
QColor shown_color(std::uint32_t argb, bool dark_canvas);
std::uint32_t argb_of(const QColor& color);

// Maps the points as drawn (inside shape.base) into the shape's current geometry.
QTransform points_transform(const Shape& shape);
// The rotation of the shape's box about its centre (identity when not rotated).
QTransform rotation_transform(const Geometry& geometry);
// Smoothed path through x,y pairs (quadratic curves through the midpoints).
QPainterPath smooth_path(const float* points, std::size_t count);
QPainterPath polyline_path(const float* points, std::size_t count);
// The arrow head at the end of the segment from `from` to `to`, for a stroke of `width`.
QPolygonF arrow_head(QPointF from, QPointF to, double width);

// Where the shape draws, rotation and stroke included, in canvas units.
QRectF shape_bounds(const Shape& shape);
// Whether a point (canvas units) is on the shape, within `tolerance`.
bool shape_hit(const Shape& shape, QPointF point, double tolerance);

// The path a freehand shape draws, in canvas units before rotation (empty for other kinds).
QPainterPath freehand_path(const Shape& shape);
// `freehand` may give the freehand_path already computed (the canvas caches them).
void paint_shape(QPainter& painter, const Shape& shape, const ImageSource& images,
                 const QPainterPath* freehand = nullptr, bool dark_canvas = false);
// A stroke of another member while drawn (or ours), in canvas units.
void paint_live_stroke(QPainter& painter, ShapeKind kind, const Style& style,
                       const std::vector<float>& points, bool dark_canvas = false);

// The union of the shapes' bounds (empty when none).
QRectF shapes_bounds(const std::vector<const Shape*>& shapes);
// The shapes drawn onto a new image: `scale` pixels per canvas unit, a margin of 16 units,
// white background. Null when there is nothing to draw or the image would exceed 16k pixels a side.
QImage render_png(const std::vector<const Shape*>& shapes, double scale, const ImageSource& images);

}  // namespace grove::tools::sketchpad
