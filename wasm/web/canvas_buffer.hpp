// How large the canvas's drawing buffer is for the content the App lays out. Policy of the web
// platform (platform_web.cpp), in plain C++ so that the widget suite tests it.
#pragma once

namespace deltag::widget {

struct CanvasBuffer {
    int width = 0;  // device pixels
    int height = 0;
};

// Reallocating a WebGL drawing buffer waits for the browser's GPU side: measured 16-48 ms in
// the widget's first frame (headless Chromium, SwiftShader), ~1 ms for the same resize made by
// the loader while the files download. So the buffer may be taller than the content: the loader
// sizes it to the viewport before the module starts, the page clips what lies below the content,
// and it is reallocated only when the width changes, the content no longer fits, or the content
// would use less than half of it (memory stays within twice what is shown).
inline CanvasBuffer fit_canvas_buffer(CanvasBuffer have, int width, int height) {
    const bool keep = have.width == width && have.height >= height && have.height <= 2 * height;
    return keep ? have : CanvasBuffer{width, height};
}

// Device pixels per CSS pixel for the buffer: the page's devicePixelRatio, unless the content
// would then be taller (or wider) than the GPU's largest buffer (`max_side`, e.g. 8,192: a list of
// 3,000 CSS px at DPR 3). Then fewer, so that all of it is drawn, a little softer.
inline float buffer_scale(float dpr, float css_width, float css_height, int max_side) {
    const float side = css_width > css_height ? css_width : css_height;
    if (max_side <= 0 || side * dpr <= static_cast<float>(max_side)) return dpr;
    return static_cast<float>(max_side - 1) / side; // -1: rounding up stays within
}

} // namespace deltag::widget
