// The drawing buffer policy of the web platform (wasm/web/canvas_buffer.hpp): the loader's buffer is
// kept while the content fits it and uses at least half of it.
#include "canvas_buffer.hpp"

#include <doctest/doctest.h>

using deltag::widget::CanvasBuffer;
using deltag::widget::fit_canvas_buffer;

namespace {

bool same(CanvasBuffer a, CanvasBuffer b) { return a.width == b.width && a.height == b.height; }

} // namespace

TEST_CASE("the loader's viewport-sized buffer is kept for content that fits it") {
    const CanvasBuffer viewport{656, 768};
    CHECK(same(fit_canvas_buffer(viewport, 656, 724), viewport));
    CHECK(same(fit_canvas_buffer(viewport, 656, 768), viewport));
    CHECK(same(fit_canvas_buffer(viewport, 656, 384), viewport)); // exactly half used
}

TEST_CASE("the buffer is reallocated to the content when it does not fit or is mostly unused") {
    const CanvasBuffer viewport{656, 768};
    CHECK(same(fit_canvas_buffer(viewport, 656, 769), CanvasBuffer{656, 769}));  // taller content
    CHECK(same(fit_canvas_buffer(viewport, 656, 383), CanvasBuffer{656, 383}));  // less than half used
    CHECK(same(fit_canvas_buffer(viewport, 1312, 724), CanvasBuffer{1312, 724})); // width (or DPR) changed
    CHECK(same(fit_canvas_buffer(CanvasBuffer{}, 656, 724), CanvasBuffer{656, 724})); // nothing yet
}

TEST_CASE("a widget moving between screens keeps its buffer while each fits in it") {
    CanvasBuffer b{656, 768};
    b = fit_canvas_buffer(b, 656, 1500); // the form
    CHECK(b.height == 1500);
    b = fit_canvas_buffer(b, 656, 1400); // the form with an error less
    CHECK(b.height == 1500);
    b = fit_canvas_buffer(b, 656, 600); // the result
    CHECK(b.height == 600);
}

TEST_CASE("the buffer's scale is the page's devicePixelRatio unless the content would exceed the GPU's limit") {
    using deltag::widget::buffer_scale;
    CHECK(buffer_scale(3, 375, 2000, 8192) == 3);
    CHECK(buffer_scale(2, 1200, 4096, 8192) == 2);
    // A long list on a phone: 3,000 CSS px at DPR 3 would be 9,000 rows.
    const float s = buffer_scale(3, 375, 3000, 8192);
    CHECK(s < 3);
    CHECK(s > 2.7f);
    CHECK(static_cast<long>(3000 * s + 0.5f) <= 8192);
    CHECK(buffer_scale(1, 9000, 100, 8192) * 9000 <= 8192); // width counts too
    CHECK(buffer_scale(2, 375, 3000, 0) == 2);              // limit unknown: as asked
}
