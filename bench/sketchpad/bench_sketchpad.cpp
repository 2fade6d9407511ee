// bench_sketchpad: Sketchpad at 10,000 shapes (5,000 freehand strokes of 200 points and 5,000
// rectangles, ellipses and sticky notes), drawn by one member through the model and replayed on
// another: open by replay and from a snapshot, apply one remote stroke, snapshot, RSS; then the
// canvas offscreen at 1920×1080 — the whole page drawn, pan frames, a remote stroke drawn, zoom 4.
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
        const int kinds[] = {v1::SHAPE_KIND_RECTANGLE, v1::SHAPE_KIND_ELLIPSE,
                             v1::SHAPE_KIND_STICKY};
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

    // A snapshot again after those strokes and a move of 100 shapes: only they are encoded anew.
    {
        const auto shapes = reader->state().shapes(*reader->model().current_page());
        QStringList some;
        for (std::size_t i = 0; i < 100; ++i)
            some << QString::fromStdString(sdk::to_hex(shapes[i * 97]->id));
        reader->model().select(some);
    }
    reader->model().moveSelection(5, 5);
    start = Clock::now();
    auto again = reader->instance->snapshot();
    const double again_ms = ms_since(start);
    auto restored_again = std::make_unique<tests::SketchReplica>("Di", 4, blobs);
    if (!restored_again->instance->restore(*again)) return 1;
    std::printf(
        "snapshot after 200 new strokes and 100 moved shapes: %.1f ms (%.1f MB); digest "
        "restored: %s\n",
        again_ms, again->size() / 1e6,
        restored_again->state().digest() == reader->state().digest() ? "yes" : "NO");

    // The canvas, offscreen, 1920x1080: frames are painted one after another as the scene graph
    // would; a frame draws missing tiles for at most SketchCanvas::kTileBudgetMs, so a view that
    // needs many tiles completes over several frames (the last zoom's tiles stand in).
    QImage frame(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    auto* root = new QQuickItem();
    root->setSize(QSizeF(1920, 1080));
    auto* canvas = new SketchCanvas(&reader->model(), root);
    canvas->setSize(QSizeF(1920, 1080));
    canvas->zoomToFit();
    auto paint_frame = [&] {
        const auto at = Clock::now();
        QPainter painter(&frame);
        canvas->paint(&painter);
        return ms_since(at);
    };
    struct Settle {
        std::vector<double> frames;
        double total = 0;
    };
    // Frames until every visible tile is drawn.
    auto settle = [&] {
        Settle out;
        do {
            out.frames.push_back(paint_frame());
            out.total += out.frames.back();
        } while (!canvas->rendered() && out.frames.size() < 10000);
        return out;
    };
    auto report = [&](const char* what, const std::vector<Settle>& runs) {
        std::vector<double> totals, frames;
        for (const Settle& run : runs) {
            totals.push_back(run.total);
            frames.insert(frames.end(), run.frames.begin(), run.frames.end());
        }
        std::printf(
            "%s: complete after median %.1f ms in %zu frames; frame median %.1f ms, max "
            "%.1f ms\n",
            what, percentile(totals, 0.5), runs.front().frames.size(), percentile(frames, 0.5),
            percentile(frames, 1.0));
    };
    std::vector<Settle> fit;
    for (int i = 0; i < 3; ++i) {
        emit canvas->appearanceChanged();  // drops every tile
        fit.push_back(settle());
    }
    report("canvas 1920x1080, whole page (zoom to fit) from nothing", fit);

    std::vector<double> pan;
    for (int i = 0; i < 240; ++i) {
        canvas->panBy(i % 80 < 40 ? 24 : -24, 6);
        pan.push_back(paint_frame());
    }
    std::printf(
        "pan frames at zoom to fit (24 px a frame, tiles drawn as they come into view): "
        "median %.2f ms, p99 %.1f ms\n",
        percentile(pan, 0.5), percentile(pan, 0.99));

    // A remote stroke arrives while the page is shown: the tiles it touches are drawn again.
    std::vector<double> remote;
    for (int i = 0; i < 20; ++i) {
        draw_stroke(author->model(), rng, 200);
        const auto at = Clock::now();
        if (!reader->receive(author->context.submitted().back())) return 1;
        settle();
        remote.push_back(ms_since(at));
    }
    std::printf(
        "a remote 200-point stroke on the shown page, applied and drawn: median %.1f ms, "
        "p99 %.1f ms\n",
        percentile(remote, 0.5), percentile(remote, 0.99));

    std::vector<Settle> zoomed;
    for (int i = 0; i < 3; ++i) {
        canvas->zoomToFit();
        settle();
        canvas->setZoom(4);
        zoomed.push_back(settle());
    }
    report("zoom to fit -> zoom 4", zoomed);
    std::vector<double> zoomed_pan;
    for (int i = 0; i < 240; ++i) {
        canvas->panBy(i % 80 < 40 ? 24 : -24, 6);
        zoomed_pan.push_back(paint_frame());
    }
    std::printf("pan frames at zoom 4: median %.2f ms, p99 %.1f ms\n", percentile(zoomed_pan, 0.5),
                percentile(zoomed_pan, 0.99));
    std::printf("process RSS: %.1f MB (start %.1f MB)\n", rss_kb() / 1024.0, rss_start / 1024.0);
    delete root;
    return 0;
}
