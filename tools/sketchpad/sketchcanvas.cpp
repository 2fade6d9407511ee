#include "sketchcanvas.h"

#include <QElapsedTimer>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <cmath>

#include "shapepainter.h"
#include "sketchmodel.h"

namespace grove::tools::sketchpad {

namespace {

constexpr double kHandleSize = 9;     // item pixels
constexpr double kHitTolerance = 6;   // item pixels
constexpr double kLayerMargin = 0.5;  // of the viewport, on each side

}  // namespace

SketchCanvas::SketchCanvas(SketchModel* model, QQuickItem* parent)
    : QQuickPaintedItem(parent), model_(model) {
    setObjectName(QStringLiteral("sketchCanvas"));
    setAcceptedMouseButtons(Qt::LeftButton | Qt::MiddleButton | Qt::RightButton);
    setAcceptHoverEvents(true);
    setFlag(ItemAcceptsInputMethod, false);
    setFlag(ItemIsFocusScope, true);
    setActiveFocusOnTab(true);
    setAntialiasing(true);
    setOpaquePainting(true);
    if (parent) {
        setWidth(parent->width());
        setHeight(parent->height());
        connect(parent, &QQuickItem::widthChanged, this,
                [this, parent] { setWidth(parent->width()); });
        connect(parent, &QQuickItem::heightChanged, this,
                [this, parent] { setHeight(parent->height()); });
    }
    connect(model, &SketchModel::sketchChanged, this, [this] {
        invalidate_layer();
        update();
    });
    connect(model, &SketchModel::currentPageChanged, this, [this] {
        invalidate_layer();
        update();
    });
    connect(model, &SketchModel::liveChanged, this, [this] { update(); });
    connect(model, &SketchModel::selectionChanged, this, [this] { update(); });
    connect(this, &SketchCanvas::appearanceChanged, this, [this] {
        invalidate_layer();
        update();
    });
}

void SketchCanvas::setTool(const QString& tool) {
    if (tool == tool_) return;
    if (model_) model_->cancelStroke();
    tool_ = tool;
    emit toolChanged();
}

QTransform SketchCanvas::view() const {
    return QTransform::fromScale(zoom_, zoom_) * QTransform::fromTranslate(pan_.x(), pan_.y());
}

QPointF SketchCanvas::toCanvas(const QPointF& item) const {
    return (item - pan_) / zoom_;
}

QPointF SketchCanvas::toItem(const QPointF& canvas) const {
    return canvas * zoom_ + pan_;
}

void SketchCanvas::zoomAt(qreal factor, qreal x, qreal y) {
    if (!std::isfinite(factor) || factor <= 0) return;
    const QPointF anchor = toCanvas(QPointF(x, y));
    zoom_ = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
    pan_ = QPointF(x, y) - anchor * zoom_;
    emit viewChanged();
    update();
}

void SketchCanvas::setZoom(qreal zoom) {
    zoomAt(zoom / zoom_, width() / 2, height() / 2);
}

void SketchCanvas::panBy(qreal dx, qreal dy) {
    pan_ += QPointF(dx, dy);
    emit viewChanged();
    update();
}

void SketchCanvas::zoomToFit() {
    const QRectF bounds = model_ ? model_->pageBounds() : QRectF();
    if (bounds.isNull() || width() <= 0 || height() <= 0) {
        zoom_ = 1;
        pan_ = QPointF(width() / 2, height() / 2);
    } else {
        const double margin = 40;
        zoom_ = std::clamp(std::min((width() - 2 * margin) / std::max(1.0, bounds.width()),
                                    (height() - 2 * margin) / std::max(1.0, bounds.height())),
                           kMinZoom, 4.0);
        pan_ = QPointF(width() / 2, height() / 2) - bounds.center() * zoom_;
    }
    emit viewChanged();
    update();
}

void SketchCanvas::geometryChange(const QRectF& now, const QRectF& before) {
    QQuickPaintedItem::geometryChange(now, before);
    if (before.isEmpty() && !now.isEmpty()) zoomToFit();
}

void SketchCanvas::invalidate_layer() {
    layer_valid_ = false;
}

const SketchCanvas::Cached& SketchCanvas::cached(const Shape& shape) {
    auto [it, fresh] = cache_.try_emplace(shape.id);
    if (fresh || it->second.geometry != shape.geometry.stamp ||
        it->second.style != shape.style.stamp) {
        it->second.geometry = shape.geometry.stamp;
        it->second.style = shape.style.stamp;
        it->second.bounds = shape_bounds(shape);
        it->second.freehand = freehand_path(shape);
    }
    return it->second;
}

void SketchCanvas::render_layer(const QRectF& visible) {
    QElapsedTimer timer;
    timer.start();
    const QRectF area =
        visible.adjusted(-visible.width() * kLayerMargin, -visible.height() * kLayerMargin,
                         visible.width() * kLayerMargin, visible.height() * kLayerMargin);
    const QSize size(static_cast<int>(std::ceil(area.width() * zoom_)),
                     static_cast<int>(std::ceil(area.height() * zoom_)));
    if (layer_.size() != size) layer_ = QImage(size, QImage::Format_ARGB32_Premultiplied);
    layer_.fill(Qt::transparent);
    QPainter painter(&layer_);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(zoom_, zoom_);
    painter.translate(-area.topLeft());
    if (model_ && model_->current_page()) {
        const ImageSource images = [this](const Shape& shape) { return model_->image_of(shape); };
        for (const Shape* shape : model_->state().shapes(*model_->current_page())) {
            if (layer_hidden_.contains(shape->id)) continue;
            const Cached& entry = cached(*shape);
            if (!entry.bounds.intersects(area)) continue;
            paint_shape(painter, *shape, images, &entry.freehand, dark_);
        }
    }
    painter.end();
    layer_area_ = area;
    layer_zoom_ = zoom_;
    layer_valid_ = true;
    last_layer_ms_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

void SketchCanvas::paint(QPainter* painter) {
    painter->fillRect(QRectF(0, 0, width(), height()), paper_);
    // A dot grid every 40 canvas units (coarser when zoomed out).
    double step = 40 * zoom_;
    while (step < 16) step *= 4;
    painter->setPen(QPen(grid_, 2));
    const double startx = std::fmod(pan_.x(), step), starty = std::fmod(pan_.y(), step);
    for (double x = startx; x < width(); x += step)
        for (double y = starty; y < height(); y += step) painter->drawPoint(QPointF(x, y));

    const QRectF visible = view().inverted().mapRect(QRectF(0, 0, width(), height()));
    if (!layer_valid_ || layer_zoom_ != zoom_ || !layer_area_.contains(visible))
        render_layer(visible);
    painter->drawImage(toItem(layer_area_.topLeft()), layer_);
    paint_overlay(*painter);
}

void SketchCanvas::paint_overlay(QPainter& painter) {
    if (!model_) return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setTransform(view(), true);
    const auto page = model_->current_page();
    // Shapes being dragged, at where they would land.
    if (!layer_hidden_.empty() && page) {
        painter.save();
        const QPointF offset = drag_ == Drag::Move ? last_canvas_ - press_canvas_ : QPointF();
        painter.translate(offset);
        const ImageSource images = [this](const Shape& shape) { return model_->image_of(shape); };
        for (const Shape* shape : model_->state().shapes(*page))
            if (layer_hidden_.contains(shape->id))
                paint_shape(painter, *shape, images, nullptr, dark_);
        painter.restore();
    }
    // Others' strokes while they draw them, then ours.
    if (page)
        for (const RemoteStroke* stroke : model_->presence().strokes_on(*page))
            paint_live_stroke(painter, stroke->kind, stroke->style, stroke->points, dark_);
    if (model_->drawing())
        paint_live_stroke(painter, model_->stroke_kind(), model_->current_style(),
                          model_->stroke_points());
    painter.restore();

    // Selection: the box, corner handles and the rotate handle, in item pixels.
    QRectF selected = model_->selectionBounds();
    if (!selected.isNull() && drag_ != Drag::Draw) {
        if (drag_ == Drag::Move) selected.translate(last_canvas_ - press_canvas_);
        if (drag_ == Drag::Resize) selected = drag_bounds_;
        const QRectF box = view().mapRect(selected).adjusted(-4, -4, 4, 4);
        painter.setPen(QPen(accent_, 1.5, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(box);
        painter.setPen(QPen(accent_, 1.5));
        painter.setBrush(paper_);
        for (const QPointF& corner :
             {box.topLeft(), box.topRight(), box.bottomRight(), box.bottomLeft()})
            painter.drawRect(QRectF(corner - QPointF(kHandleSize / 2, kHandleSize / 2),
                                    QSizeF(kHandleSize, kHandleSize)));
        const QPointF rotate(box.center().x(), box.top() - 22);
        painter.drawLine(QPointF(box.center().x(), box.top()), rotate);
        painter.drawEllipse(rotate, kHandleSize / 2 + 1, kHandleSize / 2 + 1);
    }
    if (drag_ == Drag::Marquee) {
        painter.setPen(QPen(accent_, 1));
        QColor fill = accent_;
        fill.setAlpha(30);
        painter.setBrush(fill);
        painter.drawRect(QRectF(toItem(press_canvas_), toItem(last_canvas_)).normalized());
    }
    // Others' pointers with their names, in their colours.
    if (page) {
        QFont font = painter.font();
        font.setPixelSize(12);
        painter.setFont(font);
        for (const auto& [device, cursor] : model_->presence().cursors()) {
            if (cursor.page != *page) continue;
            const MemberLabel label = model_->label_of(cursor.identity);
            const QPointF at = toItem(QPointF(cursor.x, cursor.y));
            QPolygonF arrow({at, at + QPointF(0, 16), at + QPointF(4.5, 12), at + QPointF(11, 11)});
            painter.setPen(QPen(Qt::white, 1.2));
            painter.setBrush(label.color);
            painter.drawPolygon(arrow);
            const QRectF text = QFontMetricsF(font).boundingRect(label.name).adjusted(-5, -2, 5, 2);
            const QRectF tag(at + QPointF(12, 14), text.size());
            painter.setPen(Qt::NoPen);
            painter.drawRoundedRect(tag, 4, 4);
            painter.setPen(Qt::white);
            painter.drawText(tag, Qt::AlignCenter, label.name);
        }
    }
}

std::optional<int> SketchCanvas::handle_at(QPointF item) const {
    const QRectF selected = model_ ? model_->selectionBounds() : QRectF();
    if (selected.isNull()) return std::nullopt;
    const QRectF box = view().mapRect(selected).adjusted(-4, -4, 4, 4);
    const QPointF corners[] = {box.topLeft(), box.topRight(), box.bottomRight(), box.bottomLeft()};
    for (int i = 0; i < 4; ++i)
        if (QLineF(corners[i], item).length() <= kHandleSize) return i;
    if (QLineF(QPointF(box.center().x(), box.top() - 22), item).length() <= kHandleSize) return 4;
    return std::nullopt;
}

int SketchCanvas::stroke_kind() const {
    if (tool_ == "pen") return v1::SHAPE_KIND_FREEHAND;
    if (tool_ == "line") return v1::SHAPE_KIND_LINE;
    if (tool_ == "arrow") return v1::SHAPE_KIND_ARROW;
    if (tool_ == "rectangle") return v1::SHAPE_KIND_RECTANGLE;
    if (tool_ == "ellipse") return v1::SHAPE_KIND_ELLIPSE;
    return 0;
}

void SketchCanvas::mousePressEvent(QMouseEvent* event) {
    forceActiveFocus(Qt::MouseFocusReason);
    if (!model_) return;
    press_item_ = event->position();
    press_canvas_ = last_canvas_ = toCanvas(press_item_);
    const double tolerance = kHitTolerance / zoom_;
    if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton ||
        tool_ == "hand") {
        drag_ = Drag::Pan;
    } else if (const int kind = stroke_kind(); kind != 0) {
        if (model_->beginStroke(kind, press_canvas_.x(), press_canvas_.y())) drag_ = Drag::Draw;
    } else if (tool_ == "eraser") {
        drag_ = Drag::Erase;
        model_->eraseAt(press_canvas_.x(), press_canvas_.y(), tolerance);
    } else if (tool_ == "text" || tool_ == "sticky") {
        const bool sticky = tool_ == "sticky";
        const QString id = model_->addShape(sticky ? v1::SHAPE_KIND_STICKY : v1::SHAPE_KIND_TEXT,
                                            press_canvas_.x(), press_canvas_.y(),
                                            sticky ? 200 : 240, sticky ? 200 : 40);
        if (!id.isEmpty()) emit editTextRequested(id, view().mapRect(model_->shapeRect(id)));
    } else if (tool_ == "image") {
        emit imageRequested(press_canvas_.x(), press_canvas_.y());
    } else if (auto handle = handle_at(press_item_)) {
        handle_ = *handle;
        drag_ = *handle == 4 ? Drag::Rotate : Drag::Resize;
        drag_bounds_ = model_->selectionBounds();
    } else {
        const bool add = event->modifiers() & Qt::ShiftModifier;
        const QString hit = model_->shapeAt(press_canvas_.x(), press_canvas_.y(), tolerance);
        if (!hit.isEmpty() && model_->selection().contains(hit) && !add) {
            drag_ = Drag::Move;
        } else if (model_->selectAt(press_canvas_.x(), press_canvas_.y(), tolerance, add)) {
            drag_ = add ? Drag::None : Drag::Move;
        } else {
            drag_ = Drag::Marquee;
        }
        if (drag_ == Drag::Move) {
            const auto& selected = model_->selected();
            layer_hidden_ = selected;
            invalidate_layer();
        }
    }
    event->accept();
    update();
}

void SketchCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!model_) return;
    const QPointF canvas = toCanvas(event->position());
    model_->pointerMoved(canvas.x(), canvas.y());
    switch (drag_) {
        case Drag::Draw:
            model_->extendStroke(canvas.x(), canvas.y());
            break;
        case Drag::Pan:
            panBy(event->position().x() - press_item_.x(), event->position().y() - press_item_.y());
            press_item_ = event->position();
            break;
        case Drag::Erase:
            model_->eraseAt(canvas.x(), canvas.y(), kHitTolerance / zoom_);
            break;
        case Drag::Resize: {
            const QRectF from = model_->selectionBounds();
            QPointF fixed;
            switch (handle_) {
                case 0:
                    fixed = from.bottomRight();
                    break;
                case 1:
                    fixed = from.bottomLeft();
                    break;
                case 2:
                    fixed = from.topLeft();
                    break;
                default:
                    fixed = from.topRight();
                    break;
            }
            drag_bounds_ = QRectF(fixed, canvas).normalized();
            break;
        }
        default:
            break;
    }
    last_canvas_ = canvas;
    event->accept();
    update();
}

void SketchCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (!model_) return;
    const QPointF canvas = toCanvas(event->position());
    switch (drag_) {
        case Drag::Draw:
            model_->extendStroke(canvas.x(), canvas.y());
            model_->endStroke();
            break;
        case Drag::Move: {
            const QPointF delta = canvas - press_canvas_;
            layer_hidden_.clear();
            invalidate_layer();
            if (QLineF(QPointF(), delta).length() * zoom_ >= 1)
                model_->moveSelection(delta.x(), delta.y());
            break;
        }
        case Drag::Resize:
            if (drag_bounds_.width() > 0.5 || drag_bounds_.height() > 0.5)
                model_->resizeSelection(drag_bounds_);
            break;
        case Drag::Rotate: {
            const QPointF centre = model_->selectionBounds().center();
            const double angle = QLineF(centre, canvas).angleTo(QLineF(centre, press_canvas_));
            model_->rotateSelection(std::fmod(angle + 180, 360) - 180);
            break;
        }
        case Drag::Marquee:
            model_->selectIn(QRectF(press_canvas_, canvas));
            break;
        default:
            break;
    }
    drag_ = Drag::None;
    event->accept();
    update();
}

void SketchCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    if (!model_) return;
    const QPointF canvas = toCanvas(event->position());
    const QString hit = model_->shapeAt(canvas.x(), canvas.y(), kHitTolerance / zoom_);
    const int kind = hit.isEmpty() ? 0 : model_->shapeKind(hit);
    if (kind == v1::SHAPE_KIND_TEXT || kind == v1::SHAPE_KIND_STICKY)
        emit editTextRequested(hit, view().mapRect(model_->shapeRect(hit)));
    event->accept();
}

void SketchCanvas::hoverMoveEvent(QHoverEvent* event) {
    if (!model_) return;
    const QPointF canvas = toCanvas(event->position());
    model_->pointerMoved(canvas.x(), canvas.y());
}

void SketchCanvas::wheelEvent(QWheelEvent* event) {
    const QPoint delta = event->angleDelta();
    const bool ctrl = event->modifiers() & (Qt::ControlModifier | Qt::MetaModifier);
    if (!event->pixelDelta().isNull() && !ctrl) {
        // A touchpad's two-finger scroll pans (pinching arrives as Ctrl + wheel, or through the
        // view's PinchHandler).
        panBy(event->pixelDelta().x(), event->pixelDelta().y());
    } else if (event->modifiers() & Qt::ShiftModifier && !ctrl) {
        panBy(delta.y() / 2.0, 0);
    } else {
        // A mouse wheel zooms about the pointer.
        zoomAt(std::pow(1.0015, delta.y()), event->position().x(), event->position().y());
    }
    event->accept();
}

