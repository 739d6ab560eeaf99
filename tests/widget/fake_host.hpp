// A Host for headless tests: a clock the test sets, predictable keys, and a record of every
// request, page event and download, so the App's state machine runs without a browser.
#pragma once
#include "app.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace deltag::widget::test {

struct Request {
    int id;
    std::string method, url, headers, body;
};

class FakeHost : public Host {
public:
    std::int64_t now = 1'900'000'000'000; // ms; 2030-03-17
    int keys_made = 0;
    int frames_requested = 0;
    std::vector<Request> requests;
    std::vector<std::pair<std::string, std::string>> emitted;
    struct Download {
        std::string name, mime, content;
    };
    std::vector<Download> downloads;
    std::vector<std::string> warnings; // console notes for the page's developer
    std::vector<std::string> unavailable_reasons; // the App gave up: the page shows its fallback

    std::int64_t now_ms() override { return now; }
    std::string random_key() override {
        std::string n = std::to_string(++keys_made);
        return "key" + std::string(21 - n.size(), '0') + n; // 24 chars of [A-Za-z0-9]
    }
    void http(int id, const std::string& method, const std::string& url, const std::string& headers,
              const std::string& body) override {
        requests.push_back({id, method, url, headers, body});
    }
    std::string format_when(std::string_view start, std::string_view end, std::string_view lang) override {
        return std::string(lang) + ":" + std::string(start) + (end.empty() ? "" : "/" + std::string(end));
    }
    void request_frame() override { ++frames_requested; }
    void emit(const std::string& name, const std::string& detail) override { emitted.emplace_back(name, detail); }
    void download(const std::string& name, const std::string& mime, const std::string& content) override {
        downloads.push_back({name, mime, content});
    }
    void warn(const std::string& message) override { warnings.push_back(message); }
    void unavailable(const std::string& reason) override { unavailable_reasons.push_back(reason); }
    const Request& last() const { return requests.back(); }
    // The latest request of this method (any, if empty) whose URL contains url_part, or null: the
    // App may have other requests out at the same time (its catalog, a municipality list).
    const Request* latest(const std::string& method, const std::string& url_part) const {
        for (auto r = requests.rbegin(); r != requests.rend(); ++r)
            if ((method.empty() || r->method == method) && r->url.find(url_part) != std::string::npos) return &*r;
        return nullptr;
    }
};

} // namespace deltag::widget::test
