// SketchModel: the object a Sketchpad view gets as `tool` — pages, the selection and what can be
// done to it, strokes drawn live for the others, their cursors, undo/redo of own changes, export.
#pragma once

#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/toolcontext.h>

#include <QColor>
#include <QImage>
#include <QObject>
#include <QRectF>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVariantList>
#include <functional>
#include <map>
#include <optional>

#include "livepresence.h"
#include "sketchstate.h"
#include "undostack.h"

class QQuickItem;

namespace grove::tools::sketchpad {

// A member's name and colour, as drawn next to their cursor and in the list of who is here.
struct MemberLabel {
    QString name;
    QColor color;
};

class SketchModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QVariantList pages READ pages NOTIFY pagesChanged)
    Q_PROPERTY(
        QString currentPageId READ current_page_id WRITE setCurrentPage NOTIFY currentPageChanged)
    Q_PROPERTY(int shapeCount READ shape_count NOTIFY sketchChanged)
    Q_PROPERTY(QStringList selection READ selection NOTIFY selectionChanged)
    Q_PROPERTY(bool canUndo READ can_undo NOTIFY undoChanged)
    Q_PROPERTY(bool canRedo READ can_redo NOTIFY undoChanged)
    Q_PROPERTY(bool canWrite READ can_write NOTIFY permissionsChanged)
    Q_PROPERTY(QVariantList presentMembers READ present_members NOTIFY presenceChanged)
    Q_PROPERTY(int liveStrokeCount READ live_stroke_count NOTIFY liveChanged)
    // Points of others' strokes in progress received so far (tests and the latency benchmark).
    Q_PROPERTY(int livePointCount READ live_point_count NOTIFY liveChanged)
    Q_PROPERTY(QString name READ name NOTIFY nameChanged)
    Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)
    Q_PROPERTY(QColor strokeColor MEMBER stroke_color_ NOTIFY styleChanged)
    Q_PROPERTY(QColor fillColor MEMBER fill_color_ NOTIFY styleChanged)
    Q_PROPERTY(qreal strokeWidth MEMBER stroke_width_ NOTIFY styleChanged)
    Q_PROPERTY(qreal fontSize MEMBER font_size_ NOTIFY styleChanged)

public:
    using Clock = std::function<std::int64_t()>;  // milliseconds, monotonic

    SketchModel(sdk::ToolContext& context, SketchState& state, QObject* parent = nullptr);
    ~SketchModel() override;

    QVariantList pages() const;
    QString current_page_id() const;
    std::optional<PageId> current_page() const { return current_page_; }
    int shape_count() const;
    QStringList selection() const;
    const std::set<ShapeId>& selected() const { return selection_; }
    bool can_undo() const { return undo_.can_undo(); }
    bool can_redo() const { return undo_.can_redo(); }
    bool can_write() const;
    QVariantList present_members() const;
    // Others' strokes in progress on the current page.
    int live_stroke_count() const;
    int live_point_count() const;
    QString name() const;
    QString last_error() const { return last_error_; }
    const SketchState& state() const { return state_; }
    const LivePresence& presence() const { return presence_; }
    MemberLabel label_of(const sdk::IdentityId& identity) const;
    Style current_style() const;

    // ---- pages ----
    Q_INVOKABLE QString addPage(const QString& title);
    Q_INVOKABLE bool renamePage(const QString& page_id, const QString& title);
    Q_INVOKABLE bool deletePage(const QString& page_id);
    Q_INVOKABLE void setCurrentPage(const QString& page_id);

    // ---- drawing (canvas units); the stroke is drawn live on the others' screens ----
    // kind: a ShapeKind (freehand, line, arrow, rectangle, ellipse).
    Q_INVOKABLE bool beginStroke(int kind, qreal x, qreal y);
    Q_INVOKABLE void extendStroke(qreal x, qreal y);
    // Stores the stroke as a shape; returns its id (empty when nothing was drawn or refused).
    Q_INVOKABLE QString endStroke();
    Q_INVOKABLE void cancelStroke();
    bool drawing() const { return stroke_.has_value(); }
    ShapeKind stroke_kind() const { return stroke_ ? stroke_->kind : v1::SHAPE_KIND_FREEHAND; }
    const std::vector<float>& stroke_points() const { return stroke_->points; }
    // A shape in a box (rectangle, ellipse, text, sticky note) with the current style.
    Q_INVOKABLE QString addShape(int kind, qreal x, qreal y, qreal width, qreal height,
                                 const QString& text = {});
    Q_INVOKABLE bool setText(const QString& shape_id, const QString& text);
    Q_INVOKABLE QString shapeText(const QString& shape_id) const;
    Q_INVOKABLE int shapeKind(const QString& shape_id) const;
    Q_INVOKABLE QRectF shapeRect(const QString& shape_id) const;
    // An image file placed with its top-left corner at (x, y); its bytes go to the blob store.
    Q_INVOKABLE QString insertImage(const QUrl& file, qreal x, qreal y);
    // The eraser: deletes the topmost shape under the point.
    Q_INVOKABLE bool eraseAt(qreal x, qreal y, qreal tolerance);

    // ---- selection (a shape in a group selects the whole group) ----
    Q_INVOKABLE QString shapeAt(qreal x, qreal y, qreal tolerance) const;
    Q_INVOKABLE void select(const QStringList& shape_ids);
    Q_INVOKABLE bool selectAt(qreal x, qreal y, qreal tolerance, bool add);
    Q_INVOKABLE void selectIn(const QRectF& area);
    Q_INVOKABLE void selectAll();
    Q_INVOKABLE void clearSelection();
    // The union of the selected shapes' boxes (unrotated), canvas units.
    Q_INVOKABLE QRectF selectionBounds() const;
    Q_INVOKABLE bool moveSelection(qreal dx, qreal dy);
    // Scales the selection so its bounds become `target`.
    Q_INVOKABLE bool resizeSelection(const QRectF& target);
    Q_INVOKABLE bool rotateSelection(qreal degrees);
    Q_INVOKABLE bool restyleSelection();  // applies the current colours and width
    Q_INVOKABLE bool deleteSelection();
    Q_INVOKABLE bool groupSelection();
    Q_INVOKABLE bool ungroupSelection();
    Q_INVOKABLE bool bringForward();
    Q_INVOKABLE bool sendBackward();
    Q_INVOKABLE bool bringToFront();
    Q_INVOKABLE bool sendToBack();
    Q_INVOKABLE bool copySelection();
    // Pastes what was copied, offset by (dx, dy), and selects it.
    Q_INVOKABLE bool paste(qreal dx = 24, qreal dy = 24);

    Q_INVOKABLE bool undo();
    Q_INVOKABLE bool redo();

    // ---- presence ----
    Q_INVOKABLE void pointerMoved(qreal x, qreal y);
    Q_INVOKABLE void leave();

    // ---- export (of the page, or of the selection when asked and not empty) ----
    Q_INVOKABLE QByteArray exportSvg(bool selection_only = false) const;
    Q_INVOKABLE QImage exportPng(qreal scale = 1, bool selection_only = false) const;
    Q_INVOKABLE bool saveAs(const QUrl& file, bool selection_only = false, qreal scale = 2);
    // Bounds of the current page's shapes (empty when none), for zoom to fit.
    Q_INVOKABLE QRectF pageBounds() const;

    // The canvas item, created as a child filling `parent` (the view's container).
    Q_INVOKABLE QQuickItem* createCanvas(QQuickItem* parent);

    // ---- for the gRPC service and tests ----
    Result<std::vector<ShapeId>> create_shapes(std::vector<v1::NewShape> shapes, bool undoable);
    Result<PageId> ensure_page();
    std::vector<const Shape*> export_shapes(const std::optional<PageId>& page,
                                            const std::vector<ShapeId>& only) const;
    QByteArray svg_of(const std::vector<const Shape*>& shapes) const;
    QImage png_of(const std::vector<const Shape*>& shapes, double scale) const;
    QString member_display_name(const sdk::IdentityId& identity) const;
    void set_clock(Clock clock) { clock_ = std::move(clock); }
    // A stroke's progress goes on the channel at most this often (points drawn meanwhile travel
    // together); 0 sends every point at once. Links admit about 50 ephemeral messages a second,
    // and a pointer moves 60 to 240 times a second: sent one by one, most would be dropped.
    static constexpr std::int64_t kLiveStrokeEveryMs = 25;
    void set_live_interval(std::int64_t ms) { live_interval_ms_ = ms; }
    QImage image_of(const Shape& shape) const;
    QByteArray image_bytes(const Shape& shape) const;

    // ---- for the instance ----
    void state_changed(const SketchChange& change);
    void state_replaced();
    void renamed();
    void members_changed();
    void receive_ephemeral(const sdk::EphemeralMessage& message);

