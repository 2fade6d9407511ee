#include "sketchmodel.h"

#include <QAbstractEventDispatcher>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>
#include <QQuickItem>
#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

#include "fractionalindex.h"
#include "shapepainter.h"
#include "sketchcanvas.h"
#include "svgexport.h"

namespace grove::tools::sketchpad {

namespace {

constexpr int kKeyframeEvery = 16;           // live messages between full copies of a stroke
constexpr std::int64_t kCursorEveryMs = 40;  // at most this often on the channel
constexpr double kMinPointDistance = 0.75;   // canvas units between kept freehand points
constexpr qint64 kMaxImageBytes = 32 * 1024 * 1024;

QString hex_of(const sdk::OpId& id) {
    return QString::fromStdString(sdk::to_hex(id));
}

std::optional<sdk::OpId> parse_id(const QString& hex) {
    sdk::OpId id{};
    if (!sdk::from_hex(hex.toStdString(), id)) return std::nullopt;
    return id;
}

std::int64_t steady_ms() {
    static QElapsedTimer timer = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return timer.elapsed();
}

bool has_event_loop() {
    return QAbstractEventDispatcher::instance() != nullptr;
}

bool is_stroke_kind(int kind) {
    return kind == v1::SHAPE_KIND_FREEHAND || kind == v1::SHAPE_KIND_LINE ||
           kind == v1::SHAPE_KIND_ARROW || kind == v1::SHAPE_KIND_RECTANGLE ||
           kind == v1::SHAPE_KIND_ELLIPSE;
}

QRectF box_of(const Geometry& g) {
    return QRectF(g.x, g.y, g.width, g.height);
}

v1::Geometry geometry_message(const QRectF& box, double rotation) {
    v1::Geometry out;
    out.set_x(box.x());
    out.set_y(box.y());
    out.set_width(std::max(0.0, box.width()));
    out.set_height(std::max(0.0, box.height()));
    out.set_rotation(rotation);
    return out;
}

// The register values of `shape` for every field `update` writes, as an update.
v1::ShapeUpdate before_of(const Shape& shape, const v1::ShapeUpdate& update) {
    v1::ShapeUpdate before;
    before.set_shape_id(update.shape_id());
    if (update.has_geometry()) geometry_to(shape.geometry.value, *before.mutable_geometry());
    if (update.has_style()) style_to(shape.style.value, *before.mutable_style());
    if (update.has_z()) before.set_z(shape.z.value);
    if (update.has_deleted()) before.set_deleted(shape.deleted.value);
    if (update.has_group())
        before.set_group(shape.group.value ? id_bytes(*shape.group.value) : std::string());
    if (update.has_text()) before.set_text(shape.text.value);
    return before;
}

}  // namespace

SketchModel::SketchModel(sdk::ToolContext& context, SketchState& state, QObject* parent)
    : QObject(parent), context_(context), state_(state), clock_(steady_ms) {
    expiry_timer_.setInterval(1000);
    connect(&expiry_timer_, &QTimer::timeout, this, [this] {
        if (presence_.expire(clock_())) {
            emit liveChanged();
            emit presenceChanged();
        }
    });
    if (has_event_loop()) expiry_timer_.start();
    live_timer_.setSingleShot(true);
    connect(&live_timer_, &QTimer::timeout, this, [this] { flush_stroke_progress(); });
    pick_current_page();
}

SketchModel::~SketchModel() = default;

// ---------------------------------------------------------------- properties

QVariantList SketchModel::pages() const {
    QVariantList out;
    for (const Page* page : state_.pages()) {
        QVariantMap entry;
        entry["id"] = hex_of(page->id);
        entry["title"] = QString::fromStdString(page->title.value);
        entry["shapeCount"] = static_cast<int>(state_.shapes(page->id).size());
        out.push_back(entry);
    }
    return out;
}

QString SketchModel::current_page_id() const {
    return current_page_ ? hex_of(*current_page_) : QString();
}

int SketchModel::shape_count() const {
    return current_page_ ? static_cast<int>(state_.shapes(*current_page_).size()) : 0;
}

QStringList SketchModel::selection() const {
    QStringList out;
    for (const ShapeId& id : selection_) out << hex_of(id);
    return out;
}

bool SketchModel::can_write() const {
    return context_.permits(context_.me().identity, sdk::Permission::Write);
}

QString SketchModel::name() const {
    return QString::fromStdString(context_.instance_name());
}

QString SketchModel::member_display_name(const sdk::IdentityId& identity) const {
    if (identity == context_.me().identity)
        return QString::fromStdString(context_.me().display_name);
    for (const sdk::Member& member : context_.members())
        if (member.identity == identity) return QString::fromStdString(member.display_name);
    return tr("Someone");
}

MemberLabel SketchModel::label_of(const sdk::IdentityId& identity) const {
    const int hue = (identity[0] * 256 + identity[1]) % 360;
    return {member_display_name(identity), QColor::fromHsv(hue, 190, 200)};
}

QVariantList SketchModel::present_members() const {
    QVariantList out;
    std::set<sdk::IdentityId> seen{context_.me().identity};
    auto add = [&](const sdk::IdentityId& identity, bool me) {
        const MemberLabel label = label_of(identity);
        QVariantMap entry;
        entry["name"] = me ? tr("%1 (you)").arg(label.name) : label.name;
        entry["plainName"] = label.name;
        entry["color"] = label.color;
        out.push_back(entry);
    };
    add(context_.me().identity, true);
    for (const auto& [device, cursor] : presence_.cursors())
        if (current_page_ && cursor.page == *current_page_ && seen.insert(cursor.identity).second)
            add(cursor.identity, false);
    return out;
}

int SketchModel::live_stroke_count() const {
    return current_page_ ? static_cast<int>(presence_.strokes_on(*current_page_).size()) : 0;
}

int SketchModel::live_point_count() const {
    return static_cast<int>(presence_.point_count());
}

Style SketchModel::current_style() const {
    Style style;
    style.stroke = argb_of(stroke_color_);
    style.fill = fill_color_.alpha() == 0 ? 0 : argb_of(fill_color_);
    style.stroke_width = static_cast<float>(std::clamp<qreal>(stroke_width_, 0, 1000));
    style.font_size = static_cast<float>(std::clamp<qreal>(font_size_, 1, 1000));
    return style;
}

bool SketchModel::fail(const QString& message) {
    last_error_ = message;
    emit lastErrorChanged();
    return false;
}

std::optional<sdk::OpId> SketchModel::submit(const v1::SketchOp& op) {
    const std::string bytes = op.SerializeAsString();
    auto submitted = context_.submit(sdk::as_bytes(bytes));
    if (!submitted) return fail(QString::fromStdString(submitted.error().describe())), std::nullopt;
    return *submitted;
}

// ---------------------------------------------------------------- pages

void SketchModel::pick_current_page() {
    if (current_page_ && state_.page(*current_page_)) return;
    const auto pages = state_.pages();
    std::optional<PageId> next;
    if (!pages.empty()) next = pages.front()->id;
    if (next == current_page_) return;
    current_page_ = next;
    selection_.clear();
    emit currentPageChanged();
    emit selectionChanged();
    emit sketchChanged();
    emit presenceChanged();
}

QString SketchModel::addPage(const QString& title) {
    v1::SketchOp op;
    op.mutable_create_page()->set_title(title.trimmed().toStdString());
    op.mutable_create_page()->set_order(state_.page_order_end());
    auto created = submit(op);
    if (!created) return {};
    setCurrentPage(hex_of(*created));
    return hex_of(*created);
}

Result<PageId> SketchModel::ensure_page() {
    if (current_page_ && state_.page(*current_page_)) return *current_page_;
    const auto pages = state_.pages();
    if (!pages.empty()) return pages.front()->id;
    const QString created = addPage(tr("Page 1"));
    if (created.isEmpty())
        return make_error(ErrorCode::FailedPrecondition, last_error_.toStdString());
    return *parse_id(created);
}

bool SketchModel::renamePage(const QString& page_id, const QString& title) {
    auto id = parse_id(page_id);
    if (!id || !state_.page(*id)) return fail(tr("No such page"));
    v1::SketchOp op;
    op.mutable_update_page()->set_page_id(id_bytes(*id));
    op.mutable_update_page()->set_title(title.trimmed().toStdString());
    return submit(op).has_value();
}

bool SketchModel::deletePage(const QString& page_id) {
    auto id = parse_id(page_id);
    if (!id || !state_.page(*id)) return fail(tr("No such page"));
    v1::SketchOp op;
    op.mutable_update_page()->set_page_id(id_bytes(*id));
    op.mutable_update_page()->set_deleted(true);
    return submit(op).has_value();
}

void SketchModel::setCurrentPage(const QString& page_id) {
    auto id = parse_id(page_id);
    if (!id || !state_.page(*id) || id == current_page_) return;
    cancelStroke();
    current_page_ = id;
    selection_.clear();
    emit currentPageChanged();
    emit selectionChanged();
    emit sketchChanged();
    emit presenceChanged();
}

// ---------------------------------------------------------------- drawing

void SketchModel::send_live(const v1::LiveMessage& message) {
    const std::string bytes = message.SerializeAsString();
    (void)context_.send_ephemeral(sdk::as_bytes(bytes));  // lost messages are expected
}

void SketchModel::send_stroke_progress(bool whole) {
    if (!stroke_) return;
    LocalStroke& stroke = *stroke_;
    const std::size_t count = stroke.points.size() / 2;
    // A full copy now and then lets a member who missed a message catch up; it must fit.
    if (stroke.messages % kKeyframeEvery == 0 && count * 8 < sdk::kMaxEphemeralPayload - 1024)
        whole = true;
    const std::size_t start = whole ? 0 : stroke.sent;
    v1::LiveMessage message;
    v1::LiveStroke* live = message.mutable_stroke();
    live->set_stroke_id(stroke.id);
    live->set_page_id(id_bytes(stroke.page));
    live->set_kind(stroke.kind);
    style_to(stroke.style, *live->mutable_style());
    live->set_start(static_cast<std::uint32_t>(start));
    live->mutable_points()->Assign(stroke.points.begin() + static_cast<std::ptrdiff_t>(2 * start),
                                   stroke.points.end());
    send_live(message);
    stroke.sent = count;
    ++stroke.messages;
}

void SketchModel::queue_stroke_progress(bool whole) {
    live_pending_ = true;
    live_pending_whole_ |= whole;
    const std::int64_t since = clock_() - live_sent_ms_;
    if (live_interval_ms_ <= 0 || since >= live_interval_ms_) {
        flush_stroke_progress();
    } else if (!live_timer_.isActive()) {
        live_timer_.start(static_cast<int>(live_interval_ms_ - since));
    }
}

void SketchModel::flush_stroke_progress() {
    live_timer_.stop();
    if (!live_pending_ || !stroke_) return;
    send_stroke_progress(live_pending_whole_);
    live_pending_ = live_pending_whole_ = false;
    live_sent_ms_ = clock_();
}

bool SketchModel::beginStroke(int kind, qreal x, qreal y) {
    if (!is_stroke_kind(kind)) return fail(tr("Not a shape one draws"));
    if (!can_write()) return fail(tr("You cannot draw here"));
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    auto page = ensure_page();
    if (!page) return fail(QString::fromStdString(page.error().describe()));
    cancelStroke();
    LocalStroke stroke;
    QByteArray id(16, 0);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(id.data()), 4);
    stroke.id = id.toStdString();
    stroke.page = *page;
    stroke.kind = static_cast<ShapeKind>(kind);
    stroke.style = current_style();
    stroke.points = {static_cast<float>(x), static_cast<float>(y)};
    stroke_ = std::move(stroke);
    live_pending_ = live_pending_whole_ = false;
    queue_stroke_progress(true);
    emit liveChanged();
    return true;
}

