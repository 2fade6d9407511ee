#include "viewaudit.h"

#include <QFont>
#include <QQuickItem>
#include <QQuickWindow>
#include <algorithm>
#include <cmath>
#include <vector>

namespace grove::tests {

namespace {

double channel(double v) {
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

QColor over(const QColor& top, const QColor& bottom) {
    const double a = top.alphaF();
    return QColor::fromRgbF(static_cast<float>(top.redF() * a + bottom.redF() * (1 - a)),
                            static_cast<float>(top.greenF() * a + bottom.greenF() * (1 - a)),
                            static_cast<float>(top.blueF() * a + bottom.blueF() * (1 - a)));
}

bool inherits(const QQuickItem* item, const char* class_name) {
    return item->inherits(class_name);
}

// A filled rectangle painted so far: where, and its colour with the opacity it is painted at.
struct Layer {
    QRectF rect;
    QColor color;
};

class Auditor {
public:
    Auditor(QQuickWindow& window, double minimum) : window_(window), minimum_(minimum) {}

    ViewAuditResult run() {
        const QRectF all(0, 0, window_.width(), window_.height());
        visit(window_.contentItem(), 1.0, all, all);
        return std::move(result_);
    }

private:
    void visit(QQuickItem* item, double opacity, QRectF hard_clip, QRectF soft_clip) {
        if (!item->isVisible()) return;
        opacity *= item->opacity();
        if (opacity <= 0.01) return;
        const QRectF rect = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        QRectF child_hard = hard_clip;
        QRectF child_soft = soft_clip;
        if (item->clip()) {
            // Scrolling views clip by design: text scrolled half out of view is not cut off.
            const bool scrolls =
                inherits(item, "QQuickFlickable") ||
                (item->parentItem() && inherits(item->parentItem(), "QQuickFlickable"));
            if (scrolls)
                child_soft = child_soft.intersected(rect);
            else
                child_hard = child_hard.intersected(rect);
        }
        const QList<QQuickItem*> child_list = item->childItems();
        std::vector<QQuickItem*> children(child_list.begin(), child_list.end());
        std::stable_sort(children.begin(), children.end(),
                         [](QQuickItem* a, QQuickItem* b) { return a->z() < b->z(); });
        for (QQuickItem* child : children)
            if (child->z() < 0) visit(child, opacity, child_hard, child_soft);
        paint(item, opacity, rect, hard_clip, soft_clip);
        for (QQuickItem* child : children)
            if (child->z() >= 0) visit(child, opacity, child_hard, child_soft);
    }

    void paint(QQuickItem* item, double opacity, const QRectF& rect, const QRectF& hard_clip,
               const QRectF& soft_clip) {
        if (inherits(item, "QQuickRectangle")) {
            QColor color = item->property("color").value<QColor>();
            const bool gradient = item->property("gradient").isValid() &&
                                  !item->property("gradient").isNull() &&
                                  item->property("gradient").value<QObject*>() != nullptr;
            if (!gradient && color.alpha() > 0) {
                color.setAlphaF(static_cast<float>(color.alphaF() * opacity));
                const QRectF visible = rect.intersected(hard_clip).intersected(soft_clip);
                if (!visible.isEmpty()) layers_.push_back({visible, color});
            }
            return;
        }
        const bool text = inherits(item, "QQuickText");
        const bool input = inherits(item, "QQuickTextInput") || inherits(item, "QQuickTextEdit");
        if (!text && !input) return;
        const QString content = item->property("text").toString();
        if (content.trimmed().isEmpty()) return;
        const QRectF on_screen = rect.intersected(soft_clip);
        if (on_screen.isEmpty()) return;  // scrolled out of view
        ++result_.texts_checked;
        const QString name = describe(item, content);

        if (text) check_fit(item, rect, hard_clip, name);

        // Contrast (WCAG exempts inactive controls: disabled, or a Grove button that is
        // unavailable and says why): the text colour as painted over what lies behind its middle.
        if (inactive(item)) return;
        const double painted_w = std::min(item->width(), item->property("contentWidth").toDouble());
        const double painted_h =
            std::min(item->height(), item->property("contentHeight").toDouble());
        const QPointF centre =
            item->mapToScene(QPointF(std::max(1.0, painted_w) / 2, std::max(1.0, painted_h) / 2));
        QColor background = window_.color();
        for (const Layer& layer : layers_)
            if (layer.rect.contains(centre)) background = over(layer.color, background);
        QColor ink = item->property("color").value<QColor>();
        ink.setAlphaF(static_cast<float>(ink.alphaF() * opacity));
        const double ratio = contrast_ratio(over(ink, background), background);
        if (ratio < result_.lowest_contrast) {
            result_.lowest_contrast = ratio;
            result_.lowest_contrast_text = name;
        }
        if (ratio + 1e-6 < minimum_)
            result_.problems << QString("low contrast %1:1 (%2 on %3): %4")
                                    .arg(ratio, 0, 'f', 2)
                                    .arg(over(ink, background).name(), background.name(), name);
    }

    void check_fit(QQuickItem* item, const QRectF& rect, const QRectF& hard_clip,
                   const QString& name) {
        const bool elides = item->property("elide").toInt() != Qt::ElideNone;
        const double width = item->width();
        const double height = item->height();
        const double content_w = item->property("contentWidth").toDouble();
        const double content_h = item->property("contentHeight").toDouble();
        const double implicit_w = item->implicitWidth();
        const bool wraps = item->property("wrapMode").toInt() != 0;  // Text.NoWrap
        constexpr double slack = 1.0;
        if (!elides) {
            if (content_w > width + slack || (!wraps && implicit_w > width + slack))
                result_.problems << QString("cut off: painted %1 / implicit %2 px in %3 px: %4")
                                        .arg(content_w)
                                        .arg(implicit_w)
                                        .arg(width)
                                        .arg(name);
            else if (content_h > height + slack)
                result_.problems << QString("cut off: %1 px tall in %2 px: %3")
                                        .arg(content_h)
                                        .arg(height)
                                        .arg(name);
            else if (item->property("truncated").toBool())
                result_.problems << QString("lines dropped without an ellipsis: %1").arg(name);
        } else if (width < item->property("font").value<QFont>().pixelSize() * 2 &&
                   implicit_w > width + slack) {
            result_.problems << QString("squeezed to %1 px: %2").arg(width).arg(name);
        }
        // The part that is painted must lie inside every non-scrolling clip and the window.
        const QRectF painted = item->mapRectToScene(
            QRectF(0, 0, std::min(width, content_w), std::min(height, content_h)));
        if (!hard_clip.adjusted(-slack, -slack, slack, slack).contains(painted))
            result_.problems
                << QString("clipped by an ancestor or the window edge at (%1,%2 %3×%4): %5")
                       .arg(painted.x())
                       .arg(painted.y())
                       .arg(painted.width())
                       .arg(painted.height())
                       .arg(name);
        (void)rect;
    }

    static bool inactive(QQuickItem* item) {
        for (QQuickItem* p = item; p; p = p->parentItem()) {
            if (!p->isEnabled()) return true;
            const QVariant available = p->property("available");
            if (available.isValid() && p->property("unavailableReason").isValid() &&
                !available.toBool())
                return true;
        }
        return false;
    }

    static QString describe(QQuickItem* item, const QString& content) {
        QString path;
        for (QQuickItem* p = item; p && path.count('/') < 4; p = p->parentItem())
            if (!p->objectName().isEmpty()) path = p->objectName() + "/" + path;
        QString shown = content.left(40);
        shown.replace('\n', ' ');
        return QString("%1\"%2\"").arg(path, shown);
    }

    QQuickWindow& window_;
    double minimum_;
    std::vector<Layer> layers_;
    ViewAuditResult result_;
};

}  // namespace

double relative_luminance(const QColor& color) {
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
           0.0722 * channel(color.blueF());
}

double contrast_ratio(const QColor& a, const QColor& b) {
    const double la = relative_luminance(a);
    const double lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ViewAuditResult audit_view(QQuickWindow& window, double minimum_contrast) {
    return Auditor(window, minimum_contrast).run();
}

}  // namespace grove::tests
