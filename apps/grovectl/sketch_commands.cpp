#include "sketch_commands.h"

#include <grpcpp/client_context.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <vector>

#include "command_context.h"
#include "exit_codes.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "grove/tools/sketchpad/v1/sketchpad_service.grpc.pb.h"
#include "terminal_text.h"
#include "tool_instance_lookup.h"

namespace grove::apps::grovectl {

namespace {

// What the chosen `sketch` command was given.
struct SketchCommandLine {
    std::string space;
    std::string instance;
    std::string page;
    std::string kind;
    std::string svg;
    std::string png;
    double scale = 1;
    std::vector<double> box;  // x y width height
    std::string points;       // "x,y x,y …"
    std::string text;
    std::string color = "#1f2328";
    std::string fill;
    double width = 2;
};

namespace v1 = grove::api::v1;
namespace sv1 = grove::tools::sketchpad::v1;
using nlohmann::json;

const std::map<std::string, sv1::ShapeKind> kKinds = {
    {"freehand", sv1::SHAPE_KIND_FREEHAND}, {"line", sv1::SHAPE_KIND_LINE},
    {"arrow", sv1::SHAPE_KIND_ARROW},       {"rectangle", sv1::SHAPE_KIND_RECTANGLE},
    {"ellipse", sv1::SHAPE_KIND_ELLIPSE},   {"text", sv1::SHAPE_KIND_TEXT},
    {"sticky", sv1::SHAPE_KIND_STICKY},     {"image", sv1::SHAPE_KIND_IMAGE}};

std::string kind_name(sv1::ShapeKind kind) {
    for (const auto& [name, value] : kKinds)
        if (value == kind) return name;
    return "unknown";
}

// "#rrggbb" or "#aarrggbb" as ARGB; false when malformed.
bool parse_color(const std::string& text, std::uint32_t& out) {
    if (text.empty() || text[0] != '#' || (text.size() != 7 && text.size() != 9)) return false;
    std::uint32_t value = 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return false;
        value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    out = text.size() == 7 ? 0xff000000u | value : value;
    return true;
}

// One `sketch` command's connection and output.
class SketchClient {
public:
    explicit SketchClient(CommandContext& context)
        : client_(context.client()),
          sketchpad_(sv1::SketchpadService::NewStub(context.client().channel())),
          json_(context.json()),
          out_(context.out()),
          err_(context.err()) {}

    int list(const SketchCommandLine& line);
    int add(const SketchCommandLine& line);
    int export_page(const SketchCommandLine& line);

private:
    int fail(const grpc::Status& status, const std::string& doing) {
        err_ << "grovectl: " << doing << ": " << terminal_safe(status.error_message()) << '\n';
        return exit_code_for(status.error_code());
    }
    int usage(const std::string& message) {
        err_ << "grovectl: " << message << '\n';
        return kExitUsage;
    }
    int resolve_instance(const SketchCommandLine& line, sv1::InstanceRef& out);
    // The page named by id, id prefix (4+ digits) or title; empty stays empty (the first page).
    int resolve_page(const SketchCommandLine& line, const sv1::InstanceRef& instance,
                     std::string& id);

