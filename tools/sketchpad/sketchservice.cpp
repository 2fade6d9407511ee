#include "sketchservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grpcpp/server_context.h>

#include <QBuffer>
#include <QGuiApplication>
#include <algorithm>
#include <cmath>
#include <memory>

#include "shapepainter.h"
#include "sketchinstance.h"

namespace grove::tools::sketchpad {
namespace {

constexpr double kMaxExportScale = 16;

using sdk::grpc_status;

SketchInstance& sketch(sdk::ToolInstance& instance) {
    return static_cast<SketchInstance&>(instance);  // the host hands out only our instances
}

void to_view(SketchInstance& source, const Shape& shape, v1::ShapeView* out) {
    out->set_id(sdk::to_hex(shape.id));
    out->set_page_id(sdk::to_hex(shape.page));
    out->set_kind(shape.kind);
    geometry_to(shape.geometry.value, *out->mutable_geometry());
    style_to(shape.style.value, *out->mutable_style());
    out->set_text(shape.text.value);
    out->set_point_count(static_cast<std::uint32_t>(shape.point_count()));
    if (shape.group.value) out->set_group(sdk::to_hex(*shape.group.value));
    out->set_created_by_name(source.sketch().member_display_name(shape.created_by).toStdString());
}

// The page named by hex, or the first page when empty. NotFound / InvalidArgument otherwise.
Result<PageId> page_of(const SketchState& state, const std::string& hex) {
    if (hex.empty()) {
        const auto pages = state.pages();
        if (pages.empty()) return make_error(ErrorCode::NotFound, "the sketch has no pages");
        return pages.front()->id;
    }
    PageId id{};
    if (!sdk::from_hex(hex, id))
        return make_error(ErrorCode::InvalidArgument, "page_id must be 64 hex digits");
    if (!state.page(id)) return make_error(ErrorCode::NotFound, "no such page");
    return id;
}

}  // namespace

grpc::Status SketchService::ListPages(grpc::ServerContext* call,
                                      const v1::ListPagesRequest* request,
                                      v1::ListPagesResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            const SketchState& state = sketch(instance).state();
            for (const Page* page : state.pages()) {
                v1::PageView* view = response->add_pages();
                view->set_id(sdk::to_hex(page->id));
                view->set_title(page->title.value);
                view->set_shape_count(static_cast<std::uint32_t>(state.shapes(page->id).size()));
            }
        }));
}

