// The atlas's characters (GlyphSet, FontGlyphs: wasm/draw/render_imgui_fonts.cpp): the web platform's
// atlas holds only the characters of the screens shown, each size only those of the texts drawn
// at it, so every screen drawn with an atlas of its own characters must look exactly as with the
// whole font subset (no fallback glyph, same places).
#include "render_fixture.hpp"

#include "deltag/text.hpp"

#include <tuple>

using namespace deltag::widget;
using namespace deltag::widget::test;

namespace {

std::vector<std::pair<unsigned, unsigned>> pairs(const GlyphSet& g) {
    std::vector<std::pair<unsigned, unsigned>> out;
    for (const ImWchar* r = g.ranges(); r[0]; r += 2) out.emplace_back(r[0], r[1]);
    return out;
}

using Vertex = std::tuple<float, float, ImU32>; // position and colour: what the visitor sees

std::vector<Vertex> seen(const std::vector<ImDrawVert>& v) {
    std::vector<Vertex> out;
    for (const auto& p : v) out.emplace_back(p.pos.x, p.pos.y, p.col);
    return out;
}

// The screen laid out and drawn with an atlas of only its own characters (plus ASCII at the body
// sizes), and with the whole subset: the same vertices, so the small atlas lacks none of them.
void same_with_own_characters(const std::string& what, App& app) {
    const Theme theme = Theme::make("#005a9c", false);
    ViewModel vm = app.view();
    FontGlyphs own;
    own.add_texts(vm);
    RenderKit small(own);
    RenderKit& whole = RenderKit::get();
    for (float width : {320.0f, 1200.0f}) {
        ViewModel a = vm, b = vm;
        const Layout la = layout_items(a, width, small.fonts, theme);
        const Layout lb = layout_items(b, width, whole.fonts, theme);
        CHECK_MESSAGE(la.height == lb.height, what << " at " << width);
        const bool same = seen(small.draw(a, la, width, theme, DrawState{})) == seen(whole.draw(b, lb, width, theme, DrawState{}));
        CHECK_MESSAGE(same, what << " at " << width << " px draws differently with its own characters only");
    }
    CHECK_MESSAGE(small.atlas.TexHeight < whole.atlas.TexHeight, what << ": the small atlas is not smaller");
}

} // namespace

TEST_CASE("a glyph set starts with printable ASCII and adds only the subset's characters") {
    GlyphSet g;
    CHECK(pairs(g) == std::vector<std::pair<unsigned, unsigned>>{{0x20, 0x7E}});
    CHECK(g.has('a'));
    CHECK_FALSE(g.has(0xE5)); // å
    CHECK(g.add_text("Åre och Čáhcesuolu – ŋ"));
    CHECK(g.has(0xC5));
    CHECK(g.has(0x14B));
    CHECK(g.has(0x2013));
    CHECK_FALSE(g.add_text("Åre och Čáhcesuolu – ŋ")); // nothing new
    CHECK_FALSE(g.add_text("Москва 東京 🙂"));          // outside the subset: drawn as the fallback
    CHECK_FALSE(g.has(0x41C));
    // Neighbours merge into one range: Č (U+010C) and č (U+010D).
    CHECK(g.add_text("č"));
    CHECK(pairs(g) == std::vector<std::pair<unsigned, unsigned>>{
                          {0x20, 0x7E}, {0xC5, 0xC5}, {0xE1, 0xE1}, {0x10C, 0x10D}, {0x14B, 0x14B}, {0x2013, 0x2013}});
}

TEST_CASE("the whole subset is Latin-1, Latin Extended-A and the punctuation the font has") {
    const GlyphSet g = GlyphSet::whole_subset();
    for (unsigned c : {0x20u, 0xE5u, 0xFFu, 0x100u, 0x17Fu, 0x2013u, 0x201Du, 0x2026u, 0x20ACu, 0x2192u}) CHECK(g.has(c));
    CHECK_FALSE(g.has(0x180));
    CHECK_FALSE(g.has(0x2193));
}

TEST_CASE("the font glyphs take each text's characters into the sets of the sizes it is drawn at") {
    ViewModel vm;
    Item it;
    it.label = "ä";
    it.value = "ö";
    it.help = "é";
    it.error = "ø";
    it.badge = "æ";
    ItemOption option;
    option.label = "ŋ";
    it.options.push_back(option);
    ItemLink link;
    link.label = "š";
    it.links.push_back(link);
    vm.items.push_back(it);
    Item page_heading;
    page_heading.role = Role::heading;
    page_heading.level = 2;
    page_heading.label = "Åre";
    vm.items.push_back(page_heading);
    Item section;
    section.role = Role::heading;
    section.level = 3;
    section.label = "Čáhci";
    vm.items.push_back(section);
    Item event_title;
    event_title.role = Role::link;
    event_title.look = Look::card_title;
    event_title.label = "Đ";
    vm.items.push_back(event_title);

    FontGlyphs g;
    CHECK_FALSE(g.h2.has('A'));
    CHECK(g.h2.has(' '));
    CHECK(g.h2.has('?')); // ImGui's fallback glyph
    CHECK(g.add_texts(vm));
    for (unsigned c : {0xE4u, 0xF6u, 0xE9u, 0xF8u, 0xE6u, 0x14Bu, 0x161u}) CHECK(g.text.has(c));
    CHECK(g.h2.has(0xC5));
    CHECK(g.h2.has('r'));
    CHECK_FALSE(g.h2.has('h'));
    CHECK(g.h3.has(0x10C));
    CHECK(g.h3.has(0x110));
    CHECK_FALSE(g.h3.has(0xC5));
    CHECK_FALSE(g.text.has(0xC5)); // headings' characters stay at their sizes
    CHECK_FALSE(g.add_texts(vm));
}

TEST_CASE("every demo screen draws the same with an atlas of only its own characters") {
    for (const char* lang : {"sv", "da", "en"}) same_with_own_characters(std::string("the list in ") + lang, at_list(lang)->app);
    for (const auto& e : demo_events()) {
        same_with_own_characters(e.event.id + " event page", at_event(e)->app);
        same_with_own_characters(e.event.id + " form", at_form(e)->app);
        same_with_own_characters(e.event.id + " form with errors", at_form_errors(e)->app);
        same_with_own_characters(e.event.id + " confirmed", at_result(e, "confirmed")->app);
    }
}

TEST_CASE("a glyph set of every other character of the subset keeps all its ranges") {
    const GlyphSet whole = GlyphSet::whole_subset();
    CHECK(pairs(whole) == std::vector<std::pair<unsigned, unsigned>>{
                              {0x20, 0x17F}, {0x2010, 0x2027}, {0x2030, 0x203A}, {0x20AC, 0x20AC}, {0x2122, 0x2122}, {0x2192, 0x2192}});
    GlyphSet sparse;
    std::string text;
    for (unsigned c = 0xA0; c <= 0x2192; c += 2)
        if (whole.has(c)) deltag::append_utf8(text, c);
    CHECK(sparse.add_text(text));
    const auto got = pairs(sparse);
    REQUIRE(got.size() > 120); // ASCII, then one range per character
    for (std::size_t i = 1; i < got.size(); ++i) CHECK(got[i].first == got[i].second);
    CHECK(got.back() == std::pair<unsigned, unsigned>{0x2192, 0x2192});
}
