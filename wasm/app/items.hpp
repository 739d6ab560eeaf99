// The item list: what one frame shows, as data. The view model fills it (no rectangles), the
// ImGui renderer lays it out (rectangles), the page's DOM overlay mirrors it (bridge_protocol.md).
// Standard library only.
#pragma once
#include <string>
#include <vector>

namespace deltag::widget {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0; // CSS pixels from the canvas's top-left corner
};

enum class Role {
    heading, text, button, link, textbox, checkbox, radio, group, combobox, listbox, select, alert
};
const char* to_string(Role r);

// How the renderer draws an item; the DOM overlay ignores it.
enum class Look { normal, muted, small, card_title, emphasis, secondary, lang_choice };

struct ItemOption {
    std::string id;    // stable DOM id of the option ("o-org-se-0180")
    std::string value; // what _deltag_on_choose reports
    std::string label;
    bool selected = false;
    Rect rect;         // listbox options only
};

struct ItemLink {
    std::string target; // item id the link moves focus to
    std::string label;
    Rect rect;
};

struct Item {
    std::string id; // stable across frames: derived from event, session and field ids
    Role role = Role::text;
    std::string label;
    std::string value;
    std::string input_type;   // textbox: text, email, tel, date, textarea; number uses text + inputmode
    std::string inputmode;    // "decimal" for numbers
    std::string autocomplete;
    std::string help;
    std::string error;        // shown only after the field was left or a submit was tried
    std::string badge;        // e.g. "Sensitive personal data", shown next to the label
    std::string group;        // id of the enclosing group item
    std::string name;         // radio group name
    std::string options_id;   // combobox: id of its listbox
    std::string lang, dir;    // text in another language than the widget's
    std::string target;       // link: where it leads (item or screen), informative only
    int level = 0;            // heading level
    int max_length = 0;       // textbox: 0 = none
    bool required = false, invalid = false, sensitive = false, checked = false;
    bool disabled = false, expanded = false, pressed = false, busy = false, honeypot = false;
    bool has_checked = false; // checkbox/radio/pressed button: "checked"/"pressed" is meaningful
    std::vector<ItemOption> options;
    std::vector<ItemLink> links;
    Look look = Look::normal;
    Rect rect;
    // For the App only, never sent: what the item stands for.
    std::string action;       // buttons and links: "lang:sv", "open:<event>", "submit", ...
    std::string field_id;     // form items: the field they edit
    std::string option_value; // checkbox-group checkboxes and radios: their option
};

struct Status {
    std::string text;
    std::string politeness = "polite"; // or "assertive"
};

struct ViewModel {
    std::string lang;
    std::string dir = "ltr"; // of lang (deltag::text_direction): "rtl" mirrors the layout
    std::vector<Item> items;
    Status status;
    std::string focus; // item id the App wants to move focus to, or empty
    const Item* find(const std::string& id) const;
};

// The JSON sent to the page (bridge_protocol.md).
std::string to_json_text(const ViewModel& vm);

} // namespace deltag::widget
