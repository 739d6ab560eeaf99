// Shelf packing with least-recently-used eviction by shelf: a shelf whose runs were all last used
// in an older frame is emptied whole (runs on a shelf share a height, so a new run of that
// height fits where the old ones were). A page is added only when nothing is old enough to go.
// Plain C++.
#include "run_atlas.hpp"

#include <algorithm>
#include <cmath>

namespace deltag::widget {

namespace {

constexpr int kGap = 1; // between runs: linear filtering never bleeds a neighbour's ink in

// Zero but the white block (a native page; a GL page is made so by the platform).
void blank(TextPage& p) {
    if (!p.pixels)
        return;
    std::fill(p.pixels, p.pixels + p.width * p.height, std::uint8_t{0});
    for (int y = 0; y < RunAtlas::kWhite; ++y)
        for (int x = 0; x < RunAtlas::kWhite; ++x)
            p.pixels[y * p.width + x] = 255;
}

} // namespace

RunAtlas::RunAtlas(TextEngine& engine, PageMaker make_page, int max_pages)
    : engine_(engine), make_page_(std::move(make_page)), max_pages_(std::max(1, max_pages)) {
    add_page();
}

bool RunAtlas::add_page() {
    if (static_cast<int>(pages_.size()) >= max_pages_)
        return false;
    Page p{make_page_(), kWhite + kGap};
    blank(p.page);
    pages_.push_back(p);
    stats_.pages = static_cast<int>(pages_.size());
    return true;
}

void RunAtlas::reset() {
    entries_.clear();
    shelves_.clear();
    for (Page& p : pages_) {
        p.next_y = kWhite + kGap;
        blank(p.page);
    }
    stats_.runs = 0;
}

void RunAtlas::clear() {
    reset();
}

bool RunAtlas::place(int w, int h, RunSlot& slot, int& shelf) {
    // The lowest shelf that fits the height without wasting more than a third of it.
    int best = -1;
    for (int i = 0; i < static_cast<int>(shelves_.size()); ++i) {
        const Shelf& s = shelves_[i];
        const int page_w = pages_[static_cast<std::size_t>(s.page)].page.width;
        if (s.height >= h && s.height <= h + h / 3 + 2 && s.used + w <= page_w &&
            (best < 0 || s.height < shelves_[best].height))
            best = i;
    }
    for (int p = 0; best < 0 && p < static_cast<int>(pages_.size()); ++p) {
        Page& page = pages_[static_cast<std::size_t>(p)];
        if (page.next_y + h > page.page.height || w > page.page.width)
            continue;
        shelves_.push_back(Shelf{p, page.next_y, h, 0, frame_, {}});
        page.next_y += h + kGap;
        best = static_cast<int>(shelves_.size()) - 1;
    }
    if (best < 0)
        return false;
    Shelf& s = shelves_[best];
    slot.page = s.page;
    slot.x = s.used;
    slot.y = s.y;
    s.used += w + kGap;
    shelf = best;
    return true;
}

bool RunAtlas::evict_oldest_shelf() {
    int oldest = -1;
    for (int i = 0; i < static_cast<int>(shelves_.size()); ++i) {
        const Shelf& s = shelves_[i];
        if (s.last_frame < frame_ && !s.keys.empty() &&
            (oldest < 0 || s.last_frame < shelves_[oldest].last_frame))
            oldest = i;
    }
    if (oldest < 0)
        return false;
    Shelf& s = shelves_[oldest];
    for (const std::string& k : s.keys)
        entries_.erase(k);
    stats_.runs -= static_cast<int>(s.keys.size());
    s.keys.clear();
    s.used = 0;
    ++stats_.evicted_shelves;
    return true;
}

const RunSlot* RunAtlas::get(std::string_view text, const TextStyle& style, float dpr) {
    std::string key = run_key(text, style, dpr);
    if (auto it = entries_.find(key); it != entries_.end()) {
        shelves_[it->second.shelf].last_frame = frame_;
        return &it->second.slot;
    }
    RunSlot slot;
    slot.dpr = dpr;
    slot.box = engine_.box(text, style, dpr);
    // A run wider than a page (a long line at a high device pixel ratio): rasterised smaller
    // and drawn at its size, slightly soft rather than cut.
    const int page_w = pages_.front().page.width, page_h = pages_.front().page.height;
    if (slot.box.width > page_w - kWhite) {
        slot.dpr =
            dpr * static_cast<float>(page_w - kWhite) / static_cast<float>(slot.box.width + 2);
        slot.box = engine_.box(text, style, slot.dpr);
    }
    const int w = std::max(1, slot.box.width), h = std::max(1, slot.box.height);
    if (h > page_h - kWhite - kGap || w > page_w)
        return nullptr;
    int shelf = 0;
    while (!place(w, h, slot, shelf)) {
        if (evict_oldest_shelf())
            continue;
        if (add_page())
            continue;
        // Every run on every page is this frame's: start over; the frame is drawn again.
        if (entries_.empty())
            return nullptr;
        reset();
        ++stats_.clears;
        redraw_ = true;
    }
    if (slot.box.width > 0 && slot.box.height > 0)
        engine_.rasterise(text, style, slot.dpr, slot.box,
                          pages_[static_cast<std::size_t>(slot.page)].page, slot.x, slot.y);
    ++stats_.rasterised;
    ++stats_.runs;
    shelves_[shelf].last_frame = frame_;
    shelves_[shelf].keys.push_back(key);
    auto [it, inserted] = entries_.emplace(std::move(key), Entry{slot, shelf});
    (void)inserted;
    return &it->second.slot;
}

} // namespace deltag::widget