grpc::Status SketchService::ListShapes(grpc::ServerContext* call,
                                       const v1::ListShapesRequest* request,
                                       v1::ListShapesResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    Result<void> outcome;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   SketchInstance& source = sketch(instance);
                                   auto page = page_of(source.state(), request->page_id());
                                   if (!page) {
                                       outcome = page.error();
                                       return;
                                   }
                                   for (const Shape* shape : source.state().shapes(*page))
                                       to_view(source, *shape, response->add_shapes());
                               });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status SketchService::AddShape(grpc::ServerContext* call, const v1::AddShapeRequest* request,
                                     v1::AddShapeResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    const ShapeKind kind = request->kind();
    if (kind <= v1::SHAPE_KIND_UNSPECIFIED || kind >= v1::SHAPE_KIND_IMAGE)
        return grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            "kind must be freehand, line, arrow, rectangle, ellipse, text or sticky");
    const bool stroke = kind == v1::SHAPE_KIND_FREEHAND || kind == v1::SHAPE_KIND_LINE ||
                        kind == v1::SHAPE_KIND_ARROW;
    if (stroke && request->points_size() < 4)
        return grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            "a freehand stroke, line or arrow needs two points or more (x,y pairs)");
    if (request->points_size() % 2 != 0)
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "points come in x,y pairs");
    if (!stroke && !request->has_geometry())
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "this kind of shape needs a geometry");
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            SketchInstance& source = sketch(instance);
            Result<PageId> page = request->page_id().empty()
                                      ? source.sketch().ensure_page()
                                      : page_of(source.state(), request->page_id());
            if (!page) {
                outcome = page.error();
                return;
            }
            v1::NewShape shape;
            shape.set_page_id(id_bytes(*page));
            shape.set_kind(kind);
            *shape.mutable_points() = request->points();
            if (request->has_geometry()) {
                *shape.mutable_geometry() = request->geometry();
            } else {
                const QRectF box =
                    polyline_path(request->points().data(),
                                  static_cast<std::size_t>(request->points_size() / 2))
                        .boundingRect();
                v1::Geometry* g = shape.mutable_geometry();
                g->set_x(box.x());
                g->set_y(box.y());
                g->set_width(box.width());
                g->set_height(box.height());
            }
            if (request->has_style()) {
                *shape.mutable_style() = request->style();
            } else {
                style_to(Style{}, *shape.mutable_style());
                if (kind == v1::SHAPE_KIND_STICKY) shape.mutable_style()->set_fill(0xfffff3a0);
            }
            shape.set_text(request->text());
            auto created = source.sketch().create_shapes({shape}, false);
            if (!created) {
                outcome = created.error();
                return;
            }
            if (const Shape* made = source.state().shape(created->front()))
                to_view(source, *made, response->mutable_shape());
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status SketchService::Export(grpc::ServerContext* call, const v1::ExportRequest* request,
                                   v1::ExportResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    if (request->format() != v1::ExportRequest::FORMAT_SVG &&
        request->format() != v1::ExportRequest::FORMAT_PNG)
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "format must be SVG or PNG");
    const double scale = request->scale() == 0 ? 1 : request->scale();
    if (!std::isfinite(scale) || scale <= 0 || scale > kMaxExportScale)
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "scale must be above 0 and at most 16");
    std::vector<ShapeId> only;
    for (const std::string& hex : request->shape_ids()) {
        ShapeId id{};
        if (!sdk::from_hex(hex, id))
            return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                "shape ids must be 64 hex digits");
        only.push_back(id);
    }
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            SketchInstance& source = sketch(instance);
            auto page = page_of(source.state(), request->page_id());
            if (!page) {
                outcome = page.error();
                return;
            }
            const auto shapes = source.sketch().export_shapes(*page, only);
            if (!only.empty() && shapes.size() != only.size()) {
                outcome = make_error(ErrorCode::NotFound, "a shape asked for is not on the page");
                return;
            }
            if (request->format() == v1::ExportRequest::FORMAT_SVG) {
                const QByteArray svg = source.sketch().svg_of(shapes);
                response->set_data(svg.constData(), static_cast<std::size_t>(svg.size()));
                response->set_media_type("image/svg+xml");
                return;
            }
            if (shapes.empty()) {
                outcome = make_error(ErrorCode::FailedPrecondition, "the page is empty");
                return;
            }
            // Text needs Qt's font system, which only a GUI application has (groved runs none).
            const bool has_fonts = qobject_cast<QGuiApplication*>(QCoreApplication::instance());
            const bool has_text = std::any_of(shapes.begin(), shapes.end(), [](const Shape* shape) {
                return !shape->text.value.empty();
            });
            if (has_text && !has_fonts) {
                outcome =
                    make_error(ErrorCode::FailedPrecondition,
                               "this peer runs without fonts (groved), so it cannot draw text "
                               "into a PNG: export SVG, or export PNG from the desktop app");
                return;
            }
            const QImage image = source.sketch().png_of(shapes, scale);
            if (image.isNull()) {
                outcome = make_error(
                    ErrorCode::ResourceExhausted,
                    "the picture would be over 16384 pixels a side: use a smaller scale");
                return;
            }
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG");
            response->set_data(png.constData(), static_cast<std::size_t>(png.size()));
            response->set_media_type("image/png");
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status SketchService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                  grpc::ServerWriter<v1::SketchEvent>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return watches_.serve(*call, request->instance().space_id(), request->instance().instance_id(),
                          request->from_cursor(), *writer);
}

void SketchService::attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                                 Watches::Closed closed) {
    auto on_change = [publish = std::move(publish)](const SketchChange& change) {
        if (change.pages_changed) {
            v1::SketchEvent event;
            event.set_kind(v1::SketchEvent::KIND_PAGES_CHANGED);
            publish(std::move(event));
        }
        for (const auto& [ids, kind] :
             {std::pair(&change.added, v1::SketchEvent::KIND_SHAPES_ADDED),
              std::pair(&change.changed, v1::SketchEvent::KIND_SHAPES_CHANGED)}) {
            if (ids->empty()) continue;
            v1::SketchEvent event;
            event.set_kind(kind);
            for (const ShapeId& id : *ids) event.add_shape_ids(sdk::to_hex(id));
            if (change.pages_touched.size() == 1)
                event.set_page_id(sdk::to_hex(*change.pages_touched.begin()));
            publish(std::move(event));
        }
        return true;
    };
    sketch(instance).add_listener(std::move(on_change), std::move(closed));
}

}  // namespace grove::tools::sketchpad
