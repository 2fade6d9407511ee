#include "markdownhighlighter.h"

#include <QTextDocument>
#include <algorithm>

namespace grove::tools::notepad {

namespace {

constexpr int kInFence = 1;  // block state: inside a fenced code block

QColor blend(const QColor& color, const QColor& over, double amount) {
    return QColor::fromRgbF(color.redF() * (1 - amount) + over.redF() * amount,
                            color.greenF() * (1 - amount) + over.greenF() * amount,
                            color.blueF() * (1 - amount) + over.blueF() * amount);
}

}  // namespace

MarkdownHighlighter::MarkdownHighlighter(QTextDocument* document, Decorations decorations)
    : QSyntaxHighlighter(document), decorations_(std::move(decorations)) {}

void MarkdownHighlighter::set_colors(const Colors& colors) {
    if (colors.text == colors_.text && colors.accent == colors_.accent) return;
    colors_ = colors;
    rehighlight();
}

void MarkdownHighlighter::highlightBlock(const QString& text) {
    const bool dark = colors_.text.isValid() && colors_.text.lightnessF() > 0.5;
    const QColor accent = colors_.accent.isValid() ? colors_.accent : QColor(0x2f, 0x6f, 0xd0);
    const QColor muted = colors_.text.isValid()
                             ? blend(colors_.text, dark ? Qt::black : Qt::white, 0.42)
                             : QColor(0x80, 0x80, 0x80);
    const QColor code = dark ? QColor(0xe0, 0xa8, 0x70) : QColor(0xa0, 0x4e, 0x1c);

    // Fenced code blocks span lines: the block state carries "inside a fence" to the next one.
    const bool fence_line = fence_.match(text).hasMatch();
    const bool was_in_fence = previousBlockState() == kInFence;
    setCurrentBlockState(was_in_fence != fence_line ? kInFence : 0);
    if (was_in_fence || fence_line) {
        QTextCharFormat format;
        format.setForeground(code);
        setFormat(0, static_cast<int>(text.size()), format);
        apply_decorations(text);
        return;
    }

    if (heading_.match(text).hasMatch()) {
        QTextCharFormat format;
        format.setForeground(accent);
        format.setFontWeight(QFont::Bold);
        setFormat(0, static_cast<int>(text.size()), format);
    } else if (quote_.match(text).hasMatch()) {
        QTextCharFormat format;
        format.setForeground(muted);
        format.setFontItalic(true);
        setFormat(0, static_cast<int>(text.size()), format);
    } else if (auto marker = list_marker_.match(text); marker.hasMatch()) {
        QTextCharFormat format;
        format.setForeground(accent);
        format.setFontWeight(QFont::Bold);
        setFormat(static_cast<int>(marker.capturedStart()),
                  static_cast<int>(marker.capturedLength()), format);
    }
    auto each = [&](const QRegularExpression& pattern, auto&& style) {
        for (auto it = pattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            for (int i = static_cast<int>(match.capturedStart()); i < match.capturedEnd(); ++i) {
                QTextCharFormat format = this->format(i);
                style(format);
                setFormat(i, 1, format);
            }
        }
    };
    each(strong_, [](QTextCharFormat& f) { f.setFontWeight(QFont::Bold); });
    each(emphasis_, [](QTextCharFormat& f) { f.setFontItalic(true); });
    each(link_, [&](QTextCharFormat& f) {
        f.setForeground(accent);
        f.setFontUnderline(true);
    });
    each(inline_code_, [&](QTextCharFormat& f) { f.setForeground(code); });
    apply_decorations(text);
}

void MarkdownHighlighter::apply_decorations(const QString& text) {
    const std::vector<TextDecoration>& decorations = decorations_();
    if (decorations.empty()) return;
    const int block_start = currentBlock().position();
    const int block_end = block_start + static_cast<int>(text.size());
    // The first decoration that ends after the block starts.
    auto it = std::upper_bound(decorations.begin(), decorations.end(), block_start,
                               [](int position, const TextDecoration& decoration) {
                                   return position < decoration.start + decoration.length;
                               });
    const QColor accent = colors_.accent.isValid() ? colors_.accent : QColor(0x2f, 0x6f, 0xd0);
    for (; it != decorations.end() && it->start < block_end; ++it) {
        const int from = std::max(it->start, block_start) - block_start;
        const int to = std::min(it->start + it->length, block_end) - block_start;
        for (int i = from; i < to; ++i) {
            QTextCharFormat format = this->format(i);
            if (it->author.isValid()) {
                QColor tint = it->author;
                tint.setAlpha(80);
                format.setBackground(tint);
            }
            if (it->changed) {
                format.setUnderlineStyle(QTextCharFormat::SingleUnderline);
                format.setUnderlineColor(accent);
                if (!it->author.isValid()) {
                    QColor soft = accent;
                    soft.setAlpha(45);
                    format.setBackground(soft);
                }
            }
            setFormat(i, 1, format);
        }
    }
}

}  // namespace grove::tools::notepad
