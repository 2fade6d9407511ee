// Export: the SVG parses as XML with one element per shape and the right geometry; the PNG's
// pixels match a reference drawn offscreen with QPainter; a selection exports alone.
#include <gtest/gtest.h>

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QXmlStreamReader>
#include <cmath>

#include "sketch_replica.h"

using namespace grove;
using namespace grove::tools::sketchpad;
using grove::tests::SketchReplica;

namespace {

struct SvgSummary {
    QStringList elements;
    std::map<QString, QXmlStreamAttributes> first;
    QString view_box;
    bool ok = false;
    QString error;
};

SvgSummary parse(const QByteArray& svg) {
    SvgSummary out;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        const QString name = xml.name().toString();
        if (name == "svg") {
            out.view_box = xml.attributes().value("viewBox").toString();
            EXPECT_EQ(xml.namespaceUri().toString(), "http://www.w3.org/2000/svg");
        }
        out.elements << name;
        if (!out.first.contains(name)) out.first[name] = xml.attributes();
    }
    out.ok = !xml.hasError();
    out.error = xml.errorString();
    return out;
}

}  // namespace

TEST(SketchExport, SvgIsWellFormedWithOneElementPerShape) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs);
    a.model().addPage("One");
    a.model().setProperty("fillColor", QColor(0, 128, 255));
    a.model().addShape(v1::SHAPE_KIND_RECTANGLE, 10, 20, 100, 50);
    a.model().addShape(v1::SHAPE_KIND_ELLIPSE, 200, 20, 80, 40);
    a.model().addShape(v1::SHAPE_KIND_TEXT, 0, 100, 300, 40, "Fish & <chips>\nsecond line");
    a.model().addShape(v1::SHAPE_KIND_STICKY, 300, 100, 150, 150, "sticky");
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_FREEHAND, 0, 300));
    for (int i = 1; i < 20; ++i) a.model().extendStroke(i * 10, 300 + (i % 2) * 10);
    a.model().endStroke();
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_ARROW, 0, 400));
    a.model().extendStroke(200, 400);
    a.model().endStroke();

    const SvgSummary svg = parse(a.model().exportSvg());
    ASSERT_TRUE(svg.ok) << svg.error.toStdString();
    EXPECT_EQ(svg.elements.count("rect"), 3);  // background, rectangle, sticky note
    EXPECT_EQ(svg.elements.count("ellipse"), 1);
    EXPECT_EQ(svg.elements.count("text"), 2);
    EXPECT_EQ(svg.elements.count("tspan"), 3);
    EXPECT_EQ(svg.elements.count("path"), 1);
    EXPECT_EQ(svg.elements.count("line"), 1);
    EXPECT_EQ(svg.elements.count("polygon"), 1);
    // The first rect after the background is the rectangle, with its fill.
    const QByteArray raw = a.model().exportSvg();
    EXPECT_TRUE(
        raw.contains("<rect x=\"10\" y=\"20\" width=\"100\" height=\"50\" fill=\"#0080ff\""));
    EXPECT_TRUE(raw.contains("Fish &amp; &lt;chips&gt;"));
    const QStringList box = svg.view_box.split(' ');
    ASSERT_EQ(box.size(), 4);
    EXPECT_LE(box[0].toDouble(), -16);

    // The selection alone: the ellipse only.
    a.model().select({a.model().shapeAt(240, 40, 1)});
    const SvgSummary selected = parse(a.model().exportSvg(true));
    EXPECT_EQ(selected.elements.count("ellipse"), 1);
    EXPECT_EQ(selected.elements.count("rect"), 1);  // the background
}

// The PNG of a page with a filled rectangle and a thick line equals, pixel for pixel (within
// antialiasing), the same drawn directly with QPainter onto an image of the same size.
TEST(SketchExport, PngMatchesAReferenceDrawnOffscreen) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs);
    a.model().addPage("One");
    a.model().setProperty("fillColor", QColor(255, 0, 0));
    a.model().setProperty("strokeColor", QColor(0, 0, 255));
    a.model().setProperty("strokeWidth", 4);
    a.model().addShape(v1::SHAPE_KIND_RECTANGLE, 0, 0, 100, 60);
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_LINE, 0, 100));
    a.model().extendStroke(100, 100);
    a.model().endStroke();

    const double scale = 2;
    const QImage png = a.model().exportPng(scale);
    ASSERT_FALSE(png.isNull());
    // Bounds: the rectangle and line with half their stroke and 1 unit, plus a 16-unit margin.
    const QRectF bounds = QRectF(-3, -3, 106, 106).adjusted(-16, -16, 16, 16);
    ASSERT_EQ(png.size(), QSize(static_cast<int>(std::ceil(bounds.width() * scale)),
                                static_cast<int>(std::ceil(bounds.height() * scale))));

    QImage reference(png.size(), QImage::Format_ARGB32_Premultiplied);
    reference.fill(Qt::white);
    QPainter painter(&reference);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(scale, scale);
    painter.translate(-bounds.topLeft());
    painter.setPen(QPen(QColor(0, 0, 255), 4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(QColor(255, 0, 0));
    painter.drawRect(QRectF(0, 0, 100, 60));
    painter.drawLine(QPointF(0, 100), QPointF(100, 100));
    painter.end();

    int differing = 0;
    for (int y = 0; y < png.height(); ++y)
        for (int x = 0; x < png.width(); ++x) {
            const QColor p = png.pixelColor(x, y), r = reference.pixelColor(x, y);
            if (std::abs(p.red() - r.red()) > 8 || std::abs(p.green() - r.green()) > 8 ||
                std::abs(p.blue() - r.blue()) > 8)
                ++differing;
        }
    EXPECT_EQ(differing, 0);
    // And the picture is what it should be: red inside, blue on the edge, white outside.
    auto at = [&](double x, double y) {
        return png.pixelColor(static_cast<int>((x - bounds.x()) * scale),
                              static_cast<int>((y - bounds.y()) * scale));
    };
    EXPECT_EQ(at(50, 30), QColor(255, 0, 0));
    EXPECT_EQ(at(50, 0.2), QColor(0, 0, 255));
    EXPECT_EQ(at(50, 80), QColor(Qt::white));
    EXPECT_EQ(at(50, 100), QColor(0, 0, 255));
}

TEST(SketchExport, ImagesComeFromTheBlobStore) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
    a.model().addPage("One");
    QImage picture(40, 20, QImage::Format_RGB32);
    picture.fill(QColor(0, 200, 0));
    const QString path = QDir::temp().filePath("sketch_export_test.png");
    ASSERT_TRUE(picture.save(path));
    const QString id = a.model().insertImage(QUrl::fromLocalFile(path), 0, 0);
    ASSERT_FALSE(id.isEmpty()) << a.model().last_error().toStdString();
    b.receive_all_from(a);
    EXPECT_EQ(b.model().shapeRect(id), QRectF(0, 0, 40, 20));
    const QImage png = b.model().exportPng(1);
    EXPECT_EQ(png.pixelColor(16 + 20, 16 + 10), QColor(0, 200, 0));
    EXPECT_TRUE(b.model().exportSvg().contains("data:image/png;base64,"));
    EXPECT_FALSE(a.model().insertImage(QUrl::fromLocalFile("/nonexistent.png"), 0, 0).size());
}