void SketchCanvas::keyPressEvent(QKeyEvent* event) {
    if (!model_) return;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const double step = shift ? 10 : 1;
    const bool selected = !model_->selected().empty();
    auto arrow = [&](double dx, double dy) {
        if (selected)
            model_->moveSelection(dx * step, dy * step);
        else
            panBy(-dx * 40, -dy * 40);
    };
    switch (event->key()) {
        case Qt::Key_Delete:
        case Qt::Key_Backspace:
            model_->deleteSelection();
            break;
        case Qt::Key_Escape:
            model_->cancelStroke();
            model_->clearSelection();
            break;
        case Qt::Key_Left:
            arrow(-1, 0);
            break;
        case Qt::Key_Right:
            arrow(1, 0);
            break;
        case Qt::Key_Up:
            arrow(0, -1);
            break;
        case Qt::Key_Down:
            arrow(0, 1);
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomAt(1.25, width() / 2, height() / 2);
            break;
        case Qt::Key_Minus:
            zoomAt(0.8, width() / 2, height() / 2);
            break;
        case Qt::Key_0:
            setZoom(1);
            break;
        case Qt::Key_1:
            if (shift) zoomToFit();
            break;
        case Qt::Key_Exclam:
            zoomToFit();
            break;
        case Qt::Key_Z:
            if (ctrl && shift)
                model_->redo();
            else if (ctrl)
                model_->undo();
            break;
        case Qt::Key_Y:
            if (ctrl) model_->redo();
            break;
        case Qt::Key_C:
            if (ctrl) model_->copySelection();
            break;
        case Qt::Key_V:
            if (ctrl) model_->paste();
            break;
        case Qt::Key_D:
            if (ctrl && model_->copySelection()) model_->paste();
            break;
        case Qt::Key_A:
            if (ctrl) model_->selectAll();
            break;
        case Qt::Key_G:
            if (ctrl && shift)
                model_->ungroupSelection();
            else if (ctrl)
                model_->groupSelection();
            break;
        case Qt::Key_BracketRight:
            if (ctrl)
                model_->bringToFront();
            else
                model_->bringForward();
            break;
        case Qt::Key_BracketLeft:
            if (ctrl)
                model_->sendToBack();
            else
                model_->sendBackward();
            break;
        default:
            event->ignore();
            return;
    }
    event->accept();
}

}  // namespace grove::tools::sketchpad
