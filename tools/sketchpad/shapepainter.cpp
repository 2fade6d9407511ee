#include "shapepainter.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QTextOption>
#include <cmath>

namespace grove::tools::sketchpad {

namespace {

constexpr double kExportMargin = 16;
constexpr int kMaxExportSide = 16384;
constexpr std::uint32_t kDefaultStickyFill = 0xfffff3a0;

QPen pen_of(const Style& style, bool dark) {
    QPen pen(shown_color(style.stroke, dark), std::max(0.0f, style.stroke_width), Qt::SolidLine,
             Qt::RoundCap, Qt::RoundJoin);
    if (style.stroke_width <= 0 || qAlpha(style.stroke) == 0) pen.setStyle(Qt::NoPen);
    return pen;
}

QRectF box_of(const Geometry& g) {
    return QRectF(g.x, g.y, g.width, g.height);
}

QFont font_of(const Style& style) {
    QFont font;
    font.setPixelSize(
        std::max(1, static_cast<int>(std::lround(style.font_size > 0 ? style.font_size : 20))));
    return font;
}

// A freehand stroke in device pixels for a target of `device` pixels, drawn with a pen of `pen`
// pixels. Points closer than about a pixel to the last one kept are dropped (zoomed out, a
// 200-point stroke is a few dozen pixels long, and every point only makes the rasterizer work),
// and so are the runs of segments that cannot reach the target (a tile of a zoomed-in canvas
// shows a piece of a long stroke: the rasterizer's work is the part that shows, not the whole).
QPainterPath device_freehand(const Shape& shape, const QTransform& to_device, QRectF device,
                             double pen) {
    const QTransform map = points_transform(shape) * to_device;
    const std::size_t count = shape.point_count();
    std::vector<QPointF> kept;
    kept.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const QPointF at = map.map(QPointF(shape.points[2 * i], shape.points[2 * i + 1]));
        if (i > 0 && i + 1 < count &&
            std::fabs(at.x() - kept.back().x()) + std::fabs(at.y() - kept.back().y()) < 1.0)
            continue;
        kept.push_back(at);
    }
    // A segment may show when its box, widened by the pen, meets the target; a point is drawn
    // when a segment within two of it may show (the smoothing looks one point either side).
    const QRectF reach = device.adjusted(-pen - 2, -pen - 2, pen + 2, pen + 2);
    const std::size_t n = kept.size();
    std::vector<char> shows(n, n == 1 && reach.contains(kept.front()) ? 1 : 0);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const QRectF segment = QRectF(kept[i], kept[i + 1]).normalized();
        if (segment.right() < reach.left() || segment.left() > reach.right() ||
            segment.bottom() < reach.top() || segment.top() > reach.bottom())
            continue;
        for (std::size_t k = i >= 2 ? i - 2 : 0; k <= std::min(n - 1, i + 3); ++k) shows[k] = 1;
    }
    QPainterPath path;
    std::vector<float> run;
    auto flush = [&] {
        if (!run.empty()) path.addPath(smooth_path(run.data(), run.size() / 2));
        run.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!shows[i]) {
            flush();
            continue;
        }
        run.push_back(static_cast<float>(kept[i].x()));
        run.push_back(static_cast<float>(kept[i].y()));
    }
    flush();
    return path;
}

}  // namespace

QColor color_of(std::uint32_t argb) {
    return QColor::fromRgba(argb);
}

QColor shown_color(std::uint32_t argb, bool dark_canvas) {
    const QColor color = color_of(argb);
    if (!dark_canvas) return color;
    float h = 0, s = 0, l = 0, a = 0;
    color.getHslF(&h, &s, &l, &a);
    return QColor::fromHslF(h, s, 0.06f + 0.88f * (1 - l), a);
}

std::uint32_t argb_of(const QColor& color) {
    return color.rgba();
}

QTransform points_transform(const Shape& shape) {
    const Geometry& from = shape.base;
    const Geometry& to = shape.geometry.value;
    const double sx = from.width > 1e-9 ? to.width / from.width : 1;
    const double sy = from.height > 1e-9 ? to.height / from.height : 1;
    return QTransform::fromTranslate(-from.x, -from.y) * QTransform::fromScale(sx, sy) *
           QTransform::fromTranslate(to.x, to.y);
}

QTransform rotation_transform(const Geometry& g) {
    if (g.rotation == 0) return {};
    const QPointF centre = box_of(g).center();
    return QTransform::fromTranslate(-centre.x(), -centre.y()) * QTransform().rotate(g.rotation) *
           QTransform::fromTranslate(centre.x(), centre.y());
}

