// Markdown as HTML that is safe to show in a tool's view: CommonMark by cmark in its safe mode (raw
// HTML removed, dangerous URLs blanked) with images turned into plain links. Link libcmark.
#pragma once

#include <cmark.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace grove::sdk {

// Never fails: invalid UTF-8 is replaced, anything unsafe is removed; empty on cmark's own failure.
inline std::string markdown_to_safe_html(std::string_view markdown) {
    const int options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
    cmark_node* document = cmark_parse_document(markdown.data(), markdown.size(), options);
    if (!document) return {};

    // Images would be fetched when shown (a tracking pixel, a remote read receipt): turn each
    // into a link to the same URL, with the alt text as its text.
    // Raw HTML goes entirely: cmark's safe mode would leave an HTML comment in its place, after
    // which Qt's rich text drops the following space ("the <b>x</b> doc" showed as "xdoc").
    std::vector<cmark_node*> images, raw_html;
    cmark_iter* iter = cmark_iter_new(document);
    for (cmark_event_type event; (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node* node = cmark_iter_get_node(iter);
        if (event != CMARK_EVENT_ENTER) continue;
        const cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_IMAGE) images.push_back(node);
        if (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK)
            raw_html.push_back(node);
    }
    cmark_iter_free(iter);
    for (cmark_node* node : raw_html) {
        cmark_node_unlink(node);
        cmark_node_free(node);
    }
    for (cmark_node* image : images) {
        cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, cmark_node_get_url(image));
        cmark_node_set_title(link, cmark_node_get_title(image));
        while (cmark_node* child = cmark_node_first_child(image)) {
            cmark_node_unlink(child);
            cmark_node_append_child(link, child);
        }
        cmark_node_replace(image, link);
        cmark_node_free(image);
    }

    char* html = cmark_render_html(document, options);
    std::string out = html ? html : "";
    std::free(html);
    cmark_node_free(document);
    return out;
}

}  // namespace grove::sdk
