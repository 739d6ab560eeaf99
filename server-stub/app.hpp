// The assembled server: store, events, routes, hardening and the retention timer.
// main.cpp and the tests both run it; the tests give it their own clock.
#pragma once
#include "context.hpp"
#include "reception.hpp"
#include "mail_sender.hpp"

#include <condition_variable>
#include <memory>
#include <string>
#include <thread>
#include <variant>

namespace deltag::server {

class App {
public:
    using Log = std::function<void(const std::string&)>;
    // Loads the events, opens the database, purges what retention says, sets up routes.
    // On failure: a message for the operator (naming the file and field for bad events).
    static std::variant<std::unique_ptr<App>, std::string> create(Options options, Clock clock, Log log);
    ~App();

    int bind();      // the port, or -1 (with --port 0 a free one is picked)
    void run();      // blocks until stop(); a stop() before run() makes it return at once
    void stop();     // from any thread
    int port() const { return port_; }
    bool running() const { return reception_ && reception_->running(); }
    const ReceptionStats* reception_stats() const { return reception_ ? &reception_->stats() : nullptr; }
    Context& context() { return *ctx_; }
    httplib::Server& http() { return *svr_; } // tests add probe routes before run()
    MailSender& mail() { return *mail_; }

private:
    App() = default;
    void setup_routes();
    void purge_daily();
    void remove_purged_mail_files();

    std::unique_ptr<Store> store_;
    std::unique_ptr<MailSender> mail_;
    std::unique_ptr<Context> ctx_;
    std::unique_ptr<httplib::Server> svr_;
    std::unique_ptr<httplib::ThreadPool> workers_;
    std::unique_ptr<Reception> reception_; // destroyed before the workers: none is left by then
    int port_ = -1;
    std::mutex purge_mutex_;
    std::condition_variable purge_wake_;
    bool stopping_ = false;
    std::thread purge_thread_;
};

// System time in Unix seconds.
UnixTime system_now();

} // namespace deltag::server
