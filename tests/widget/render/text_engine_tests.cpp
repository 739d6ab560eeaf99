// The text engine behind the renderer (wasm/draw/text_*.cpp, run_atlas.cpp) with the native
// rasteriser: runs measured whole, bidi controls skipped, lines broken by words (and between
// characters for a script without spaces), and the run atlas's reuse and eviction.
#include "render_fixture.hpp"

#include "deltag/text.hpp"

#include <set>

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

// The names of issue 12's acceptance: every script the widget must draw.
const char* const kNames[] = {
    "Олена Шевченко", "Nguyễn Thị Minh Khai", "Ελένη Παπαδοπούλου", "王芳", "محمد الأحمد",
    "ייִדיש",          "Ǥǥ Ʒʒ Áile Ŋuolja"};

// Ink in the page inside a slot's box, summed.
long ink(const RunAtlas& atlas, const RunSlot& s) {
    long sum = 0;
    const TextPage& p = atlas.page(s.page);
    for (int y = s.y; y < s.y + s.box.height; ++y)
        for (int x = s.x; x < s.x + s.box.width; ++x)
            sum += p.pixels[y * p.width + x];
    return sum;
}

} // namespace

TEST_CASE("the native engine skips bidi isolation and marks instead of drawing them") {
    RenderKit& kit = RenderKit::get();
    TextStyle st;
    const std::string plain = "Anna Ŋuolja";
    const std::string isolated = "\u2068Anna\u2069 \u200EŊuolja\u200F";
    CHECK(kit.engine.measure(isolated, st) == kit.engine.measure(plain, st));
    const RunBox a = kit.engine.box(plain, st, 2), b = kit.engine.box(isolated, st, 2);
    CHECK(a.width == b.width);
    CHECK(a.height == b.height);
    kit.atlas.begin_frame();
    const RunSlot* pa = kit.atlas.get(plain, st, 1);
    const RunSlot* pb = kit.atlas.get(isolated, st, 1);
    REQUIRE(pa);
    REQUIRE(pb);
    CHECK(ink(kit.atlas, *pa) == ink(kit.atlas, *pb));
    CHECK(is_bidi_control(0x2066));
    CHECK(is_bidi_control(0x2069));
    CHECK_FALSE(is_bidi_control(0x05D0));
}

TEST_CASE("every acceptance name but the Chinese one has its glyphs in DejaVu Sans and draws ink") {
    RenderKit& kit = RenderKit::get();
    kit.atlas.begin_frame();
    for (const char* name : kNames) {
        const std::string s = name;
        CAPTURE(s);
        if (s != "王芳") {
            for (std::size_t i = 0; i < s.size();) {
                const auto c = deltag::next_code_point(s, i);
                REQUIRE(c);
                if (*c != ' ')
                    CHECK_MESSAGE(kit.engine.glyph(*c) != 0,
                                  "U+" << std::hex << static_cast<unsigned>(*c));
            }
        }
        const RunSlot* slot = kit.atlas.get(s, TextStyle{}, 1);
        REQUIRE(slot);
        CHECK(ink(kit.atlas, *slot) > 0);
        CHECK(kit.engine.measure(s, TextStyle{}) > 10);
    }
}

TEST_CASE(
    "lines break between words measured whole, and a script without spaces between characters") {
    const TextContext& t = RenderKit::get().text;
    const std::string words = "Anmälan till webbinariet om nationella minoriteter stänger fredag";
    const auto lines = wrap_lines(t, 16, words, 150);
    REQUIRE(lines.size() >= 3);
    std::string joined;
    for (const Line& l : lines) {
        CHECK(t.measure(l.view(), 16) <= 150);
        CHECK(l.view().front() != ' ');
        CHECK(l.view().back() != ' ');
        joined += (joined.empty() ? "" : " ") + std::string(l.view());
    }
    CHECK(joined == words);

    const std::string han = "王芳王芳王芳王芳王芳王芳王芳王芳王芳王芳";
    const auto cut = wrap_lines(t, 16, han, 70);
    REQUIRE(cut.size() >= 3);
    std::string again;
    for (const Line& l : cut) {
        CHECK(t.measure(l.view(), 16) <= 70);
        CHECK(deltag::is_valid_utf8(l.view()));
        again += std::string(l.view());
    }
    CHECK(again == han);

    // A Yiddish point stays with its letter when a word is cut: no line starts with a mark.
    const std::string yi = "ייִדישייִדישייִדישייִדישייִדישייִדיש";
    for (const Line& l : wrap_lines(t, 16, yi, 40)) {
        std::size_t i = 0;
        const auto first = deltag::next_code_point(l.view(), i);
        REQUIRE(first);
        CHECK_FALSE((*first >= 0x0591 && *first <= 0x05C7));
    }
}