void SketchModel::extendStroke(qreal x, qreal y) {
    if (!stroke_ || !std::isfinite(x) || !std::isfinite(y)) return;
    std::vector<float>& points = stroke_->points;
    if (stroke_->kind == v1::SHAPE_KIND_FREEHAND) {
        const double dx = x - points[points.size() - 2], dy = y - points.back();
        if (std::hypot(dx, dy) < kMinPointDistance) return;
        if (points.size() / 2 >= SketchState::kMaxPoints) return;
        points.push_back(static_cast<float>(x));
        points.push_back(static_cast<float>(y));
        queue_stroke_progress(false);
    } else {
        points.resize(2);
        points.push_back(static_cast<float>(x));
        points.push_back(static_cast<float>(y));
        queue_stroke_progress(true);  // two points: always whole
    }
    emit liveChanged();
}

void SketchModel::cancelStroke() {
    if (!stroke_) return;
    v1::LiveMessage message;
    message.mutable_stroke()->set_stroke_id(stroke_->id);
    message.mutable_stroke()->set_cancelled(true);
    send_live(message);
    stroke_.reset();
    live_pending_ = live_pending_whole_ = false;
    live_timer_.stop();
    emit liveChanged();
}

QString SketchModel::endStroke() {
    if (!stroke_) return {};
    LocalStroke stroke = std::move(*stroke_);
    stroke_.reset();
    live_pending_ = live_pending_whole_ = false;  // the stored shape follows at once
    live_timer_.stop();
    emit liveChanged();
    v1::NewShape shape;
    shape.set_page_id(id_bytes(stroke.page));
    shape.set_kind(stroke.kind);
    style_to(stroke.style, *shape.mutable_style());
    shape.set_live_id(stroke.id);
    const std::size_t count = stroke.points.size() / 2;
    const QPointF first(stroke.points[0], stroke.points[1]);
    const QPointF last(stroke.points[2 * count - 2], stroke.points[2 * count - 1]);
    switch (stroke.kind) {
        case v1::SHAPE_KIND_RECTANGLE:
        case v1::SHAPE_KIND_ELLIPSE: {
            QRectF box = QRectF(first, last).normalized();
            if (box.width() < 2 && box.height() < 2) box = QRectF(first, QSizeF(160, 100));
            *shape.mutable_geometry() = geometry_message(box, 0);
            if (stroke.kind == v1::SHAPE_KIND_RECTANGLE || stroke.kind == v1::SHAPE_KIND_ELLIPSE)
                shape.mutable_style()->set_fill(stroke.style.fill);
            break;
        }
        case v1::SHAPE_KIND_LINE:
        case v1::SHAPE_KIND_ARROW: {
            QPointF end = last;
            if (QLineF(first, last).length() < 2) end = first + QPointF(160, 0);
            for (const QPointF& p : {first, end}) {
                shape.add_points(static_cast<float>(p.x()));
                shape.add_points(static_cast<float>(p.y()));
            }
            *shape.mutable_geometry() = geometry_message(QRectF(first, end).normalized(), 0);
            break;
        }
        default: {
            shape.mutable_points()->Assign(stroke.points.begin(), stroke.points.end());
            QRectF box = polyline_path(stroke.points.data(), count).boundingRect();
            *shape.mutable_geometry() = geometry_message(box, 0);
        }
    }
    auto created = create_shapes({shape}, true);
    if (!created) {
        cancelStroke();
        return {};
    }
    return hex_of(created->front());
}

