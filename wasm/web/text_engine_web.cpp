// The web text engine over the bridge's Canvas2D calls. Web build only.
#include "text_engine_web.hpp"

#include "bridge_web.hpp"

#include <GLES3/gl3.h>

namespace deltag::widget {

float WebTextEngine::measure_uncached(std::string_view text, const TextStyle& style) {
    return js::text_measure(id_, text, style);
}

RunBox WebTextEngine::box(std::string_view text, const TextStyle& style, float dpr) {
    return js::text_box(id_, text, style, dpr);
}

void WebTextEngine::rasterise(std::string_view text, const TextStyle& style, float dpr,
                              const RunBox& box, TextPage& page, int x, int y) {
    glBindTexture(GL_TEXTURE_2D, page.texture);
    js::text_draw(id_, text, style, dpr, box, x, y);
}

} // namespace deltag::widget
