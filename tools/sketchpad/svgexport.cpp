#include "svgexport.h"

#include <QString>
#include <QStringList>
#include <cmath>

#include "shapepainter.h"

namespace grove::tools::sketchpad {

namespace {

constexpr double kMargin = 16;
constexpr double kLineHeight = 1.25;

QString number(double value) {
    if (std::fabs(value) < 1e-9) value = 0;
    return QString::number(value, 'g', 10);
}

QString escape(const QString& text) {
    return text.toHtmlEscaped();
}

QString paint_attributes(std::uint32_t argb, const char* what) {
    const QColor color = color_of(argb);
    if (color.alpha() == 0) return QStringLiteral(" %1=\"none\"").arg(what);
    QString out = QStringLiteral(" %1=\"%2\"").arg(what, color.name(QColor::HexRgb));
    if (color.alpha() < 255)
        out += QStringLiteral(" %1-opacity=\"%2\"").arg(what, number(color.alphaF()));
    return out;
}

QString stroke_attributes(const Style& style) {
    if (style.stroke_width <= 0) return QStringLiteral(" stroke=\"none\"");
    return paint_attributes(style.stroke, "stroke") +
           QStringLiteral(" stroke-width=\"%1\" stroke-linecap=\"round\" stroke-linejoin=\"round\"")
               .arg(number(style.stroke_width));
}

QString path_data(const QPainterPath& path) {
    QStringList out;
    for (int i = 0; i < path.elementCount(); ++i) {
        const QPainterPath::Element e = path.elementAt(i);
        if (e.isMoveTo()) {
            out << QStringLiteral("M%1 %2").arg(number(e.x), number(e.y));
        } else if (e.isLineTo()) {
            out << QStringLiteral("L%1 %2").arg(number(e.x), number(e.y));
        } else if (e.isCurveTo() && i + 2 < path.elementCount()) {
            const QPainterPath::Element c2 = path.elementAt(i + 1);
            const QPainterPath::Element end = path.elementAt(i + 2);
            out << QStringLiteral("C%1 %2 %3 %4 %5 %6")
                       .arg(number(e.x), number(e.y), number(c2.x), number(c2.y), number(end.x),
                            number(end.y));
            i += 2;
        }
    }
    return out.join(' ');
}

QString text_element(const QString& text, double x, double y, double width, const Style& style) {
    const double size = style.font_size > 0 ? style.font_size : 20;
    QString out =
        QStringLiteral("<text x=\"%1\" y=\"%2\" font-family=\"sans-serif\" font-size=\"%3\"%4>")
            .arg(number(x), number(y + size), number(size), paint_attributes(style.stroke, "fill"));
    const QStringList lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i)
        out += QStringLiteral("<tspan x=\"%1\" dy=\"%2\">%3</tspan>")
                   .arg(number(x), number(i == 0 ? 0 : size * kLineHeight), escape(lines[i]));
    (void)width;
    return out + "</text>";
}

QString shape_element(const Shape& shape, const ImageBytes& images) {
    const Geometry& g = shape.geometry.value;
    const Style& style = shape.style.value;
    QString body;
    switch (shape.kind) {
        case v1::SHAPE_KIND_FREEHAND:
            body = QStringLiteral("<path d=\"%1\" fill=\"none\"%2/>")
                       .arg(path_data(points_transform(shape).map(
                                smooth_path(shape.points.data(), shape.point_count()))),
                            stroke_attributes(style));
            break;
        case v1::SHAPE_KIND_LINE:
        case v1::SHAPE_KIND_ARROW: {
            if (shape.point_count() < 2) return {};
            const QTransform map = points_transform(shape);
            const QPointF from = map.map(QPointF(shape.points[0], shape.points[1]));
            const QPointF to =
                map.map(QPointF(shape.points[shape.points.size() - 2], shape.points.back()));
            body = QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%4\"%5/>")
                       .arg(number(from.x()), number(from.y()), number(to.x()), number(to.y()),
                            stroke_attributes(style));
            if (shape.kind == v1::SHAPE_KIND_ARROW) {
                QStringList points;
                for (const QPointF& p : arrow_head(from, to, style.stroke_width))
                    points << number(p.x()) + "," + number(p.y());
                body += QStringLiteral("<polygon points=\"%1\"%2%3/>")
                            .arg(points.join(' '), paint_attributes(style.stroke, "fill"),
                                 stroke_attributes(style));
            }
            break;
        }
        case v1::SHAPE_KIND_RECTANGLE:
            body = QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\"%5%6/>")
                       .arg(number(g.x), number(g.y), number(g.width), number(g.height),
                            paint_attributes(style.fill, "fill"), stroke_attributes(style));
            break;
        case v1::SHAPE_KIND_ELLIPSE:
            body = QStringLiteral("<ellipse cx=\"%1\" cy=\"%2\" rx=\"%3\" ry=\"%4\"%5%6/>")
                       .arg(number(g.x + g.width / 2), number(g.y + g.height / 2),
                            number(g.width / 2), number(g.height / 2),
                            paint_attributes(style.fill, "fill"), stroke_attributes(style));
            break;
        case v1::SHAPE_KIND_TEXT:
            body = text_element(QString::fromStdString(shape.text.value), g.x, g.y, g.width, style);
            break;
        case v1::SHAPE_KIND_STICKY:
            body = QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" rx=\"6\"%5/>")
                       .arg(number(g.x), number(g.y), number(g.width), number(g.height),
                            paint_attributes(style.fill ? style.fill : 0xfffff3a0, "fill")) +
                   text_element(QString::fromStdString(shape.text.value), g.x + 10, g.y + 10,
                                g.width - 20, style);
            break;
        case v1::SHAPE_KIND_IMAGE: {
            const QByteArray bytes = images ? images(shape) : QByteArray();
            const QString type = shape.image.media_type().empty()
                                     ? QStringLiteral("image/png")
                                     : QString::fromStdString(shape.image.media_type());
            if (bytes.isEmpty())
                body = QStringLiteral(
                           "<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"#808080\" "
                           "fill-opacity=\"0.16\" stroke=\"#808080\" stroke-dasharray=\"4 4\"/>")
                           .arg(number(g.x), number(g.y), number(g.width), number(g.height));
            else
                body = QStringLiteral(
                           "<image x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" "
                           "preserveAspectRatio=\"none\" xlink:href=\"data:%5;base64,%6\"/>")
                           .arg(number(g.x), number(g.y), number(g.width), number(g.height),
                                escape(type), QString::fromLatin1(bytes.toBase64()));
            break;
        }
        default:
            return {};
    }
    if (g.rotation != 0) {
        const double cx = g.x + g.width / 2, cy = g.y + g.height / 2;
        return QStringLiteral("<g transform=\"rotate(%1 %2 %3)\">%4</g>")
            .arg(number(g.rotation), number(cx), number(cy), body);
    }
    return body;
}

}  // namespace

QByteArray export_svg(const std::vector<const Shape*>& shapes, const ImageBytes& images) {
    QRectF bounds = shapes_bounds(shapes);
    if (bounds.isNull()) bounds = QRectF(0, 0, 1, 1);
    bounds.adjust(-kMargin, -kMargin, kMargin, kMargin);
    QString out;
    out += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out += QStringLiteral(
               "<svg xmlns=\"http://www.w3.org/2000/svg\" "
               "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
               "version=\"1.1\" width=\"%1\" height=\"%2\" viewBox=\"%3 %4 %1 %2\">\n")
               .arg(number(std::ceil(bounds.width())), number(std::ceil(bounds.height())),
                    number(bounds.x()), number(bounds.y()));
    out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"#ffffff\"/>\n")
               .arg(number(bounds.x()), number(bounds.y()), number(std::ceil(bounds.width())),
                    number(std::ceil(bounds.height())));
    for (const Shape* shape : shapes) {
        const QString element = shape_element(*shape, images);
        if (!element.isEmpty()) out += element + '\n';
    }
    out += QStringLiteral("</svg>\n");
    return out.toUtf8();
}

}  // namespace grove::tools::sketchpad