Result<std::vector<ShapeId>> SketchModel::create_shapes(std::vector<v1::NewShape> shapes,
                                                        bool undoable) {
    if (shapes.empty()) return std::vector<ShapeId>{};
    v1::SketchOp op;
    // Stacked on top, in the given order.
    std::map<std::string, std::string> top;
    for (v1::NewShape& shape : shapes) {
        PageId page{};
        if (!id_from(shape.page_id(), page) || !state_.page(page))
            return make_error(ErrorCode::NotFound, "no such page");
        auto [it, fresh] = top.try_emplace(shape.page_id(), state_.z_top(page));
        if (!fresh) it->second = fractional_index_between(it->second, {}).value_or(it->second);
        shape.set_z(it->second);
        *op.mutable_create_shapes()->add_shapes() = std::move(shape);
    }
    const std::string bytes = op.SerializeAsString();
    if (bytes.size() > sdk::kMaxOperationPayload)
        return make_error(ErrorCode::ResourceExhausted, "too much at once");
    auto submitted = context_.submit(sdk::as_bytes(bytes));
    if (!submitted) {
        fail(QString::fromStdString(submitted.error().describe()));
        return submitted.error();
    }
    std::vector<ShapeId> ids;
    UndoStep step;
    for (int i = 0; i < op.create_shapes().shapes_size(); ++i) {
        const ShapeId id = SketchState::shape_id_for(*submitted, i);
        if (!state_.shape(id)) return make_error(ErrorCode::InvalidArgument, "shape refused");
        ids.push_back(id);
        v1::ShapeUpdate* undo = step.undo.add_updates();
        undo->set_shape_id(id_bytes(id));
        undo->set_deleted(true);
        v1::ShapeUpdate* redo = step.redo.add_updates();
        redo->set_shape_id(id_bytes(id));
        redo->set_deleted(false);
    }
    if (undoable) {
        undo_.push(std::move(step));
        emit undoChanged();
    }
    return ids;
}

