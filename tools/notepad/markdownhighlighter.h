// MarkdownHighlighter: light Markdown colouring of the editor's text (headings, emphasis, code,
// links, quotes, list markers) plus the model's decorations: who wrote what, what changed.
#pragma once

#include <QColor>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <functional>
#include <vector>

#include "notepadmodel.h"

namespace grove::tools::notepad {

class MarkdownHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT

public:
    struct Colors {
        QColor text;    // the editor's text colour: decides light or dark tones
        QColor accent;  // headings, list markers, links
    };
    using Decorations = std::function<const std::vector<TextDecoration>&()>;

    MarkdownHighlighter(QTextDocument* document, Decorations decorations);
    void set_colors(const Colors& colors);

protected:
    void highlightBlock(const QString& text) override;

private:
    void apply_decorations(const QString& text);

    Decorations decorations_;
    Colors colors_;
    QRegularExpression heading_{QStringLiteral("^#{1,6}\\s.*$")};
    QRegularExpression quote_{QStringLiteral("^\\s{0,3}>.*$")};
    QRegularExpression list_marker_{QStringLiteral("^\\s*(?:[-*+]|\\d{1,9}[.)])(?=\\s)")};
    QRegularExpression inline_code_{QStringLiteral("`[^`\\n]+`")};
    QRegularExpression strong_{QStringLiteral("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1")};
    QRegularExpression emphasis_{
        QStringLiteral("(?<![*_\\w])([*_])(?=[^\\s*_])(.+?)(?<=[^\\s*_])\\1(?![*_\\w])")};
    QRegularExpression link_{QStringLiteral("!?\\[[^\\]\\n]*\\]\\([^)\\n]*\\)")};
    QRegularExpression fence_{QStringLiteral("^\\s{0,3}(```|~~~)")};
};

}  // namespace grove::tools::notepad
