#include "tilelayer.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QRegion>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace grove::tools::sketchpad {

namespace {

int tile_floor(double pixels) {
    return static_cast<int>(std::floor(pixels / TileLayer::kTileSize));
}

}  // namespace

QRectF TileLayer::canvas_rect(Key key, double zoom) const {
    const double side = kTileSize / zoom;
    return QRectF(key.first * side, key.second * side, side, side);
}

void TileLayer::render(Key key, Tile& tile) {
    if (tile.image.isNull())
        tile.image = QImage(kTileSize, kTileSize, QImage::Format_ARGB32_Premultiplied);
    tile.image.fill(Qt::transparent);
    draw_into(key, tile, draw_);
    tile.stale = false;
}

void TileLayer::draw_into(Key key, Tile& tile, const DrawShapes& draw) {
    QPainter painter(&tile.image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(-key.first * kTileSize, -key.second * kTileSize);
    painter.scale(zoom_, zoom_);
    const QRectF area = canvas_rect(key, zoom_);
    painter.setClipRect(area);
    draw(painter, area);
}

template <class Visit>
void TileLayer::for_tiles_over(const QRectF& canvas_area, Visit visit) {
    if (zoom_ <= 0 || canvas_area.isEmpty()) return;
    const QRectF pixels(canvas_area.topLeft() * zoom_, canvas_area.size() * zoom_);
    const int i0 = tile_floor(pixels.left()), i1 = tile_floor(pixels.right());
    const int j0 = tile_floor(pixels.top()), j1 = tile_floor(pixels.bottom());
    for (auto it = tiles_.lower_bound({i0, std::numeric_limits<int>::min()});
         it != tiles_.end() && it->first.first <= i1; ++it)
        if (it->first.second >= j0 && it->first.second <= j1) visit(it->first, it->second);
}

void TileLayer::draw_over(const QRectF& canvas_area, const DrawShapes& draw) {
    for_tiles_over(canvas_area, [&](Key key, Tile& tile) {
        if (!tile.stale) draw_into(key, tile, draw);
    });
}

bool TileLayer::paint(QPainter& painter, QSizeF viewport, double zoom, QPointF pan,
                      double budget_ms) {
    QElapsedTimer timer;
    timer.start();
    if (zoom != zoom_) {
        if (!tiles_.empty()) {
            previous_ = std::move(tiles_);
            previous_zoom_ = zoom_;
        }
        tiles_.clear();
        zoom_ = zoom;
    }
    // Whole pixels: every tile moves by the same rounded offset, so their seams stay closed.
    const QPointF offset(std::round(pan.x()), std::round(pan.y()));
    const int i0 = tile_floor(-offset.x()), i1 = tile_floor(viewport.width() - offset.x() - 1);
    const int j0 = tile_floor(-offset.y()), j1 = tile_floor(viewport.height() - offset.y() - 1);

    last_rendered_ = 0;
    auto render_some = [&](int a0, int a1, int b0, int b1) {
        // Nearest the viewport's centre first.
        std::vector<std::pair<double, Key>> wanted;
        const double ci = (i0 + i1) / 2.0, cj = (j0 + j1) / 2.0;
        for (int j = b0; j <= b1; ++j)
            for (int i = a0; i <= a1; ++i) {
                auto it = tiles_.find({i, j});
                if (it == tiles_.end() || it->second.stale)
                    wanted.push_back({std::hypot(i - ci, j - cj), {i, j}});
            }
        std::sort(wanted.begin(), wanted.end());
        for (const auto& [distance, key] : wanted) {
            if (last_rendered_ > 0 && timer.nsecsElapsed() / 1e6 >= budget_ms) return false;
            render(key, tiles_[key]);
            ++last_rendered_;
        }
        return true;
    };
    const bool complete = render_some(i0, i1, j0, j1);
    if (complete) render_some(i0 - 1, i1 + 1, j0 - 1, j1 + 1);
    last_render_ms_ = timer.nsecsElapsed() / 1e6;

    QRegion missing;
    for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i) {
            const QPoint at(i * kTileSize + static_cast<int>(offset.x()),
                            j * kTileSize + static_cast<int>(offset.y()));
            auto it = tiles_.find({i, j});
            if (it == tiles_.end())
                missing += QRect(at, QSize(kTileSize, kTileSize));
            else
                painter.drawImage(at, it->second.image);
        }
    if (!missing.isEmpty() && !previous_.empty()) {
        // The last zoom's tiles, scaled, where this zoom's are not drawn yet.
        painter.save();
        painter.setClipRegion(missing);
        for (const auto& [key, tile] : previous_) {
            const QRectF area = canvas_rect(key, previous_zoom_);
            const QRectF target(area.topLeft() * zoom + offset, area.size() * zoom);
            if (missing.boundingRect().intersects(target.toAlignedRect()))
                painter.drawImage(target, tile.image);
        }
        painter.restore();
    }
    if (complete) previous_.clear();
    evict(i0, i1, j0, j1);
    return complete;
}

void TileLayer::evict(int i0, int i1, int j0, int j1) {
    if (tiles_.size() <= kMaxTiles) return;
    // Farthest from the viewport first, until the cache is within its size.
    std::vector<std::pair<int, Key>> by_distance;
    for (const auto& [key, tile] : tiles_) {
        const int di = key.first < i0 ? i0 - key.first : std::max(0, key.first - i1);
        const int dj = key.second < j0 ? j0 - key.second : std::max(0, key.second - j1);
        by_distance.push_back({std::max(di, dj), key});
    }
    std::sort(by_distance.rbegin(), by_distance.rend());
    for (const auto& [distance, key] : by_distance) {
        if (tiles_.size() <= kMaxTiles || distance <= 1) break;
        tiles_.erase(key);
    }
}

void TileLayer::invalidate(const QRectF& canvas_area) {
    for_tiles_over(canvas_area, [](Key, Tile& tile) { tile.stale = true; });
    previous_.clear();  // it would show what was there before the change
}

void TileLayer::clear() {
    tiles_.clear();
    previous_.clear();
}

}  // namespace grove::tools::sketchpad
