// ViewAudit: walks a Qt Quick scene in paint order and reports visible text that is cut off
// (wider or taller than its item without elision, or outside what a non-scrolling clip shows)
// and text whose contrast against the colours painted behind it is below WCAG AA.
#pragma once

#include <QColor>
#include <QRectF>
#include <QString>
#include <QStringList>

class QQuickItem;
class QQuickWindow;

namespace grove::tests {

// WCAG 2 relative luminance and contrast ratio (1 … 21).
double relative_luminance(const QColor& color);
double contrast_ratio(const QColor& a, const QColor& b);

struct ViewAuditResult {
    int texts_checked = 0;
    double lowest_contrast = 21.0;
    QString lowest_contrast_text;
    QStringList problems;  // one line each, naming the text and why
};

// Audits everything visible in `window`; `minimum_contrast` is 4.5 for WCAG AA body text.
ViewAuditResult audit_view(QQuickWindow& window, double minimum_contrast = 4.5);

}  // namespace grove::tests
