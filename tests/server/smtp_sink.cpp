// The SMTP sink and mail reader helpers (see smtp_sink.hpp).
#include "smtp_sink.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace deltag::testing {

namespace fs = std::filesystem;

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

namespace {

std::vector<std::string> lines_of(const std::string& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

template <class Done> bool eventually(Done done, std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

} // namespace

SmtpSink::SmtpSink(const std::vector<std::string>& options) {
    std::fflush(nullptr);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
        const std::string log = dir_.file("sink.log");
        if (!std::freopen(log.c_str(), "w", stdout) || !std::freopen(log.c_str(), "a", stderr)) _exit(127);
        std::string py = "/usr/bin/python3", script = std::string(DELTAG_MAIL_TOOLS) + "/smtp_sink.py";
        std::string folder = dir_.path();
        std::vector<std::string> args{py, script, folder};
        args.insert(args.end(), options.begin(), options.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(py.c_str(), argv.data());
        _exit(127);
    }
    for (int i = 0; i < 1000 && port_ < 0; ++i) {
        std::ifstream in(dir_.file("port"));
        int p = -1;
        if (in >> p) port_ = p;
        else std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (port_ < 0) FAIL("the SMTP sink did not start: " << file_text(dir_.file("sink.log")));
}

SmtpSink::~SmtpSink() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

void SmtpSink::script(const std::vector<std::string>& answers) {
    std::string text;
    for (const auto& a : answers) text += a + "\n";
    std::ofstream(dir_.file("script.new")) << text;
    fs::rename(dir_.file("script.new"), dir_.file("script"));
}

std::vector<std::string> SmtpSink::attempts() const { return lines_of(dir_.file("attempts")); }

std::vector<std::string> SmtpSink::mails() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_.path(), ec))
        if (e.path().extension() == ".eml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> SmtpSink::recipients() const {
    std::vector<std::string> out;
    for (const auto& m : mails()) out.push_back(file_text(m.substr(0, m.size() - 4) + ".rcpt"));
    return out;
}

std::vector<std::string> SmtpSink::sessions() const {
    std::vector<std::string> out;
    for (const auto& m : mails()) out.push_back(file_text(m.substr(0, m.size() - 4) + ".session"));
    return out;
}

std::vector<std::string> SmtpSink::logins() const { return lines_of(dir_.file("logins")); }

bool SmtpSink::wait_for_mails(std::size_t n, std::chrono::seconds limit) const {
    return eventually([&] { return mails().size() >= n; }, limit);
}

bool SmtpSink::wait_for_attempts(std::size_t n, std::chrono::seconds limit) const {
    return eventually([&] { return attempts().size() >= n; }, limit);
}

json read_mail(const std::string& eml_path) {
    const std::string cmd = "/usr/bin/python3 '" + std::string(DELTAG_MAIL_TOOLS) + "/read_mail.py' '" + eml_path + "' 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int status = pclose(p);
    CHECK_MESSAGE(status == 0, "read_mail.py failed: " << out);
    auto j = json::parse(out, nullptr, false);
    return j.is_discarded() ? json::object() : j;
}

} // namespace deltag::testing
