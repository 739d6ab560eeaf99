// GET /demo-mail/ and /demo-mail/<file>.eml: the mails the demo would have sent (the mail
// folder, when there is no SMTP relay), newest first. Only with --demo: the files hold
// everyone's manage links.
#include "routes.hpp"

#include "mail_transport.hpp"

#include "deltag/catalog.hpp"
#include "deltag/mail.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace deltag::server {

namespace {

std::vector<std::string> mail_files(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (mail_file_id(name) >= 0) names.push_back(name);
    }
    std::sort(names.rbegin(), names.rend());
    return names;
}

void list_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string lang = negotiate_language(req.get_header_value("Accept-Language"));
    const auto names = mail_files(ctx.options.mail_dir);
    std::string h = "<!doctype html>\n<html lang=\"" + lang + "\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    escape_html(mail_text(lang, "mail.demo.title")) + "</title>\n</head>\n<body>\n<main>\n<h1>" +
                    escape_html(mail_text(lang, "mail.demo.title")) + "</h1>\n<p>" +
                    escape_html(mail_text(lang, "mail.demo.intro")) + "</p>\n";
    if (names.empty()) {
        h += "<p>" + escape_html(mail_text(lang, "mail.demo.empty")) + "</p>\n";
    } else {
        h += "<ol reversed>\n";
        for (const std::string& n : names) h += "<li><a href=\"/demo-mail/" + escape_html(n) + "\">" + escape_html(n) + "</a></li>\n";
        h += "</ol>\n";
    }
    h += "</main>\n</body>\n</html>\n";
    res.set_header("Cache-Control", "no-store");
    res.set_content(h, "text/html; charset=utf-8");
}

void one_mail(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1].str();
    if (mail_file_id(name) < 0) return send_error(res, 404, "not_found");
    std::ifstream in(ctx.options.mail_dir + "/" + name, std::ios::binary);
    if (!in) return send_error(res, 404, "not_found");
    std::stringstream ss;
    ss << in.rdbuf();
    res.set_header("Cache-Control", "no-store");
    // Shown as text: the demo's reader sees the headers, both parts and the calendar file.
    res.set_content(ss.str(), "text/plain; charset=utf-8");
}

} // namespace

void add_mail_demo_routes(httplib::Server& svr, Context& ctx) {
    svr.Get("/demo-mail/", [&ctx](const httplib::Request& req, httplib::Response& res) { list_page(ctx, req, res); });
    svr.Get(R"(/demo-mail/([0-9a-z_-]{1,80}\.eml))",
            [&ctx](const httplib::Request& req, httplib::Response& res) { one_mail(ctx, req, res); });
}

} // namespace deltag::server