    ApiClient& client_;
    std::unique_ptr<sv1::SketchpadService::Stub> sketchpad_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
};

json to_json(const sv1::ShapeView& shape) {
    const auto& g = shape.geometry();
    return {{"id", shape.id()},
            {"page_id", shape.page_id()},
            {"kind", kind_name(shape.kind())},
            {"x", g.x()},
            {"y", g.y()},
            {"width", g.width()},
            {"height", g.height()},
            {"rotation", g.rotation()},
            {"text", shape.text()},
            {"points", shape.point_count()},
            {"group", shape.group()},
            {"created_by_name", shape.created_by_name()}};
}

int SketchClient::resolve_instance(const SketchCommandLine& line, sv1::InstanceRef& out) {
    return find_tool_instance(client_, err_, line.space, line.instance, "cannot find the Sketchpad instance", out);
}

int SketchClient::resolve_page(const SketchCommandLine& line, const sv1::InstanceRef& instance,
                               std::string& id) {
    id.clear();
    if (line.page.empty()) return kExitOk;
    sv1::ListPagesRequest request;
    *request.mutable_instance() = instance;
    sv1::ListPagesResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = sketchpad_->ListPages(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot list the pages");
    std::vector<const sv1::PageView*> matches;
    for (const auto& page : response.pages())
        if (page.id() == line.page) matches = {&page};
    if (matches.empty())
        for (const auto& page : response.pages())
            if (page.title() == line.page ||
                (line.page.size() >= 4 && page.id().rfind(line.page, 0) == 0))
                matches.push_back(&page);
    if (matches.size() != 1) {
        err_ << "grovectl: " << (matches.empty() ? "no page " : "ambiguous page ")
             << terminal_safe(line.page) << '\n';
        return matches.empty() ? kExitNotFound : kExitUsage;
    }
    id = matches.front()->id();
    return kExitOk;
}

int SketchClient::list(const SketchCommandLine& line) {
    sv1::InstanceRef instance;
    if (int code = resolve_instance(line, instance)) return code;
    sv1::ListPagesRequest pages_request;
    *pages_request.mutable_instance() = instance;
    sv1::ListPagesResponse pages;
    {
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = sketchpad_->ListPages(context.get(), pages_request, &pages);
        if (!status.ok()) return fail(status, "cannot list the pages");
    }
    json out_pages = json::array();
    for (const auto& page : pages.pages()) {
        if (!line.page.empty() && page.id() != line.page && page.title() != line.page &&
            page.id().rfind(line.page, 0) != 0)
            continue;
        sv1::ListShapesRequest request;
        *request.mutable_instance() = instance;
        request.set_page_id(page.id());
        sv1::ListShapesResponse shapes;
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = sketchpad_->ListShapes(context.get(), request, &shapes);
        if (!status.ok()) return fail(status, "cannot list the shapes");
        if (json_) {
            json list = json::array();
            for (const auto& shape : shapes.shapes()) list.push_back(to_json(shape));
            out_pages.push_back({{"id", page.id()}, {"title", page.title()}, {"shapes", list}});
            continue;
        }
        out_ << page.id().substr(0, 8) << "  "
             << (page.title().empty() ? "(untitled)" : terminal_safe(page.title())) << "  · "
             << page.shape_count() << " shapes\n";
        for (const auto& shape : shapes.shapes()) {
            const auto& g = shape.geometry();
            out_ << "  " << shape.id().substr(0, 8) << "  " << kind_name(shape.kind()) << " at "
                 << std::lround(g.x()) << "," << std::lround(g.y()) << " " << std::lround(g.width())
                 << "×" << std::lround(g.height());
            if (!shape.text().empty()) out_ << "  \"" << terminal_safe(shape.text()) << '"';
            out_ << "  · " << terminal_safe(shape.created_by_name()) << '\n';
        }
    }
    if (json_) out_ << json{{"pages", out_pages}}.dump() << '\n';
    return kExitOk;
}

int SketchClient::add(const SketchCommandLine& line) {
    auto kind = kKinds.find(line.kind);
    if (kind == kKinds.end() || kind->second == sv1::SHAPE_KIND_IMAGE)
        return usage("KIND must be freehand, line, arrow, rectangle, ellipse, text or sticky");
    sv1::AddShapeRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    std::string page;
    if (int code = resolve_page(line, request.instance(), page)) return code;
    request.set_page_id(page);
    request.set_kind(kind->second);
    if (!line.box.empty()) {
        if (line.box.size() != 4) return usage("--box takes X Y WIDTH HEIGHT");
        auto* g = request.mutable_geometry();
        g->set_x(line.box[0]);
        g->set_y(line.box[1]);
        g->set_width(line.box[2]);
        g->set_height(line.box[3]);
    }
    std::istringstream points(line.points);
    std::string pair;
    while (points >> pair) {
        const auto comma = pair.find(',');
        char* end = nullptr;
        if (comma == std::string::npos)
            return usage("--points takes x,y pairs separated by spaces");
        const double x = std::strtod(pair.c_str(), &end);
        const double y = std::strtod(pair.c_str() + comma + 1, &end);
        if (!std::isfinite(x) || !std::isfinite(y) || *end != '\0')
            return usage("--points takes x,y pairs separated by spaces");
        request.add_points(static_cast<float>(x));
        request.add_points(static_cast<float>(y));
    }
    auto* style = request.mutable_style();
    std::uint32_t color = 0;
    if (!parse_color(line.color, color)) return usage("--color takes #rrggbb or #aarrggbb");
    style->set_stroke(color);
    if (!line.fill.empty()) {
        if (!parse_color(line.fill, color)) return usage("--fill takes #rrggbb or #aarrggbb");
        style->set_fill(color);
    } else if (kind->second == sv1::SHAPE_KIND_STICKY) {
        style->set_fill(0xfffff3a0);
    }
    style->set_stroke_width(static_cast<float>(line.width));
    style->set_font_size(20);
    request.set_text(line.text);
    sv1::AddShapeResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = sketchpad_->AddShape(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot add the shape");
    if (json_)
        out_ << to_json(response.shape()).dump() << '\n';
    else
        out_ << response.shape().id() << '\n';
    return kExitOk;
}

int SketchClient::export_page(const SketchCommandLine& line) {
    if (line.svg.empty() == line.png.empty()) return usage("give one of --svg FILE or --png FILE");
    sv1::ExportRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    std::string page;
    if (int code = resolve_page(line, request.instance(), page)) return code;
    request.set_page_id(page);
    request.set_format(line.svg.empty() ? sv1::ExportRequest::FORMAT_PNG
                                        : sv1::ExportRequest::FORMAT_SVG);
    request.set_scale(line.scale);
    sv1::ExportResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = sketchpad_->Export(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot export the page");
    const std::string& path = line.svg.empty() ? line.png : line.svg;
    if (path == "-") {
        out_ << response.data();
        return kExitOk;
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << response.data();
    file.close();
    if (!file) {
        err_ << "grovectl: cannot write " << terminal_safe(path) << '\n';
        return kExitError;
    }
    if (json_)
        out_ << json{{"file", path},
                     {"bytes", response.data().size()},
                     {"media_type", response.media_type()}}
                    .dump()
             << '\n';
    else
        out_ << path << ": " << response.data().size() << " bytes of " << response.media_type()
             << '\n';
    return kExitOk;
}

}  // namespace

void add_sketch_commands(CommandLine& cli) {
    CLI::App* group =
        cli.group("sketch", "List, add to and export the pages of a Sketchpad tool instance");
    auto& line = cli.keep<SketchCommandLine>();
    auto with_instance = [&](CLI::App* command) {
        command->add_option("SPACE", line.space, "Space id, id prefix or unambiguous name")
            ->required();
        command->add_option("INSTANCE", line.instance, "Sketchpad instance id, id prefix or name")
            ->required();
        command->add_option("--page", line.page, "Page id, id prefix or title (default: the first)")
            ->type_name("P");
        return command;
    };
    auto run = [&cli, &line](CLI::App* command,
                             int (SketchClient::*method)(const SketchCommandLine&)) {
        cli.on_run(command, [&line, method](CommandContext& context) {
            SketchClient client(context);
            return (client.*method)(line);
        });
    };
    run(with_instance(cli.command(group, "list", "List the pages and their shapes, bottom to top")),
        &SketchClient::list);
    auto* add = with_instance(cli.command(group, "add", "Add a shape; prints its id"));
    add->add_option("KIND", line.kind, "freehand, line, arrow, rectangle, ellipse, text or sticky")
        ->required();
    add->add_option("--box", line.box, "X Y WIDTH HEIGHT in canvas units")
        ->expected(4)
        ->type_name("X Y W H");
    add->add_option("--points", line.points, "Points of a stroke, line or arrow: \"x,y x,y …\"")
        ->type_name("PTS");
    add->add_option("--text", line.text, "Text of a text shape or sticky note")->type_name("T");
    add->add_option("--color", line.color, "Stroke or text colour, #rrggbb")->type_name("C");
    add->add_option("--fill", line.fill, "Fill colour, #rrggbb (default none)")->type_name("C");
    add->add_option("--width", line.width, "Stroke width in canvas units")->type_name("W");
    run(add, &SketchClient::add);
    auto* exported = with_instance(cli.command(group, "export", "Write a page as SVG or PNG"));
    exported->add_option("--svg", line.svg, "Write SVG to FILE ('-' = stdout)")->type_name("FILE");
    exported->add_option("--png", line.png, "Write PNG to FILE ('-' = stdout)")->type_name("FILE");
    exported->add_option("--scale", line.scale, "PNG pixels per canvas unit (default 1)")
        ->type_name("S");
    run(exported, &SketchClient::export_page);
}

}  // namespace grove::apps::grovectl
