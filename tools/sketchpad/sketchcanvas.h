// SketchCanvas: the scene item a Sketchpad view draws on — paints the current page (cached as a
// layer so panning thousands of strokes only moves a picture), live strokes, others' cursors and
// the selection; turns mouse, wheel and keys into drawing, selecting, moving, zooming and panning.
#pragma once

#include <QImage>
#include <QPainterPath>
#include <QPointer>
#include <QQuickPaintedItem>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "shape.h"
#include "tilelayer.h"

namespace grove::tools::sketchpad {

class SketchModel;

class SketchCanvas : public QQuickPaintedItem {
    Q_OBJECT
    // select, pen, line, arrow, rectangle, ellipse, text, sticky, eraser, hand
    Q_PROPERTY(QString tool READ tool WRITE setTool NOTIFY toolChanged)
    Q_PROPERTY(qreal zoom READ zoom NOTIFY viewChanged)
    Q_PROPERTY(qreal panX READ pan_x NOTIFY viewChanged)
    Q_PROPERTY(qreal panY READ pan_y NOTIFY viewChanged)
    Q_PROPERTY(QColor paper MEMBER paper_ NOTIFY appearanceChanged)
    Q_PROPERTY(QColor accent MEMBER accent_ NOTIFY appearanceChanged)
    Q_PROPERTY(QColor grid MEMBER grid_ NOTIFY appearanceChanged)
    // Shapes shown for a dark theme (lightness inverted); what is stored does not change.
    Q_PROPERTY(bool dark MEMBER dark_ NOTIFY appearanceChanged)
    // Milliseconds the last frame spent drawing tiles of the shapes' layer (benchmark and HUD).
    Q_PROPERTY(qreal lastLayerMs READ last_layer_ms NOTIFY viewChanged)
    // Whether the last frame showed every visible tile drawn (false while zooming catches up).
    Q_PROPERTY(bool rendered READ rendered NOTIFY renderedChanged)

public:
    static constexpr double kMinZoom = 0.02;
    static constexpr double kMaxZoom = 32;

    SketchCanvas(SketchModel* model, QQuickItem* parent);

    void paint(QPainter* painter) override;

    QString tool() const { return tool_; }
    void setTool(const QString& tool);
    qreal zoom() const { return zoom_; }
    qreal pan_x() const { return pan_.x(); }
    qreal pan_y() const { return pan_.y(); }
    qreal last_layer_ms() const { return tiles_.last_render_ms(); }
    bool rendered() const { return rendered_; }
    // Milliseconds a frame may spend drawing tiles; what is left shows next frame.
    static constexpr double kTileBudgetMs = 8;

    Q_INVOKABLE QPointF toCanvas(const QPointF& item) const;
    Q_INVOKABLE QPointF toItem(const QPointF& canvas) const;
    // Zooms by `factor` keeping the item point (x, y) still.
    Q_INVOKABLE void zoomAt(qreal factor, qreal x, qreal y);
    Q_INVOKABLE void setZoom(qreal zoom);
    Q_INVOKABLE void panBy(qreal dx, qreal dy);
    Q_INVOKABLE void zoomToFit();

signals:
    void toolChanged();
    void viewChanged();
    void appearanceChanged();
    void renderedChanged();
    // The view should show a text editor for the shape over `area` (item coordinates).
    void editTextRequested(const QString& shapeId, const QRectF& area);
    // The image tool was used at a canvas point: the view picks a file.
    void imageRequested(qreal x, qreal y);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void hoverMoveEvent(QHoverEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void geometryChange(const QRectF& now, const QRectF& before) override;

private:
    enum class Drag { None, Draw, Move, Resize, Rotate, Marquee, Pan, Erase };

    QTransform view() const;
    // Brings the per-shape cache up to the page, and has the tiles redraw where shapes changed.
    void sync_shapes();
    void draw_shapes(QPainter& painter, const QRectF& canvas_area);
    void set_hidden(std::set<ShapeId> hidden);
    void paint_grid(QPainter& painter);
    void paint_overlay(QPainter& painter);
    std::optional<int> handle_at(QPointF item) const;  // 0-3 corners, 4 rotate
    int stroke_kind() const;

    // Per shape of the current page: its bounds, computed once per geometry or style write, and
    // the stamps that tell whether it must be drawn again.
    struct Cached {
        crdt::Stamp geometry, style, z, text;
        QRectF bounds;
        std::uint64_t pass = 0;
    };
    struct PageShape {
        const Shape* shape;
        QRectF bounds;
    };

    QPointer<SketchModel> model_;
    struct IdHash {
        std::size_t operator()(const ShapeId& id) const {
            return std::hash<std::string_view>()(
                std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
        }
    };
    std::unordered_map<ShapeId, Cached, IdHash> cache_;
    std::vector<PageShape> page_shapes_;  // bottom to top
    std::uint64_t pass_ = 0;
    QString tool_ = QStringLiteral("pen");
    double zoom_ = 1;
    QPointF pan_;
    QColor paper_{Qt::white};
    QColor accent_{0x2f, 0x81, 0xf7};
    QColor grid_{0, 0, 0, 18};
    bool dark_ = false;

    TileLayer tiles_;
    bool rendered_ = false;
    std::set<ShapeId> layer_hidden_;  // selected shapes being dragged: drawn in the overlay
    // The dot grid for a step and size, one step larger than the item (drawn shifted by the pan).
    QImage grid_image_;
    double grid_step_ = 0;

    Drag drag_ = Drag::None;
    QPointF press_item_;
    QPointF press_canvas_;
    QPointF last_canvas_;
    int handle_ = -1;
    QRectF drag_bounds_;
};

}  // namespace grove::tools::sketchpad
