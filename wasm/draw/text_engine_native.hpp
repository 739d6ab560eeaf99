// The native text engine for the render tests: stb_truetype (ImGui's imstb_truetype.h) over one
// TTF file, deterministic on every machine with Debian's fonts-dejavu-core. No shaping, no bidi:
// bidi controls are skipped, a missing glyph is the font's .notdef. Standard library + stb.
#pragma once
#include "text_engine.hpp"

#include <memory>
#include <string>

namespace deltag::widget {

class NativeTextEngine : public TextEngine {
  public:
    explicit NativeTextEngine(std::string ttf);
    ~NativeTextEngine() override;
    bool ok() const;
    RunBox box(std::string_view text, const TextStyle& style, float dpr) override;
    void rasterise(std::string_view text, const TextStyle& style, float dpr, const RunBox& box,
                   TextPage& page, int x, int y) override;
    // The glyph index of a code point (0: the font has none); for tests.
    int glyph(char32_t c) const;

  protected:
    float measure_uncached(std::string_view text, const TextStyle& style) override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace deltag::widget