QPainterPath smooth_path(const float* p, std::size_t count) {
    QPainterPath path;
    if (count == 0) return path;
    path.moveTo(p[0], p[1]);
    if (count == 1) {
        path.lineTo(p[0] + 0.01, p[1]);  // a dot: drawn by the round cap
        return path;
    }
    if (count == 2) {
        path.lineTo(p[2], p[3]);
        return path;
    }
    for (std::size_t i = 1; i + 1 < count; ++i) {
        const QPointF control(p[2 * i], p[2 * i + 1]);
        const QPointF next((p[2 * i] + p[2 * i + 2]) / 2, (p[2 * i + 1] + p[2 * i + 3]) / 2);
        path.quadTo(control, next);
    }
    path.lineTo(p[2 * count - 2], p[2 * count - 1]);
    return path;
}

QPainterPath polyline_path(const float* p, std::size_t count) {
    QPainterPath path;
    if (count == 0) return path;
    path.moveTo(p[0], p[1]);
    for (std::size_t i = 1; i < count; ++i) path.lineTo(p[2 * i], p[2 * i + 1]);
    return path;
}

QPolygonF arrow_head(QPointF from, QPointF to, double width) {
    const double angle = std::atan2(to.y() - from.y(), to.x() - from.x());
    const double length = 10 + 3 * width;
    const double spread = 0.45;
    return QPolygonF(
        {to, to - QPointF(length * std::cos(angle - spread), length * std::sin(angle - spread)),
         to - QPointF(length * std::cos(angle + spread), length * std::sin(angle + spread))});
}

QRectF shape_bounds(const Shape& shape) {
    const Geometry& g = shape.geometry.value;
    QRectF box = box_of(g);
    if (!shape.points.empty())
        box = points_transform(shape)
                  .map(polyline_path(shape.points.data(), shape.point_count()))
                  .boundingRect();
    box = rotation_transform(g).mapRect(box);
    double pad = shape.style.value.stroke_width / 2 + 1;
    if (shape.kind == v1::SHAPE_KIND_ARROW) pad += 10 + 3 * shape.style.value.stroke_width;
    return box.adjusted(-pad, -pad, pad, pad);
}

bool shape_hit(const Shape& shape, QPointF point, double tolerance) {
    if (!shape_bounds(shape).adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(point))
        return false;
    const Geometry& g = shape.geometry.value;
    const QPointF local = rotation_transform(g).inverted().map(point);
    switch (shape.kind) {
        case v1::SHAPE_KIND_FREEHAND:
        case v1::SHAPE_KIND_LINE:
        case v1::SHAPE_KIND_ARROW: {
            const QPainterPath path = points_transform(shape).map(
                polyline_path(shape.points.data(), shape.point_count()));
            QPainterPathStroker stroker;
            stroker.setWidth(shape.style.value.stroke_width + 2 * tolerance);
            return stroker.createStroke(path).contains(local);
        }
        default:
            return box_of(g).adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(local);
    }
}

QPainterPath freehand_path(const Shape& shape) {
    if (shape.kind != v1::SHAPE_KIND_FREEHAND) return {};
    return points_transform(shape).map(smooth_path(shape.points.data(), shape.point_count()));
}

