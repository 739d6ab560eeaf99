// The atlas of rasterised text runs: one texture page, shelf packing, and least-recently-used
// eviction by shelf, so typing (new validation messages, the organisation filter) never fills it.
// Plain C++ over the text engine; the platform owns the page (a GL texture, or memory natively).
#pragma once
#include "text_engine.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace deltag::widget {

// Where a run lies in the page (pixels) and how to place it.
struct RunSlot {
    int x = 0, y = 0;
    RunBox box;
    float dpr = 1; // the run's own scale: lowered for a run wider than the page
};

struct AtlasStats {
    int runs = 0;       // runs held now
    int rasterised = 0; // runs rasterised since the start
    int evicted_shelves = 0;
    int clears = 0; // the page was full of this frame's runs and started over
};

class RunAtlas {
  public:
    // The page's top-left 4x4 pixels are white ink: ImGui's shapes take their white pixel there.
    static constexpr int kWhite = 4;
    RunAtlas(TextEngine& engine, TextPage page);

    // The run, rasterised on first use. Null when even an empty page cannot hold it (never at
    // sane sizes: runs wider than the page are rasterised at a lower scale).
    const RunSlot* get(std::string_view text, const TextStyle& style, float dpr);
    // A new frame: runs used from now on are this frame's and never evicted during it.
    void begin_frame() { ++frame_; }
    // True once when the page had to start over during the frame: the frame's earlier quads
    // point at overwritten pixels, so the platform draws it again.
    bool take_redraw() {
        const bool r = redraw_;
        redraw_ = false;
        return r;
    }
    void clear(); // everything goes (device pixel ratio or font changed)
    const TextPage& page() const { return page_; }
    TextPage& page() { return page_; }
    const AtlasStats& stats() const { return stats_; }

  private:
    struct Shelf {
        int y = 0, height = 0, used = 0;
        long last_frame = 0;
        std::vector<std::string> keys;
    };
    struct Entry {
        RunSlot slot;
        int shelf = 0;
    };
    bool place(int w, int h, int& x, int& y, int& shelf);
    bool evict_oldest_shelf();
    void reset_shelves();

    TextEngine& engine_;
    TextPage page_;
    std::unordered_map<std::string, Entry> entries_;
    std::vector<Shelf> shelves_;
    int next_y_ = 0;
    long frame_ = 1;
    bool redraw_ = false;
    AtlasStats stats_;
};

} // namespace deltag::widget
