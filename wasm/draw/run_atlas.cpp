// Shelf packing with least-recently-used eviction by shelf: a shelf whose runs were all last used
// in an older frame is emptied whole (runs on a shelf share a height, so a new run of that
// height fits where the old ones were). Plain C++.
#include "run_atlas.hpp"

#include <algorithm>
#include <cmath>

namespace deltag::widget {

namespace {

constexpr int kGap = 1; // between runs: linear filtering never bleeds a neighbour's ink in

} // namespace

RunAtlas::RunAtlas(TextEngine& engine, TextPage page) : engine_(engine), page_(page) {
    reset_shelves();
}

void RunAtlas::reset_shelves() {
    entries_.clear();
    shelves_.clear();
    next_y_ = kWhite + kGap;
    if (page_.pixels) {
        std::fill(page_.pixels, page_.pixels + page_.width * page_.height, std::uint8_t{0});
        for (int y = 0; y < kWhite; ++y)
            for (int x = 0; x < kWhite; ++x)
                page_.pixels[y * page_.width + x] = 255;
    }
}

void RunAtlas::clear() {
    reset_shelves();
    stats_.runs = 0;
}

bool RunAtlas::place(int w, int h, int& x, int& y, int& shelf) {
    // The lowest shelf that fits the height without wasting more than a third of it.
    int best = -1;
    for (int i = 0; i < static_cast<int>(shelves_.size()); ++i) {
        const Shelf& s = shelves_[i];
        if (s.height >= h && s.height <= h + h / 3 + 2 && s.used + w <= page_.width &&
            (best < 0 || s.height < shelves_[best].height))
            best = i;
    }
    if (best < 0 && next_y_ + h <= page_.height) {
        shelves_.push_back(Shelf{next_y_, h, 0, frame_, {}});
        next_y_ += h + kGap;
        best = static_cast<int>(shelves_.size()) - 1;
    }
    if (best < 0)
        return false;
    Shelf& s = shelves_[best];
    x = s.used;
    y = s.y;
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
    // A run wider than the page (a long line at a high device pixel ratio): rasterised smaller
    // and drawn at its size, slightly soft rather than cut.
    if (slot.box.width > page_.width - kWhite) {
        slot.dpr =
            dpr * static_cast<float>(page_.width - kWhite) / static_cast<float>(slot.box.width + 2);
        slot.box = engine_.box(text, style, slot.dpr);
    }
    const int w = std::max(1, slot.box.width), h = std::max(1, slot.box.height);
    if (h > page_.height - next_y_ && shelves_.empty())
        return nullptr;
    int shelf = 0;
    while (!place(w, h, slot.x, slot.y, shelf)) {
        if (evict_oldest_shelf())
            continue;
        // Every run on the page is this frame's: start over; the frame is drawn again.
        if (entries_.empty())
            return nullptr;
        reset_shelves();
        stats_.runs = 0;
        ++stats_.clears;
        redraw_ = true;
    }
    if (slot.box.width > 0 && slot.box.height > 0)
        engine_.rasterise(text, style, slot.dpr, slot.box, page_, slot.x, slot.y);
    ++stats_.rasterised;
    ++stats_.runs;
    shelves_[shelf].last_frame = frame_;
    shelves_[shelf].keys.push_back(key);
    auto [it, inserted] = entries_.emplace(std::move(key), Entry{slot, shelf});
    (void)inserted;
    return &it->second.slot;
}

} // namespace deltag::widget
