// SVG export: a page or a selection written as a standalone SVG 1.1 document (paths, lines,
// rectangles, ellipses, text, embedded images) that browsers and Inkscape open.
#pragma once

#include <QByteArray>
#include <functional>
#include <vector>

#include "shape.h"

namespace grove::tools::sketchpad {

// The encoded bytes of an image shape (PNG, JPEG, …), empty when not here.
using ImageBytes = std::function<QByteArray(const Shape&)>;

// The shapes, bottom to top, in a document whose view box is their bounds plus a 16-unit margin
// on a white background.
QByteArray export_svg(const std::vector<const Shape*>& shapes, const ImageBytes& images);

}  // namespace grove::tools::sketchpad
