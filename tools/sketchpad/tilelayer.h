// TileLayer: the shapes of a page drawn as square tiles at one zoom, so panning only moves
// pictures, a change repaints just the tiles it touches, and a frame renders missing tiles only
// within a time budget (the previous zoom's tiles, scaled, stand in until they are drawn).
#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <functional>
#include <map>
#include <utility>

class QPainter;

namespace grove::tools::sketchpad {

class TileLayer {
public:
    static constexpr int kTileSize = 256;  // pixels a side
    static constexpr std::size_t kMaxTiles = 160;

    // Draws the shapes over `canvas_area` with the painter already mapping canvas units to the
    // tile's pixels.
    using DrawShapes = std::function<void(QPainter& painter, const QRectF& canvas_area)>;

    explicit TileLayer(DrawShapes draw) : draw_(std::move(draw)) {}

    // Draws the tiles covering `viewport` (item pixels; an item point is canvas * zoom + pan),
    // first rendering missing or changed ones until `budget_ms` is spent (at least one a frame),
    // then the ring around the viewport if time is left. Returns whether the viewport was
    // complete; if not, call again next frame.
    bool paint(QPainter& painter, QSizeF viewport, double zoom, QPointF pan, double budget_ms);

    // The tiles over `canvas_area` are drawn again (the old picture shows until then).
    void invalidate(const QRectF& canvas_area);
    // Draws more on top of the tiles over `canvas_area` as they are (a shape added above all
    // others needs no repaint of what is beneath it); changed tiles stay to be drawn again.
    void draw_over(const QRectF& canvas_area, const DrawShapes& draw);
    // Every tile is drawn again, and nothing old stands in (another page, another theme).
    void clear();

    std::size_t tile_count() const { return tiles_.size(); }
    // Milliseconds spent rendering tiles in the last paint, and how many.
    double last_render_ms() const { return last_render_ms_; }
    int last_rendered() const { return last_rendered_; }

private:
    using Key = std::pair<int, int>;
    struct Tile {
        QImage image;
        bool stale = false;
    };

    QRectF canvas_rect(Key key, double zoom) const;
    void render(Key key, Tile& tile);
    void draw_into(Key key, Tile& tile, const DrawShapes& draw);
    template <class Visit>
    void for_tiles_over(const QRectF& canvas_area, Visit visit);
    void evict(int i0, int i1, int j0, int j1);

    DrawShapes draw_;
    std::map<Key, Tile> tiles_;
    double zoom_ = 0;
    std::map<Key, Tile> previous_;  // of the zoom before, shown scaled where tiles are missing
    double previous_zoom_ = 0;
    double last_render_ms_ = 0;
    int last_rendered_ = 0;
};

}  // namespace grove::tools::sketchpad
