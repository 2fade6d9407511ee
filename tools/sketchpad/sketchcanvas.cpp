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
    : QQuickPaintedItem(parent),
      model_(model),
      tiles_([this](QPainter& painter, const QRectF& area) { draw_shapes(painter, area); }) {
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
        sync_shapes();
        update();
    });
    connect(model, &SketchModel::imageArrived, this, [this] {
        tiles_.clear();
        update();
    });
    connect(model, &SketchModel::currentPageChanged, this, [this] {
        cache_.clear();
        tiles_.clear();
        sync_shapes();
        update();
    });
    connect(model, &SketchModel::liveChanged, this, [this] { update(); });
    connect(model, &SketchModel::selectionChanged, this, [this] { update(); });
    connect(this, &SketchCanvas::appearanceChanged, this, [this] {
        tiles_.clear();
        grid_image_ = QImage();
        update();
    });
    sync_shapes();
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

void SketchCanvas::sync_shapes() {
    ++pass_;
    page_shapes_.clear();
    // Shapes new since the last pass, while every one of them is above all the others: drawn on
    // top of the tiles as they are (someone drew a stroke), not by drawing the tiles again.
    std::vector<std::size_t> added;
    bool only_added_on_top = true;
    const auto page = model_ ? model_->current_page() : std::nullopt;
    if (page) {
        const auto shapes = model_->state().shapes(*page);
        page_shapes_.reserve(shapes.size());
        for (const Shape* shape : shapes) {
            auto [it, fresh] = cache_.try_emplace(shape->id);
            Cached& entry = it->second;
            if (fresh || entry.geometry != shape->geometry.stamp ||
                entry.style != shape->style.stamp || entry.z != shape->z.stamp ||
                entry.text != shape->text.stamp) {
                entry.geometry = shape->geometry.stamp;
                entry.style = shape->style.stamp;
                entry.z = shape->z.stamp;
                entry.text = shape->text.stamp;
                if (fresh) {
                    added.push_back(page_shapes_.size());
                } else {
                    only_added_on_top = false;
                    tiles_.invalidate(entry.bounds);  // where it was
                }
                entry.bounds = shape_bounds(*shape);
                if (!fresh) tiles_.invalidate(entry.bounds);  // where it is
            } else if (!added.empty()) {
                only_added_on_top = false;  // an older shape above a new one
            }
            entry.pass = pass_;
            page_shapes_.push_back({shape, entry.bounds});
        }
    }
    // Deleted shapes, and those moved off this page: their area is drawn again without them.
    for (auto it = cache_.begin(); it != cache_.end();) {
        if (it->second.pass == pass_) {
            ++it;
            continue;
        }
        tiles_.invalidate(it->second.bounds);
        it = cache_.erase(it);
    }
    for (std::size_t index : added) {
        const PageShape& entry = page_shapes_[index];
        if (!only_added_on_top) {
            tiles_.invalidate(entry.bounds);
            continue;
        }
        tiles_.draw_over(entry.bounds, [this, &entry](QPainter& painter, const QRectF&) {
            if (layer_hidden_.contains(entry.shape->id)) return;
            const ImageSource images = [this](const Shape& shape) {
                return model_->image_of(shape);
            };
            paint_shape(painter, *entry.shape, images, nullptr, dark_);
        });
    }
}

void SketchCanvas::draw_shapes(QPainter& painter, const QRectF& area) {
    if (!model_) return;
    const ImageSource images = [this](const Shape& shape) { return model_->image_of(shape); };
    for (const PageShape& entry : page_shapes_) {
        if (!entry.bounds.intersects(area) || layer_hidden_.contains(entry.shape->id)) continue;
        paint_shape(painter, *entry.shape, images, nullptr, dark_);
    }
}

void SketchCanvas::set_hidden(std::set<ShapeId> hidden) {
    for (const auto* set : {&layer_hidden_, &hidden})
        for (const ShapeId& id : *set)
            if (auto it = cache_.find(id); it != cache_.end()) tiles_.invalidate(it->second.bounds);
    layer_hidden_ = std::move(hidden);
}

void SketchCanvas::paint_grid(QPainter& painter) {
    // A dot every 40 canvas units (coarser when zoomed out).
    double step = 40 * zoom_;
    while (step < 16) step *= 4;
    const QSize size(static_cast<int>(std::ceil(width() + step)) + 1,
                     static_cast<int>(std::ceil(height() + step)) + 1);
    if (grid_image_.size() != size || grid_step_ != step) {
        grid_image_ = QImage(size, QImage::Format_ARGB32_Premultiplied);
        grid_image_.fill(Qt::transparent);
        QPainter dots(&grid_image_);
        dots.setPen(QPen(grid_, 2));
        for (double x = 0; x < size.width(); x += step)
            for (double y = 0; y < size.height(); y += step) dots.drawPoint(QPointF(x, y));
        grid_step_ = step;
    }
    const double phase_x = std::fmod(std::fmod(pan_.x(), step) + step, step);
    const double phase_y = std::fmod(std::fmod(pan_.y(), step) + step, step);
    painter.drawImage(QPointF(std::round(phase_x - step), std::round(phase_y - step)), grid_image_);
}

void SketchCanvas::paint(QPainter* painter) {
    painter->fillRect(QRectF(0, 0, width(), height()), paper_);
    paint_grid(*painter);
    const bool complete = tiles_.paint(*painter, size(), zoom_, pan_, kTileBudgetMs);
    if (complete != rendered_) {
        rendered_ = complete;
        emit renderedChanged();
    }
    paint_overlay(*painter);
    if (!complete)
        QMetaObject::invokeMethod(
            this, [this] { update(); }, Qt::QueuedConnection);
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
            set_hidden(selected);
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
            set_hidden({});
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
