// bench_sketchpad: Sketchpad at 10,000 shapes (5,000 freehand strokes of 200 points and 5,000
// rectangles, ellipses and sticky notes), drawn by one member through the model and replayed on
// another: open by replay and from a snapshot, apply one remote stroke, snapshot, RSS; then the
// canvas offscreen — a full repaint of the page's layer at zoom to fit and pan frames at 1920×1080.
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QQuickItem>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "shapepainter.h"
#include "sketch_replica.h"
#include "sketchcanvas.h"

using namespace grove;
using namespace grove::tools::sketchpad;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

long rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

void draw_stroke(SketchModel& model, std::mt19937_64& rng, int points) {
    std::uniform_real_distribution<double> where(0, 8000), step(-6, 6);
    double x = where(rng), y = where(rng);
    model.beginStroke(v1::SHAPE_KIND_FREEHAND, x, y);
    for (int i = 1; i < points; ++i) {
        x += 2 + step(rng);
        y += step(rng);
        model.extendStroke(x, y);
    }
    model.endStroke();
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    platform::MemoryBlobStore blobs;
    const long rss_start = rss_kb();
    auto author = std::make_unique<tests::SketchReplica>("Ada", 1, blobs);
    author->model().addPage("Big");
    std::mt19937_64 rng(42);
    auto start = Clock::now();
    for (int i = 0; i < 5000; ++i) {
        draw_stroke(author->model(), rng, 200);
        std::uniform_real_distribution<double> where(0, 8000);
        const int kinds[] = {v1::SHAPE_KIND_RECTANGLE, v1::SHAPE_KIND_ELLIPSE, v1::SHAPE_KIND_STICKY};
        author->model().addShape(kinds[i % 3], where(rng), where(rng), 120, 80,
                                 i % 3 == 2 ? QStringLiteral("note %1").arg(i) : QString());
    }
    const double draw_ms = ms_since(start);
    std::size_t op_bytes = 0;
    for (const auto& op : author->context.submitted()) op_bytes += op.bytes.size();
    std::printf("drawn: %zu operations, %.1f MB, %.0f ms through the model (live messages: %zu)\n",
                author->context.submitted().size(), op_bytes / 1e6, draw_ms,
                author->context.outbox().size());

    // Open by replaying every operation on a second member.
    const long rss_before_replica = rss_kb();
    auto reader = std::make_unique<tests::SketchReplica>("Bob", 2, blobs);
    start = Clock::now();
    for (const auto& op : author->context.submitted()) reader->receive(op);
    const double replay_ms = ms_since(start);
    const long replica_kb = rss_kb() - rss_before_replica;
    std::printf("replay 10,000 shapes: %.1f ms (%zu shapes), instance RSS +%.1f MB\n", replay_ms,
                reader->state().shape_count(), replica_kb / 1024.0);

    // Snapshot and open from it.
    start = Clock::now();
    auto snapshot = reader->instance->snapshot();
    const double snapshot_ms = ms_since(start);
    auto restored = std::make_unique<tests::SketchReplica>("Cy", 3, blobs);
    start = Clock::now();
    if (!restored->instance->restore(*snapshot)) return 1;
    const double restore_ms = ms_since(start);
    std::printf("snapshot: %.1f ms (%.1f MB); open from snapshot: %.1f ms; digests equal: %s\n",
                snapshot_ms, snapshot->size() / 1e6, restore_ms,
                restored->state().digest() == author->state().digest() ? "yes" : "NO");

    // Apply remote strokes one at a time on the full sketch.
    const std::size_t before = author->context.submitted().size();
    for (int i = 0; i < 200; ++i) draw_stroke(author->model(), rng, 200);
    std::vector<double> apply;
    for (std::size_t i = before; i < author->context.submitted().size(); ++i) {
        start = Clock::now();
        reader->receive(author->context.submitted()[i]);
        apply.push_back(ms_since(start));
    }
    std::printf("apply a remote 200-point stroke: median %.3f ms, p99 %.3f ms\n",
                percentile(apply, 0.5), percentile(apply, 0.99));

    // The canvas, offscreen: the page's layer at zoom to fit, then pan frames.
    QImage frame(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    auto* root = new QQuickItem();
    root->setSize(QSizeF(1920, 1080));
    auto* canvas = new SketchCanvas(&reader->model(), root);
    canvas->setSize(QSizeF(1920, 1080));
    canvas->zoomToFit();
    std::vector<double> full, pan;
    for (int i = 0; i < 5; ++i) {
        start = Clock::now();
        QPainter painter(&frame);
        emit reader->model().sketchChanged();  // drops the layer: a full repaint
        canvas->paint(&painter);
        full.push_back(ms_since(start));
    }
    for (int i = 0; i < 120; ++i) {
        canvas->panBy(i % 40 < 20 ? 12 : -12, 3);
        start = Clock::now();
        QPainter painter(&frame);
        canvas->paint(&painter);
        pan.push_back(ms_since(start));
    }
    canvas->setZoom(4);  // zoomed in: only the visible part is drawn
    std::vector<double> zoomed;
    for (int i = 0; i < 5; ++i) {
        start = Clock::now();
        QPainter painter(&frame);
        emit reader->model().sketchChanged();
        canvas->paint(&painter);
        zoomed.push_back(ms_since(start));
    }
    {
        const QRectF visible(canvas->toCanvas(QPointF(0, 0)), canvas->toCanvas(QPointF(1920, 1080)));
        const QRectF area = visible.adjusted(-visible.width() / 2, -visible.height() / 2,
                                             visible.width() / 2, visible.height() / 2);
        int inside = 0;
        for (const Shape* shape : reader->state().shapes(*reader->model().current_page()))
            if (shape_bounds(*shape).intersects(area)) ++inside;
        std::printf("  the layer at zoom 4: %.1f ms for %d shapes in %.0fx%.0f units\n",
                    canvas->last_layer_ms(), inside, area.width(), area.height());
    }
    std::printf("canvas 1920x1080 (QPainter raster, offscreen): full repaint of 10,200 shapes at "
                "zoom to fit median %.1f ms; pan frame median %.2f ms, p99 %.1f ms (re-renders "
                "when the cached layer runs out); full repaint at zoom 4 median %.1f ms\n",
                percentile(full, 0.5), percentile(pan, 0.5), percentile(pan, 0.99),
                percentile(zoomed, 0.5));
    std::printf("process RSS: %.1f MB (start %.1f MB)\n", rss_kb() / 1024.0, rss_start / 1024.0);
    delete root;
    return 0;
}