QString SketchModel::addShape(int kind, qreal x, qreal y, qreal width, qreal height,
                              const QString& text) {
    if (kind != v1::SHAPE_KIND_RECTANGLE && kind != v1::SHAPE_KIND_ELLIPSE &&
        kind != v1::SHAPE_KIND_TEXT && kind != v1::SHAPE_KIND_STICKY)
        return fail(tr("Not a shape with a box")), QString();
    auto page = ensure_page();
    if (!page) return fail(QString::fromStdString(page.error().describe())), QString();
    v1::NewShape shape;
    shape.set_page_id(id_bytes(*page));
    shape.set_kind(static_cast<ShapeKind>(kind));
    *shape.mutable_geometry() = geometry_message(QRectF(x, y, width, height), 0);
    style_to(current_style(), *shape.mutable_style());
    if (kind == v1::SHAPE_KIND_STICKY && fill_color_.alpha() == 0)
        shape.mutable_style()->set_fill(0xfffff3a0);
    shape.set_text(text.toStdString());
    auto created = create_shapes({shape}, true);
    if (!created) return {};
    selection_ = {created->front()};
    emit selectionChanged();
    return hex_of(created->front());
}

bool SketchModel::setText(const QString& shape_id, const QString& text) {
    auto id = parse_id(shape_id);
    if (!id || !state_.shape(*id)) return fail(tr("No such shape"));
    if (state_.shape(*id)->text.value == text.toStdString()) return true;
    v1::ShapeUpdate update;
    update.set_shape_id(id_bytes(*id));
    update.set_text(text.toStdString());
    return change({update});
}

QString SketchModel::shapeText(const QString& shape_id) const {
    auto id = parse_id(shape_id);
    const Shape* shape = id ? state_.shape(*id) : nullptr;
    return shape ? QString::fromStdString(shape->text.value) : QString();
}

int SketchModel::shapeKind(const QString& shape_id) const {
    auto id = parse_id(shape_id);
    const Shape* shape = id ? state_.shape(*id) : nullptr;
    return shape ? shape->kind : 0;
}

QRectF SketchModel::shapeRect(const QString& shape_id) const {
    auto id = parse_id(shape_id);
    const Shape* shape = id ? state_.shape(*id) : nullptr;
    return shape ? box_of(shape->geometry.value) : QRectF();
}