TEST_CASE("letter and word spacing widen a run by the spacing times its characters and spaces") {
    RenderKit& kit = RenderKit::get();
    TextStyle plain, spaced;
    spaced.letter_spacing = 2;
    spaced.word_spacing = 3;
    const std::string s = "Anna Berg"; // 9 characters, 1 space
    CHECK(kit.engine.measure(s, spaced) ==
          doctest::Approx(kit.engine.measure(s, plain) + 9 * 2 + 3).epsilon(0.001));
}

TEST_CASE(
    "the run atlas reuses runs, evicts the least recently used shelf and keeps this frame's runs") {
    RenderKit& kit = RenderKit::get();
    MemoryPages pages{256, 64, {}};
    RunAtlas atlas(kit.engine, [&pages] { return pages(); }, 1);
    CHECK(pages.pixels.front()[0] == 255); // the white block ImGui's shapes sample

    atlas.begin_frame();
    const RunSlot* first = atlas.get("Anna", TextStyle{}, 1);
    REQUIRE(first);
    const RunSlot copy = *first;
    CHECK(atlas.get("Anna", TextStyle{}, 1) == first);
    CHECK(atlas.stats().rasterised == 1);

    // Typing: a new run every frame, far more than the page holds.
    for (int i = 0; i < 200; ++i) {
        atlas.begin_frame();
        const std::string typed = "Anna Berg " + std::to_string(i);
        const RunSlot* s = atlas.get(typed, TextStyle{}, 1);
        REQUIRE(s);
        CHECK(ink(atlas, *s) > 0);
    }
    CHECK(atlas.stats().evicted_shelves > 0);
    CHECK(atlas.stats().clears == 0);
    CHECK_FALSE(atlas.take_redraw());

    // One frame asking for more than fits: the page starts over and asks for a redraw.
    atlas.begin_frame();
    bool all = true;
    for (int i = 0; i < 60; ++i)
        all = all && atlas.get("Sammanfattning " + std::to_string(i), TextStyle{}, 1) != nullptr;
    CHECK(all);
    CHECK(atlas.stats().clears >= 1);
    CHECK(atlas.take_redraw());
    CHECK_FALSE(atlas.take_redraw());
    (void)copy;
}

TEST_CASE("the run atlas adds a page when a frame's runs fill the ones it has, up to its limit") {
    RenderKit& kit = RenderKit::get();
    MemoryPages pages{256, 64, {}};
    RunAtlas atlas(kit.engine, [&pages] { return pages(); }, 3);
    atlas.begin_frame();
    std::vector<const RunSlot*> slots;
    for (int i = 0; i < 18; ++i) slots.push_back(atlas.get("Plats " + std::to_string(i), TextStyle{}, 1));
    CHECK(atlas.pages() > 1);
    CHECK(atlas.pages() <= 3);
    CHECK(atlas.stats().clears == 0);
    CHECK_FALSE(atlas.take_redraw());
    for (const RunSlot* s : slots) {
        REQUIRE(s);
        CHECK(ink(atlas, *s) > 0);
        CHECK(atlas.page(s->page).texture == static_cast<unsigned>(s->page + 1));
    }
    // Drawn, each run's quad names its page's texture.
    ImDrawList dl(&kit.shared);
    dl._ResetForNewFrame();
    dl.PushTextureID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)));
    dl.PushClipRect(ImVec2(0, 0), ImVec2(1000, 1000));
    TextContext t = kit.text;
    t.atlas = &atlas;
    for (int i = 0; i < 18; ++i) draw_text(dl, t, 0, 20.0f * i, 16, IM_COL32_BLACK, "Plats " + std::to_string(i));
    std::set<std::intptr_t> used;
    for (const ImDrawCmd& c : dl.CmdBuffer)
        if (c.ElemCount) used.insert(reinterpret_cast<std::intptr_t>(c.TextureId));
    CHECK(static_cast<int>(used.size()) == atlas.pages());
}

TEST_CASE("an isolate cut by a line break is closed on its first line and opened again on the next") {
    const std::string fsi = "\xE2\x81\xA8", pdi = "\xE2\x81\xA9";
    const std::string s = "for: " + fsi + "chefer och press." + pdi + " end";
    const char* b = s.data();
    const std::size_t cut = s.find("och");
    const std::vector<Line> lines{{b, b + cut}, {b + cut, b + s.size()}};
    const auto runs = line_runs(lines);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0] == "for: " + fsi + "chefer " + pdi);
    CHECK(runs[1] == fsi + "och press." + pdi + " end");
    CHECK(line_run(lines, runs, 1) == runs[1]);
    // Balanced lines are drawn as they are: nothing copied, each line's view is its run.
    const std::vector<Line> whole{{b, b + s.size()}};
    CHECK(line_runs(whole).empty());
    CHECK(line_run(whole, line_runs(whole), 0) == s);
}
