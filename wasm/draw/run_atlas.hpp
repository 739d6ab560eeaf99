// The atlas of rasterised text runs: texture pages, shelf packing, and least-recently-used
// eviction by shelf, so typing (new validation messages, the organisation filter) never fills it;
// a new page only when every run on the pages is the frame's own (a long form at 200 % text).
// Plain C++ over the text engine; the platform makes the pages (GL textures, or memory natively).
#pragma once
#include "text_engine.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace deltag::widget {

// Where a run lies (page, pixels) and how to place it.
struct RunSlot {
    int page = 0;
    int x = 0, y = 0;
    RunBox box;
    float dpr = 1; // the run's own scale: lowered for a run wider than the page
};

struct AtlasStats {
    int runs = 0;       // runs held now
    int rasterised = 0; // runs rasterised since the start
    int evicted_shelves = 0;
    int pages = 0;
    int clears = 0; // every page was full of this frame's runs and the atlas started over
};

class RunAtlas {
  public:
    // Each page's top-left 4x4 pixels are white ink: ImGui's shapes take their white pixel there
    // (the same texture coordinates on every page).
    static constexpr int kWhite = 4;
    // A new page, all zero but the white block; `texture` names it in the draw list.
    using PageMaker = std::function<TextPage()>;
    RunAtlas(TextEngine& engine, PageMaker make_page, int max_pages = 8);

    // The run, rasterised on first use. Null only when it cannot be placed even on an empty page.
    const RunSlot* get(std::string_view text, const TextStyle& style, float dpr);
    // A new frame: runs used from now on are this frame's and never evicted during it.
    void begin_frame() { ++frame_; }
    // True once when the atlas had to start over during the frame: the frame's earlier quads
    // point at overwritten pixels, so the platform draws it again.
    bool take_redraw() {
        const bool r = redraw_;
        redraw_ = false;
        return r;
    }
    void clear(); // every run goes (the pages stay)
    const TextPage& page(int i = 0) const { return pages_[static_cast<std::size_t>(i)].page; }
    int pages() const { return static_cast<int>(pages_.size()); }
    const AtlasStats& stats() const { return stats_; }

  private:
    struct Shelf {
        int page = 0, y = 0, height = 0, used = 0;
        long last_frame = 0;
        std::vector<std::string> keys;
    };
    struct Page {
        TextPage page;
        int next_y = 0;
    };
    struct Entry {
        RunSlot slot;
        int shelf = 0;
    };
    bool place(int w, int h, RunSlot& slot, int& shelf);
    bool evict_oldest_shelf();
    bool add_page();
    void reset();

    TextEngine& engine_;
    PageMaker make_page_;
    int max_pages_;
    std::vector<Page> pages_;
    std::unordered_map<std::string, Entry> entries_;
    std::vector<Shelf> shelves_;
    long frame_ = 1;
    bool redraw_ = false;
    AtlasStats stats_;
};

} // namespace deltag::widget