void paint_shape(QPainter& painter, const Shape& shape, const ImageSource& images,
                 const QPainterPath* freehand, bool dark) {
    const Geometry& g = shape.geometry.value;
    const Style& style = shape.style.value;
    painter.save();
    painter.setTransform(rotation_transform(g), true);
    painter.setPen(pen_of(style, dark));
    painter.setBrush(style.fill ? QBrush(shown_color(style.fill, dark)) : QBrush(Qt::NoBrush));
    const QRectF box = box_of(g);
    switch (shape.kind) {
        case v1::SHAPE_KIND_FREEHAND: {
            painter.setBrush(Qt::NoBrush);
            const QTransform device = painter.worldTransform();
            if (freehand || !device.isAffine() || device.type() == QTransform::TxShear) {
                painter.drawPath(freehand ? *freehand : freehand_path(shape));
                break;
            }
            const double scale = std::sqrt(std::fabs(device.determinant()));
            QPen pen = painter.pen();
            pen.setWidthF(pen.widthF() * scale);
            const QRectF target = painter.device() ? QRectF(0, 0, painter.device()->width(),
                                                            painter.device()->height())
                                                   : QRectF(-1e9, -1e9, 2e9, 2e9);
            painter.resetTransform();
            painter.setPen(pen);
            painter.drawPath(device_freehand(shape, device, target, pen.widthF()));
            break;
        }
        case v1::SHAPE_KIND_LINE:
        case v1::SHAPE_KIND_ARROW: {
            if (shape.point_count() < 2) break;
            const QTransform map = points_transform(shape);
            const QPointF from = map.map(QPointF(shape.points[0], shape.points[1]));
            const QPointF to =
                map.map(QPointF(shape.points[shape.points.size() - 2], shape.points.back()));
            painter.drawLine(from, to);
            if (shape.kind == v1::SHAPE_KIND_ARROW) {
                painter.setBrush(shown_color(style.stroke, dark));
                painter.drawPolygon(arrow_head(from, to, style.stroke_width));
            }
            break;
        }
        case v1::SHAPE_KIND_RECTANGLE:
            painter.drawRect(box);
            break;
        case v1::SHAPE_KIND_ELLIPSE:
            painter.drawEllipse(box);
            break;
        case v1::SHAPE_KIND_TEXT:
            if (shape.text.value.empty()) break;
            painter.setFont(font_of(style));
            painter.setPen(shown_color(style.stroke, dark));
            painter.drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
                             QString::fromStdString(shape.text.value));
            break;
        case v1::SHAPE_KIND_STICKY: {
            painter.setPen(Qt::NoPen);
            painter.setBrush(shown_color(style.fill ? style.fill : kDefaultStickyFill, dark));
            painter.drawRoundedRect(box, 6, 6);
            if (shape.text.value.empty()) break;
            painter.setFont(font_of(style));
            painter.setPen(shown_color(style.stroke, dark));
            painter.drawText(box.adjusted(10, 10, -10, -10),
                             Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
                             QString::fromStdString(shape.text.value));
            break;
        }
        case v1::SHAPE_KIND_IMAGE: {
            const QImage image = images ? images(shape) : QImage();
            if (image.isNull()) {
                painter.setPen(QPen(QColor(128, 128, 128), 1, Qt::DashLine));
                painter.setBrush(QColor(128, 128, 128, 40));
                painter.drawRect(box);
            } else {
                painter.drawImage(box, image);
            }
            break;
        }
        default:
            break;
    }
    painter.restore();
}

void paint_live_stroke(QPainter& painter, ShapeKind kind, const Style& style,
                       const std::vector<float>& points, bool dark) {
    const std::size_t count = points.size() / 2;
    if (count == 0) return;
    painter.save();
    painter.setPen(pen_of(style, dark));
    painter.setBrush(style.fill ? QBrush(shown_color(style.fill, dark)) : QBrush(Qt::NoBrush));
    const QPointF first(points[0], points[1]);
    const QPointF last(points[2 * count - 2], points[2 * count - 1]);
    switch (kind) {
        case v1::SHAPE_KIND_LINE:
        case v1::SHAPE_KIND_ARROW:
            painter.drawLine(first, last);
            if (kind == v1::SHAPE_KIND_ARROW && count > 1) {
                painter.setBrush(shown_color(style.stroke, dark));
                painter.drawPolygon(arrow_head(first, last, style.stroke_width));
            }
            break;
        case v1::SHAPE_KIND_RECTANGLE:
            painter.drawRect(QRectF(first, last).normalized());
            break;
        case v1::SHAPE_KIND_ELLIPSE:
            painter.drawEllipse(QRectF(first, last).normalized());
            break;
        default:
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(smooth_path(points.data(), count));
    }
    painter.restore();
}

QRectF shapes_bounds(const std::vector<const Shape*>& shapes) {
    QRectF bounds;
    for (const Shape* shape : shapes) bounds = bounds.united(shape_bounds(*shape));
    return bounds;
}

QImage render_png(const std::vector<const Shape*>& shapes, double scale,
                  const ImageSource& images) {
    const QRectF bounds = shapes_bounds(shapes).adjusted(-kExportMargin, -kExportMargin,
                                                         kExportMargin, kExportMargin);
    if (shapes.empty() || !(scale > 0)) return {};
    const double width = std::ceil(bounds.width() * scale);
    const double height = std::ceil(bounds.height() * scale);
    if (width > kMaxExportSide || height > kMaxExportSide) return {};
    QImage image(static_cast<int>(width), static_cast<int>(height),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(scale, scale);
    painter.translate(-bounds.topLeft());
    for (const Shape* shape : shapes) paint_shape(painter, *shape, images);
    painter.end();
    return image;
}

}  // namespace grove::tools::sketchpad