QString SketchModel::insertImage(const QUrl& file, qreal x, qreal y) {
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) return fail(tr("Cannot read %1").arg(path)), QString();
    if (in.size() > kMaxImageBytes) return fail(tr("The image is over 32 MB")), QString();
    const QByteArray bytes = in.readAll();
    QImage image;
    if (!image.loadFromData(bytes)) return fail(tr("Not an image: %1").arg(path)), QString();
    auto page = ensure_page();
    if (!page) return fail(QString::fromStdString(page.error().describe())), QString();
    qsizetype offset = 0;
    auto manifest = context_.blobs().write(
        [&](std::span<std::uint8_t> buffer) -> Result<std::size_t> {
            const auto take =
                std::min<qsizetype>(static_cast<qsizetype>(buffer.size()), bytes.size() - offset);
            std::memcpy(buffer.data(), bytes.constData() + offset, static_cast<std::size_t>(take));
            offset += take;
            return static_cast<std::size_t>(take);
        },
        static_cast<std::uint64_t>(bytes.size()), {});
    if (!manifest) return fail(QString::fromStdString(manifest.error().describe())), QString();
    v1::NewShape shape;
    shape.set_page_id(id_bytes(*page));
    shape.set_kind(v1::SHAPE_KIND_IMAGE);
    const double scale = std::min(1.0, 640.0 / std::max(image.width(), image.height()));
    *shape.mutable_geometry() =
        geometry_message(QRectF(x, y, image.width() * scale, image.height() * scale), 0);
    style_to(current_style(), *shape.mutable_style());
    v1::ImageRef* ref = shape.mutable_image();
    ref->set_size(manifest->size);
    for (const sdk::BlobChunk& chunk : manifest->chunks) {
        ref->add_chunk_ids(
            std::string(reinterpret_cast<const char*>(chunk.id.data()), chunk.id.size()));
        ref->add_chunk_sizes(chunk.size);
    }
    const QByteArray format = QImageReader::imageFormat(path);
    ref->set_media_type(format.isEmpty() ? "image/png" : ("image/" + format.toStdString()));
    auto created = create_shapes({shape}, true);
    if (!created) return {};
    return hex_of(created->front());
}

QByteArray SketchModel::image_bytes(const Shape& shape) const {
    QByteArray out;
    out.reserve(
        static_cast<qsizetype>(std::min<std::uint64_t>(shape.image.size(), kMaxImageBytes)));
    for (int i = 0; i < shape.image.chunk_ids_size(); ++i) {
        sdk::BlobId id{};
        if (!sdk::copy_id(sdk::as_bytes(shape.image.chunk_ids(i)), id)) return {};
        auto chunk = context_.blobs().get(id);
        if (!chunk) {
            const QByteArray key = QByteArray::fromStdString(shape.image.chunk_ids(i));
            if (!fetching_.contains(key)) {
                fetching_.insert(key);
                QPointer<const SketchModel> self(this);
                context_.blobs().fetch(id,
                                       [self, key, shape_id = shape.id](Result<sdk::Bytes> got) {
                                           if (!self) return;
                                           auto* model = const_cast<SketchModel*>(self.data());
                                           model->fetching_.remove(key);
                                           model->images_.erase(shape_id);
                                           if (!got) return;
                                           emit model->imageArrived();
                                           emit model->sketchChanged();
                                       });
            }
            return {};
        }
        out.append(reinterpret_cast<const char*>(chunk->data()),
                   static_cast<qsizetype>(chunk->size()));
    }
    return out;
}

QImage SketchModel::image_of(const Shape& shape) const {
    auto it = images_.find(shape.id);
    if (it != images_.end()) return it->second;
    const QByteArray bytes = image_bytes(shape);
    if (bytes.isEmpty()) return {};
    QImage image;
    image.loadFromData(bytes);
    images_[shape.id] = image;
    return image;
}

bool SketchModel::eraseAt(qreal x, qreal y, qreal tolerance) {
    const QString hit = shapeAt(x, y, tolerance);
    if (hit.isEmpty()) return false;
    v1::ShapeUpdate update;
    update.set_shape_id(id_bytes(*parse_id(hit)));
    update.set_deleted(true);
    return change({update});
}

// ---------------------------------------------------------------- changes and undo

bool SketchModel::change(std::vector<v1::ShapeUpdate> updates) {
    if (updates.empty()) return true;
    if (!can_write()) return fail(tr("You cannot change this sketch"));
    UndoStep step;
    v1::SketchOp op;
    for (v1::ShapeUpdate& update : updates) {
        ShapeId id{};
        if (!id_from(update.shape_id(), id)) return fail(tr("No such shape"));
        const Shape* shape = state_.shape_any(id);
        if (!shape) return fail(tr("No such shape"));
        *step.undo.add_updates() = before_of(*shape, update);
        *step.redo.add_updates() = update;
        *op.mutable_update_shapes()->add_updates() = std::move(update);
    }
    if (!submit(op)) return false;
    undo_.push(std::move(step));
    emit undoChanged();
    return true;
}

bool SketchModel::undo() {
    auto step = undo_.undo();
    if (!step) return false;
    v1::SketchOp op;
    *op.mutable_update_shapes() = step->undo;
    if (!submit(op)) {
        undo_.restore_undo(std::move(*step));
        return false;
    }
    emit undoChanged();
    return true;
}

