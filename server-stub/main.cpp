// deltag-server: options, open the database, routes, listen. SIGTERM and SIGINT stop the
// server cleanly (the writer finishes its batch, the database is closed).
#include "app.hpp"

#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <pthread.h>

using namespace deltag::server;

namespace {

std::mutex log_mutex;

void log_line(const std::string& line) {
    std::time_t t = std::time(nullptr);
    char stamp[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::lock_guard<std::mutex> lock(log_mutex);
    std::fprintf(stderr, "%s %s\n", stamp, line.c_str());
}

} // namespace

int main(int argc, char** argv) {
    auto parsed = parse_options(argc, argv);
    if (auto* err = std::get_if<std::string>(&parsed)) {
        std::fprintf(stderr, "deltag-server: %s\n%s", err->c_str(), usage());
        return 2;
    }
    const Options& options = std::get<Options>(parsed);
    if (options.help) {
        std::fputs(usage(), stdout);
        return 0;
    }
    if (auto problem = mail_delivery_problem(options)) {
        std::fprintf(stderr, "deltag-server: %s\n%s", problem->c_str(), usage());
        return 2;
    }

    // Signals go to one thread that waits for them; every other thread (started below) has
    // them blocked, so no handler runs in the middle of a request.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    auto created = App::create(options, system_now, log_line);
    if (auto* err = std::get_if<std::string>(&created)) {
        std::fprintf(stderr, "deltag-server: %s\n", err->c_str());
        return 1;
    }
    auto& app = *std::get<std::unique_ptr<App>>(created);
    const int port = app.bind();
    if (port < 0) {
        std::fprintf(stderr, "deltag-server: cannot listen on %s:%d\n", options.host.c_str(), options.port);
        return 1;
    }

    std::thread signal_waiter([&app, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGTERM || sig == SIGINT) app.stop();
    });

    std::printf("Deltag listening on http://%s:%d/\n", options.host.c_str(), port);
    std::fflush(stdout);
    app.run();
    log_line("shutting down");
    // If run() ended for another reason, wake the waiter so it can be joined.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    return 0;
}