signals:
    void pagesChanged();
    void currentPageChanged();
    // Shapes of the current page changed (the canvas repaints).
    void sketchChanged();
    // An image shape's picture arrived from the blob store (its shape did not change).
    void imageArrived();
    // Live strokes or cursors changed (the canvas repaints its overlay).
    void liveChanged();
    void selectionChanged();
    void undoChanged();
    void permissionsChanged();
    void presenceChanged();
    void nameChanged();
    void lastErrorChanged();
    void styleChanged();

private:
    struct LocalStroke {
        std::string id;
        PageId page{};
        ShapeKind kind = v1::SHAPE_KIND_FREEHAND;
        Style style;
        std::vector<float> points;
        std::size_t sent = 0;  // points already sent live
        int messages = 0;
    };

    std::optional<sdk::OpId> submit(const v1::SketchOp& op);
    // Submits register writes as one operation and remembers how to undo them.
    bool change(std::vector<v1::ShapeUpdate> updates);
    bool fail(const QString& message);
    void send_live(const v1::LiveMessage& message);
    void send_stroke_progress(bool whole);
    // Sends the stroke's progress now, or when the live interval since the last send is over.
    void queue_stroke_progress(bool whole);
    void flush_stroke_progress();
    void expand_groups();
    void prune_selection();
    bool restack(bool up, bool to_end);
    std::vector<const Shape*> selected_shapes() const;
    void pick_current_page();

    sdk::ToolContext& context_;
    SketchState& state_;
    LivePresence presence_;
    UndoStack undo_;
    std::optional<PageId> current_page_;
    std::set<ShapeId> selection_;
    std::optional<LocalStroke> stroke_;
    std::vector<v1::NewShape> clipboard_;
    mutable std::map<ShapeId, QImage> images_;
    mutable QSet<QByteArray> fetching_;
    QString last_error_;
    QColor stroke_color_{0x1f, 0x23, 0x28};
    QColor fill_color_{Qt::transparent};
    qreal stroke_width_ = 3;
    qreal font_size_ = 20;
    Clock clock_;
    QTimer expiry_timer_;
    std::int64_t cursor_sent_ms_ = -1'000'000;
    std::int64_t live_interval_ms_ = kLiveStrokeEveryMs;
    std::int64_t live_sent_ms_ = -1'000'000;
    bool live_pending_ = false;
    bool live_pending_whole_ = false;
    QTimer live_timer_;
};

}  // namespace grove::tools::sketchpad