bool SketchModel::redo() {
    auto step = undo_.redo();
    if (!step) return false;
    v1::SketchOp op;
    *op.mutable_update_shapes() = step->redo;
    if (!submit(op)) {
        undo_.restore_redo(std::move(*step));
        return false;
    }
    emit undoChanged();
    return true;
}

// ---------------------------------------------------------------- selection

QString SketchModel::shapeAt(qreal x, qreal y, qreal tolerance) const {
    if (!current_page_) return {};
    const auto shapes = state_.shapes(*current_page_);
    for (auto it = shapes.rbegin(); it != shapes.rend(); ++it)
        if (shape_hit(**it, QPointF(x, y), tolerance)) return hex_of((*it)->id);
    return {};
}

void SketchModel::expand_groups() {
    std::set<GroupId> groups;
    for (const ShapeId& id : selection_)
        if (const Shape* shape = state_.shape(id); shape && shape->group.value)
            groups.insert(*shape->group.value);
    if (groups.empty() || !current_page_) return;
    for (const Shape* shape : state_.shapes(*current_page_))
        if (shape->group.value && groups.contains(*shape->group.value))
            selection_.insert(shape->id);
}

void SketchModel::select(const QStringList& shape_ids) {
    selection_.clear();
    for (const QString& hex : shape_ids)
        if (auto id = parse_id(hex); id && state_.shape(*id)) selection_.insert(*id);
    expand_groups();
    emit selectionChanged();
}

bool SketchModel::selectAt(qreal x, qreal y, qreal tolerance, bool add) {
    const QString hit = shapeAt(x, y, tolerance);
    if (!add) selection_.clear();
    if (!hit.isEmpty()) {
        const ShapeId id = *parse_id(hit);
        if (add && selection_.contains(id))
            selection_.erase(id);
        else
            selection_.insert(id);
    }
    expand_groups();
    emit selectionChanged();
    return !hit.isEmpty();
}

void SketchModel::selectIn(const QRectF& area) {
    selection_.clear();
    if (current_page_)
        for (const Shape* shape : state_.shapes(*current_page_))
            if (area.normalized().contains(shape_bounds(*shape))) selection_.insert(shape->id);
    expand_groups();
    emit selectionChanged();
}

void SketchModel::selectAll() {
    selection_.clear();
    if (current_page_)
        for (const Shape* shape : state_.shapes(*current_page_)) selection_.insert(shape->id);
    emit selectionChanged();
}

void SketchModel::clearSelection() {
    if (selection_.empty()) return;
    selection_.clear();
    emit selectionChanged();
}

void SketchModel::prune_selection() {
    const std::size_t before = selection_.size();
    std::erase_if(selection_, [this](const ShapeId& id) { return !state_.shape(id); });
    if (selection_.size() != before) emit selectionChanged();
}

std::vector<const Shape*> SketchModel::selected_shapes() const {
    std::vector<const Shape*> out;
    if (!current_page_) return out;
    for (const Shape* shape : state_.shapes(*current_page_))
        if (selection_.contains(shape->id)) out.push_back(shape);
    return out;
}

QRectF SketchModel::selectionBounds() const {
    // From the selection itself (the canvas asks every frame: never walk the whole page).
    QRectF bounds;
    for (const ShapeId& id : selection_)
        if (const Shape* shape = state_.shape(id); shape && shape->page == current_page_)
            bounds = bounds.united(box_of(shape->geometry.value));
    return bounds;
}

bool SketchModel::moveSelection(qreal dx, qreal dy) {
    if (!std::isfinite(dx) || !std::isfinite(dy) || (dx == 0 && dy == 0)) return false;
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : selected_shapes()) {
        Geometry g = shape->geometry.value;
        g.x += dx;
        g.y += dy;
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        geometry_to(g, *update.mutable_geometry());
    }
    return !updates.empty() && change(std::move(updates));
}

bool SketchModel::resizeSelection(const QRectF& target) {
    const QRectF from = selectionBounds();
    if (from.isEmpty() && from.width() <= 0 && from.height() <= 0) return false;
    if (!target.isValid()) return false;
    const double sx = from.width() > 0 ? target.width() / from.width() : 1;
    const double sy = from.height() > 0 ? target.height() / from.height() : 1;
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : selected_shapes()) {
        Geometry g = shape->geometry.value;
        g.x = target.x() + (g.x - from.x()) * sx;
        g.y = target.y() + (g.y - from.y()) * sy;
        g.width *= sx;
        g.height *= sy;
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        geometry_to(g, *update.mutable_geometry());
    }
    return !updates.empty() && change(std::move(updates));
}

