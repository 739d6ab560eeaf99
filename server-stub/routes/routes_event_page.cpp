// GET /e/{event}: the standalone page with the event's title and date as real HTML inside the
// widget's container (issue 13: the canvas alone gave Lighthouse no LCP, and a visitor waiting for
// the wasm saw only "Sign-up"). embed.js keeps that text as its placeholder until the widget
// draws. Each (page file, event, language) is rendered and compressed once, on first request.
#include "routes.hpp"

#include "encoding.hpp"

#include "deltag/catalog.hpp"
#include "deltag/mail.hpp"
#include "deltag/text.hpp"

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <sstream>

namespace deltag::server {

namespace {

// Where the page file says the event's text goes (web/standalone.html).
constexpr const char* kMarker = "<!--deltag:event-->";

// As standalone.js picks the page's language: ?lang=, then the browser's languages in their
// order (Accept-Language lists them so; Norwegian readers get Danish), then the event's own
// language, then Swedish. Only a language with a catalog counts.
std::string page_language(const httplib::Request& req, const Event& ev) {
    const auto known = [](std::string code) -> std::string {
        for (auto& c : code) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        code = code.substr(0, code.find('-'));
        if (code == "nb" || code == "nn" || code == "no") code = "da";
        for (const auto& lang : catalog_languages())
            if (lang == code) return code;
        return {};
    };
    if (req.get_param_value_count("lang") == 1)
        if (auto lang = known(req.get_param_value("lang")); !lang.empty()) return lang;
    std::istringstream accepted(req.get_header_value("Accept-Language"));
    for (std::string part; std::getline(accepted, part, ',');) {
        const auto begin = part.find_first_not_of(' ');
        if (begin == std::string::npos) continue;
        const auto end = part.find_first_of(" ;", begin);
        if (auto lang = known(part.substr(begin, end - begin)); !lang.empty()) return lang;
    }
    if (auto lang = known(ev.default_language); !lang.empty()) return lang;
    return "sv";
}

// The placeholder embed.js takes over: the classes and the heading level are its own.
std::string event_html(const Event& ev, const std::string& lang) {
    std::string html = "<div class=\"deltag-placeholder deltag-prerendered\" lang=\"" + lang +
                       "\"><h1 class=\"deltag-placeholder-title\">" + escape_html(pick(ev.title, lang)) + "</h1>";
    if (!ev.sessions.empty())
        html += "<p class=\"deltag-placeholder-text\">" + escape_html(session_when(lang, ev.sessions.front())) + "</p>";
    return html + "</div>";
}

struct PageFile {
    std::string path;
    struct stat st {};
};

// The first folder's standalone.html (dist's names the hashed files).
bool find_page(const std::vector<std::string>& dirs, PageFile& f) {
    for (const auto& dir : dirs) {
        f.path = dir + "/standalone.html";
        if (::stat(f.path.c_str(), &f.st) == 0 && S_ISREG(f.st.st_mode)) return true;
    }
    return false;
}

// Rendered pages by file identity (path, size, time: a rebuilt page renders anew), event and
// language. A handful of events times three languages: never pruned.
class RenderedPages {
public:
        // `ev` null: an event the server does not know, the page as it is (the widget says so).
    std::shared_ptr<const Variants> get(const PageFile& f, const Event* ev, const std::string& lang) {
        const std::string key = f.path + '|' + std::to_string(f.st.st_size) + '|' +
                                std::to_string(f.st.st_mtim.tv_sec) + '.' + std::to_string(f.st.st_mtim.tv_nsec) +
                                '|' + (ev ? ev->id : std::string()) + '|' + lang;
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = pages_.find(key); it != pages_.end()) return it->second;
        std::ifstream in(f.path, std::ios::binary);
        if (!in) return nullptr;
        std::ostringstream text;
        text << in.rdbuf();
        std::string page = text.str();
        const auto at = page.find(kMarker);
        if (at != std::string::npos) page.replace(at, std::char_traits<char>::length(kMarker), ev ? event_html(*ev, lang) : std::string());
        auto v = std::make_shared<const Variants>(make_variants(std::move(page)));
        pages_.emplace(key, v);
        return v;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const Variants>> pages_;
};

} // namespace

void add_event_page_route(httplib::Server& svr, Context& ctx, const std::vector<std::string>& dirs) {
    auto pages = std::make_shared<RenderedPages>();
    svr.Get(R"(/e/([a-z0-9-]{1,100})/?)", [&ctx, dirs, pages](const httplib::Request& req, httplib::Response& res) {
        PageFile f;
        const Event* ev = ctx.events.find(req.matches[1].str());
        if (!find_page(dirs, f)) {
            res.status = 404;
            return;
        }
        const std::string lang = ev ? page_language(req, *ev) : "";
        const auto v = pages->get(f, ev, lang);
        if (!v) {
            res.status = 404;
            return;
        }
        add_vary(res, "Accept-Language");
        send_variant(req, res, *v, "text/html; charset=utf-8", "no-cache");
    });
}

} // namespace deltag::server
