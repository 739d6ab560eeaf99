// The web text engine: the browser's Canvas2D measures and rasterises each run (shaping, bidi
// within the line, font fallback for every script), uploaded with texSubImage2D into the run
// atlas's GL texture. Web build only; the JS side is embed.js's "Text" section via bridge_web.cpp.
#pragma once
#include "text_engine.hpp"

namespace deltag::widget {

class WebTextEngine : public TextEngine {
  public:
    explicit WebTextEngine(int widget_id) : id_(widget_id) {}
    RunBox box(std::string_view text, const TextStyle& style, float dpr) override;
    void rasterise(std::string_view text, const TextStyle& style, float dpr, const RunBox& box,
                   TextPage& page, int x, int y) override;

  protected:
    float measure_uncached(std::string_view text, const TextStyle& style) override;

  private:
    int id_; // the widget: its container's font family
};

} // namespace deltag::widget