bool SketchModel::rotateSelection(qreal degrees) {
    if (!std::isfinite(degrees)) return false;
    const QPointF centre = selectionBounds().center();
    const QTransform turn = QTransform::fromTranslate(-centre.x(), -centre.y()) *
                            QTransform().rotate(degrees) *
                            QTransform::fromTranslate(centre.x(), centre.y());
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : selected_shapes()) {
        Geometry g = shape->geometry.value;
        const QPointF moved = turn.map(box_of(g).center());
        g.x = moved.x() - g.width / 2;
        g.y = moved.y() - g.height / 2;
        g.rotation = std::fmod(g.rotation + degrees, 360.0);
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        geometry_to(g, *update.mutable_geometry());
    }
    return !updates.empty() && change(std::move(updates));
}

bool SketchModel::restyleSelection() {
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : selected_shapes()) {
        Style style = current_style();
        style.font_size = shape->style.value.font_size;
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        style_to(style, *update.mutable_style());
    }
    return !updates.empty() && change(std::move(updates));
}

bool SketchModel::deleteSelection() {
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : selected_shapes()) {
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        update.set_deleted(true);
    }
    if (updates.empty() || !change(std::move(updates))) return false;
    prune_selection();
    return true;
}

bool SketchModel::groupSelection() {
    const auto shapes = selected_shapes();
    if (shapes.size() < 2) return fail(tr("Select two shapes or more to group"));
    GroupId group{};
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(group.data()), 8);
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : shapes) {
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        update.set_group(id_bytes(group));
    }
    return change(std::move(updates));
}

bool SketchModel::ungroupSelection() {
    std::vector<v1::ShapeUpdate> updates;
    for (const Shape* shape : selected_shapes()) {
        if (!shape->group.value) continue;
        v1::ShapeUpdate& update = updates.emplace_back();
        update.set_shape_id(id_bytes(shape->id));
        update.set_group(std::string());
    }
    return !updates.empty() && change(std::move(updates));
}

bool SketchModel::restack(bool up, bool to_end) {
    auto shapes = selected_shapes();  // bottom to top
    if (shapes.empty() || !current_page_) return false;
    std::vector<v1::ShapeUpdate> updates;
    if (to_end) {
        std::string key = up ? state_.z_top(*current_page_) : state_.z_bottom(*current_page_);
        if (!up) std::reverse(shapes.begin(), shapes.end());
        for (const Shape* shape : shapes) {
            v1::ShapeUpdate& update = updates.emplace_back();
            update.set_shape_id(id_bytes(shape->id));
            update.set_z(key);
            auto next = up ? fractional_index_between(key, {}) : fractional_index_between({}, key);
            if (!next) break;
            key = *next;
        }
    } else {
        // One step: each selected shape past its neighbour (top first when going up).
        if (up) std::reverse(shapes.begin(), shapes.end());
        for (const Shape* shape : shapes) {
            auto key = state_.z_step(shape->id, up);
            if (!key) continue;
            v1::ShapeUpdate& update = updates.emplace_back();
            update.set_shape_id(id_bytes(shape->id));
            update.set_z(*key);
        }
    }
    return !updates.empty() && change(std::move(updates));
}

bool SketchModel::bringForward() {
    return restack(true, false);
}
bool SketchModel::sendBackward() {
    return restack(false, false);
}
bool SketchModel::bringToFront() {
    return restack(true, true);
}
bool SketchModel::sendToBack() {
    return restack(false, true);
}

bool SketchModel::copySelection() {
    clipboard_.clear();
    std::map<GroupId, GroupId> groups;
    for (const Shape* shape : selected_shapes()) {
        v1::NewShape& copy = clipboard_.emplace_back();
        copy.set_kind(shape->kind);
        copy.mutable_points()->Assign(shape->points.begin(), shape->points.end());
        // The copy is drawn as the original is now: its base is the original's base, so the
        // points map the same way into the current geometry.
        geometry_to(shape->geometry.value, *copy.mutable_geometry());
        style_to(shape->style.value, *copy.mutable_style());
        copy.set_text(shape->text.value);
        *copy.mutable_image() = shape->image;
        if (!shape->points.empty()) {
            // Bake the current scale into the points; the copy starts unscaled.
            const QTransform map = points_transform(*shape);
            for (int i = 0; i + 1 < copy.points_size(); i += 2) {
                const QPointF p = map.map(QPointF(copy.points(i), copy.points(i + 1)));
                copy.set_points(i, static_cast<float>(p.x()));
                copy.set_points(i + 1, static_cast<float>(p.y()));
            }
        }
        if (shape->group.value) {
            auto [it, fresh] = groups.try_emplace(*shape->group.value);
            if (fresh)
                QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(it->second.data()),
                                                      8);
            copy.set_group(id_bytes(it->second));
        }
    }
    return !clipboard_.empty();
}

bool SketchModel::paste(qreal dx, qreal dy) {
    if (clipboard_.empty()) return false;
    auto page = ensure_page();
    if (!page) return fail(QString::fromStdString(page.error().describe()));
    std::vector<v1::NewShape> shapes = clipboard_;
    for (v1::NewShape& shape : shapes) {
        shape.set_page_id(id_bytes(*page));
        v1::Geometry* g = shape.mutable_geometry();
        g->set_x(g->x() + dx);
        g->set_y(g->y() + dy);
        for (int i = 0; i + 1 < shape.points_size(); i += 2) {
            shape.set_points(i, shape.points(i) + static_cast<float>(dx));
            shape.set_points(i + 1, shape.points(i + 1) + static_cast<float>(dy));
        }
    }
    auto created = create_shapes(std::move(shapes), true);
    if (!created) return false;
    selection_ = std::set<ShapeId>(created->begin(), created->end());
    emit selectionChanged();
    return true;
}

// ---------------------------------------------------------------- presence

void SketchModel::pointerMoved(qreal x, qreal y) {
    if (!current_page_ || !std::isfinite(x) || !std::isfinite(y)) return;
    // While drawing, the stroke's own messages say where the pointer is (receivers move the
    // cursor to its last point): the link's message budget goes to the stroke.
    if (stroke_) return;
    const std::int64_t now = clock_();
    if (now - cursor_sent_ms_ < kCursorEveryMs) return;
    cursor_sent_ms_ = now;
    v1::LiveMessage message;
    message.mutable_cursor()->set_page_id(id_bytes(*current_page_));
    message.mutable_cursor()->set_x(x);
    message.mutable_cursor()->set_y(y);
    send_live(message);
}

void SketchModel::leave() {
    v1::LiveMessage message;
    message.mutable_cursor()->set_left(true);
    send_live(message);
}

void SketchModel::receive_ephemeral(const sdk::EphemeralMessage& message) {
    if (message.from_device == context_.me().device) return;
    v1::LiveMessage live;
    if (!live.ParseFromArray(message.payload.data(), static_cast<int>(message.payload.size())))
        return;
    if (presence_.receive(message.from_device, message.from_identity, live, clock_())) {
        emit liveChanged();
        if (live.has_cursor()) emit presenceChanged();
    }
}

// ---------------------------------------------------------------- export

std::vector<const Shape*> SketchModel::export_shapes(const std::optional<PageId>& page,
                                                     const std::vector<ShapeId>& only) const {
    std::vector<const Shape*> out;
    if (!page) return out;
    const std::set<ShapeId> wanted(only.begin(), only.end());
    for (const Shape* shape : state_.shapes(*page))
        if (wanted.empty() || wanted.contains(shape->id)) out.push_back(shape);
    return out;
}

QByteArray SketchModel::svg_of(const std::vector<const Shape*>& shapes) const {
    return export_svg(shapes, [this](const Shape& shape) { return image_bytes(shape); });
}

QImage SketchModel::png_of(const std::vector<const Shape*>& shapes, double scale) const {
    return render_png(shapes, scale, [this](const Shape& shape) { return image_of(shape); });
}

QByteArray SketchModel::exportSvg(bool selection_only) const {
    const std::vector<ShapeId> only(selection_.begin(), selection_.end());
    return svg_of(export_shapes(current_page_, selection_only ? only : std::vector<ShapeId>{}));
}

QImage SketchModel::exportPng(qreal scale, bool selection_only) const {
    const std::vector<ShapeId> only(selection_.begin(), selection_.end());
    return png_of(export_shapes(current_page_, selection_only ? only : std::vector<ShapeId>{}),
                  scale);
}

bool SketchModel::saveAs(const QUrl& file, bool selection_only, qreal scale) {
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(exportSvg(selection_only)) < 0)
            return fail(tr("Cannot write %1").arg(path));
        return true;
    }
    const QImage image = exportPng(scale, selection_only);
    if (image.isNull()) return fail(tr("Nothing to export, or the picture would be too large"));
    if (!image.save(path, "PNG")) return fail(tr("Cannot write %1").arg(path));
    return true;
}

QRectF SketchModel::pageBounds() const {
    return current_page_ ? shapes_bounds(state_.shapes(*current_page_)) : QRectF();
}

QQuickItem* SketchModel::createCanvas(QQuickItem* parent) {
    auto* canvas = new SketchCanvas(this, parent);
    return canvas;
}

// ---------------------------------------------------------------- from the instance

void SketchModel::state_changed(const SketchChange& change) {
    bool live = false;
    for (const sdk::Bytes& ended : change.live_ends)
        live |= presence_.end(std::string(ended.begin(), ended.end()));
    if (live) emit liveChanged();
    if (change.pages_changed) {
        emit pagesChanged();
        pick_current_page();
    }
    if (current_page_ && change.pages_touched.contains(*current_page_)) {
        prune_selection();
        emit sketchChanged();
        emit pagesChanged();  // shape counts
    }
}

void SketchModel::state_replaced() {
    undo_.clear();
    images_.clear();
    selection_.clear();
    emit undoChanged();
    emit pagesChanged();
    pick_current_page();
    emit selectionChanged();
    emit sketchChanged();
}

void SketchModel::renamed() {
    emit nameChanged();
}

void SketchModel::members_changed() {
    emit permissionsChanged();
    emit presenceChanged();
}

}  // namespace grove::tools::sketchpad
