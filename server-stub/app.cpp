// Wires the server together: hardening (pre-routing checks, CORS, rate limit, timeouts,
// payload limit, JSON errors, exception handler), the routes, the reception that owns the
// sockets, and the retention timer.
#include "app.hpp"

#include "memory_stream.hpp"
#include "mail_outbox.hpp"
#include "routes.hpp"
#include "secrets.hpp"

#include "deltag/registration.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace deltag::server {

namespace {

// cpp-httplib 0.11.4 gives every connection a worker from bind to close, with timeouts per
// read: 300 clients trickling one header byte a second hold every worker for as long as they
// like (issue 15). So httplib only binds and parses: the reception (reception.hpp) owns the
// sockets and hands this class whole requests, which it answers in memory with httplib's own
// parser and routing (process_request), never waiting on a client.
class Server : public httplib::Server {
public:
    // The bound listening socket, no longer httplib's to accept on or close. It stays named in
    // svr_sock_: httplib's content providers (the precompressed answers, encoding.hpp) write
    // only while svr_sock_ is valid, its test for "shutting down"; with INVALID_SOCKET they
    // wrote nothing after the headers and every such answer hung until the client gave up.
    // httplib never accepts on it or closes it: listen_after_bind() is never called, and its
    // stop() acts only on a running server.
    int take_listener() {
        const int sock = svr_sock_.load();
        // httplib listens with a backlog of 5; a rush of hundreds of simultaneous sign-ups
        // would wait for SYN retries.
        if (sock != INVALID_SOCKET) ::listen(sock, 1024);
        return sock;
    }
    Outgoing answer(const Incoming& in) {
        Outgoing out;
        MemoryStream stream(in.bytes, out.bytes, in.client_ip, in.client_port, in.local_ip, in.local_port);
        bool closed = false;
        // false: not even an error answer could be made (the request line was unreadable).
        const bool ok = process_request(stream, in.last, closed, nullptr);
        out.close = !ok || closed || in.last;
        if (out.bytes.empty()) out.bytes = refusal_answer(400, "payload.malformed");
        return out;
    }
};

std::variant<std::string, std::string> read_admin_token(const Options& o) {
    std::string token;
    if (!o.admin_token_file.empty()) {
        std::ifstream in(o.admin_token_file, std::ios::binary);
        if (!in) return std::variant<std::string, std::string>(std::in_place_index<1>, o.admin_token_file + ": cannot read the admin token file");
        std::stringstream ss;
        ss << in.rdbuf();
        token = ss.str();
    } else if (const char* env = std::getenv("DELTAG_ADMIN_TOKEN")) {
        token = env;
    }
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (!token.empty() && (token.size() < 16 || !is_bearer("Bearer " + token)))
        return std::variant<std::string, std::string>(
            std::in_place_index<1>, "the admin token must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + / =");
    return std::variant<std::string, std::string>(std::in_place_index<0>, token);
}

// The installation's secret: read from its file, or made there (owner only) on first start.
// Every node of an installation must be given the same file.
std::variant<std::string, std::string> read_install_secret(const Options& o) {
    using Result = std::variant<std::string, std::string>;
    auto where = secret_file_path(o, std::getenv("DELTAG_SECRET_FILE"));
    if (auto* err = std::get_if<std::string>(&where)) return Result(std::in_place_index<1>, *err);
    const std::string path = std::get<SecretPath>(where).path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (!std::get<SecretPath>(where).made_on_first_start)
            return Result(std::in_place_index<1>, path + ": cannot read the secret file");
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return Result(std::in_place_index<1>, path + ": cannot create the secret file");
        const std::string made = new_install_secret();
        const bool written = ::write(fd, made.data(), made.size()) == static_cast<ssize_t>(made.size());
        ::close(fd);
        if (!written) return Result(std::in_place_index<1>, path + ": cannot write the secret file");
        return Result(std::in_place_index<0>, made);
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string secret = ss.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
    if (secret.size() < 32) return Result(std::in_place_index<1>, path + ": the secret must be at least 32 characters");
    return Result(std::in_place_index<0>, secret);
}

// Keep-alive as announced and enforced; 5 s matches what httplib has always announced.
constexpr int keep_alive_seconds = 5;
constexpr std::size_t keep_alive_max = 1000;
// Request line and header fields: larger than httplib's 8 KiB URI limit, so its 414 still
// answers a long URI; anything larger is refused (431) before a worker sees it.
constexpr std::size_t request_header_max_bytes = 32 * 1024;

// The relay's login from a file holding "user:password" (kept out of the process list).
std::variant<SmtpSettings, std::string> smtp_settings(const Options& o) {
    SmtpSettings s;
    s.url = o.smtp_url;
    s.require_tls = o.smtp_require_tls;
    s.ca_file = o.smtp_ca_file;
    if (o.smtp_auth_file.empty()) return s;
    std::ifstream in(o.smtp_auth_file, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) return o.smtp_auth_file + ": cannot read the SMTP login file";
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return o.smtp_auth_file + ": the file must hold user:password";
    s.user = line.substr(0, colon);
    s.password = line.substr(colon + 1);
    return s;
}

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/healthz"; }

const char* code_for_status(int status) {
    switch (status) {
    case 400: return "payload.malformed";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload.too_large";
    case 414: return "request.uri_too_long";
    case 416: return "request.range_not_satisfiable";
    default: return status >= 500 ? "internal.error" : "request.invalid";
    }
}

} // namespace

UnixTime system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::variant<std::unique_ptr<App>, std::string> App::create(Options options, Clock clock, Log log) {
    std::unique_ptr<App> app(new App());
    auto token = read_admin_token(options);
    if (token.index() == 1) return std::get<1>(token);

    auto events = EventCatalog::load(options.events_dir, options.demo, clock());
    if (auto* err = std::get_if<std::string>(&events)) return *err;

    if (!is_postgresql_url(options.db_path)) {
        const auto parent = std::filesystem::path(options.db_path).parent_path();
        std::error_code ec;
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        // Personal data: owner only, set before SQLite opens it, because SQLite gives the -wal
        // and -shm files the database file's mode when it creates them.
        if (const int fd = ::open(options.db_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
        std::filesystem::permissions(options.db_path,
                                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace, ec);
    }
    auto secret = read_install_secret(options);
    if (secret.index() == 1) return std::get<1>(secret);
    auto store = Store::open(options.db_path, clock);
    if (auto* e = std::get_if<DbError>(&store)) return db_label(options.db_path) + ": " + e->message;
    app->store_ = std::move(std::get<std::unique_ptr<Store>>(store));

    app->ctx_ = std::make_unique<Context>();
    Context& ctx = *app->ctx_;
    ctx.events = std::move(std::get<EventCatalog>(events));
    ctx.store = app->store_.get();
    ctx.clock = std::move(clock);
    ctx.limiter.set_per_minute(options.rate_limit_per_min);
    ctx.cors = Cors(options.allow_origins);
    ctx.admin_token = std::get<0>(token);
    ctx.install_secret = std::get<0>(secret);
    ctx.log = std::move(log);
    ctx.options = std::move(options);
    if (ctx.options.mail_dir.empty()) {
        // Beside the database file; PostgreSQL has none, so beside the installation's secret.
        const char* env_secret = std::getenv("DELTAG_SECRET_FILE");
        const std::string secret_path = !ctx.options.secret_file.empty() ? ctx.options.secret_file
                                        : env_secret                     ? std::string(env_secret)
                                                                         : std::string();
        ctx.options.mail_dir =
            (is_postgresql_url(ctx.options.db_path) ? secret_path : ctx.options.db_path) + ".mail";
    }

    std::unique_ptr<MailTransport> transport;
    if (!ctx.options.smtp_url.empty()) {
        auto smtp = smtp_settings(ctx.options);
        if (auto* err = std::get_if<std::string>(&smtp)) return *err;
        transport = make_smtp_transport(std::get<SmtpSettings>(smtp));
    } else {
        transport = make_folder_transport(ctx.options.mail_dir);
    }
    MailSenderSettings mail;
    mail.from = ctx.options.mail_from.empty() ? "Deltag <deltag@localhost>" : ctx.options.mail_from;
    mail.public_url = ctx.options.public_url;
    mail.install_secret = ctx.install_secret;
    mail.lease_seconds = ctx.options.mail_lease_seconds;
    app->mail_ = std::make_unique<MailSender>(*app->store_, ctx.events, ctx.clock, std::move(transport), mail, ctx.log);
    ctx.mail = app->mail_.get();

    auto purged = app->store_->purge(ctx.events);
    if (auto* e = std::get_if<DbError>(&purged)) return "retention purge failed: " + e->message;
    if (std::get<int>(purged) > 0)
        ctx.log("retention: deleted " + std::to_string(std::get<int>(purged)) + " registrations");
    app->remove_purged_mail_files();

    app->setup_routes();
    return app;
}

void App::setup_routes() {
    Context& ctx = *ctx_;
    auto svr = std::make_unique<Server>();
    svr->set_payload_max_length(max_payload_bytes);
    // What httplib announces in its Keep-Alive header; the reception enforces both.
    svr->set_keep_alive_timeout(keep_alive_seconds);
    svr->set_keep_alive_max_count(keep_alive_max); // the library's default of 5 makes clients reconnect constantly

    svr->set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
        using R = httplib::Server::HandlerResponse;
        if (!is_api(req.path)) return R::Unhandled;
        const auto origin = read_header(req, "Origin", is_origin);
        if (origin.state == HeaderState::invalid) {
            send_error(res, 400, "payload.bad_header");
            return R::Handled;
        }
        const std::string* allowed = origin.state == HeaderState::ok ? ctx.cors.match(origin.value) : nullptr;
        if (allowed) {
            res.set_header("Access-Control-Allow-Origin", *allowed);
            res.set_header("Vary", "Origin");
        }
        if (req.method == "OPTIONS" || (req.method == "POST" && origin.state == HeaderState::ok && !allowed)) {
            if (!allowed) {
                send_error(res, 403, "cors.origin_not_allowed");
                return R::Handled;
            }
            if (req.method == "OPTIONS") {
                res.status = 204;
                res.set_header("Access-Control-Allow-Methods", "GET, POST");
                res.set_header("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key");
                res.set_header("Access-Control-Max-Age", "600");
                return R::Handled;
            }
        }
        if (req.path != "/healthz" && req.path != "/api/v1/healthz") {
            if (int wait = ctx.limiter.take(req.remote_addr); wait > 0) {
                res.set_header("Retry-After", std::to_string(wait));
                send_error(res, 429, "rate_limited");
                return R::Handled;
            }
        }
        return R::Unhandled;
    });

    svr->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        send_error(res, res.status, code_for_status(res.status));
        return httplib::Server::HandlerResponse::Handled;
    }));
    svr->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, 500, "internal.error");
    });
    if (!ctx.options.quiet) {
        svr->set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
            ctx.log(req.method + " " + loggable_path(req.path) + " " + std::to_string(res.status));
        });
    }

    add_event_routes(*svr, ctx);
    add_reference_routes(*svr);
    add_registration_routes(*svr, ctx);
    add_admin_routes(*svr, ctx);
    add_manage_routes(*svr, ctx);
    add_staff_routes(*svr, ctx);
    if (ctx.options.demo && ctx.options.smtp_url.empty()) add_mail_demo_routes(*svr, ctx);
    std::string problem;
    if (!add_static_routes(*svr, ctx.options.static_dirs, problem)) ctx.log(problem);
    svr_ = std::move(svr);
}

int App::bind() {
    Context& ctx = *ctx_;
    port_ = ctx.options.port == 0 ? svr_->bind_to_any_port(ctx.options.host)
                                  : (svr_->bind_to_port(ctx.options.host, ctx.options.port) ? ctx.options.port : -1);
    if (port_ < 0) return -1;
    if (ctx.options.public_url.empty()) {
        const std::string host = ctx.options.host == "0.0.0.0" || ctx.options.host.empty() ? "127.0.0.1" : ctx.options.host;
        mail_->set_public_url("http://" + host + ":" + std::to_string(port_));
    }
    // The widget served by this server posts from these origins.
    ctx.cors.add("http://127.0.0.1:" + std::to_string(port_));
    ctx.cors.add("http://localhost:" + std::to_string(port_));

    ReceptionLimits limits;
    limits.request_timeout = std::chrono::seconds(ctx.options.request_timeout_s);
    limits.idle_timeout = std::chrono::seconds(keep_alive_seconds);
    limits.per_address = ctx.options.max_conns_per_address;
    limits.keep_alive_max = keep_alive_max;
    limits.framing = {request_header_max_bytes, max_payload_bytes};
    limits.trusted_proxies = ctx.options.trusted_proxies;
    auto& server = static_cast<Server&>(*svr_);
    reception_ = std::make_unique<Reception>(
        server.take_listener(), std::move(limits), [&server](const Incoming& in) { return server.answer(in); },
        [this](std::function<void()> job) { workers_->enqueue(std::move(job)); }, ctx.log);
    return port_;
}

void App::run() {
    purge_thread_ = std::thread([this] { purge_daily(); });
    if (!reception_) return;
    mail_->start();
    workers_ = std::make_unique<httplib::ThreadPool>(static_cast<std::size_t>(ctx_->options.threads));
    reception_->run();
    // Requests already handed over are answered into the void; then no job is left.
    workers_->shutdown();
}

void App::stop() {
    {
        std::lock_guard<std::mutex> lock(purge_mutex_);
        stopping_ = true;
    }
    purge_wake_.notify_all();
    if (reception_) reception_->stop();
}

void App::purge_daily() {
    std::unique_lock<std::mutex> lock(purge_mutex_);
    while (!purge_wake_.wait_for(lock, std::chrono::hours(24), [this] { return stopping_; })) {
        lock.unlock();
        auto purged = store_->purge(ctx_->events);
        if (auto* n = std::get_if<int>(&purged); n && *n > 0)
            ctx_->log("retention: deleted " + std::to_string(*n) + " registrations");
        remove_purged_mail_files();
        lock.lock();
    }
}

// The .eml files whose outbox rows are gone (their registrations were purged; the rows went
// with them, ON DELETE CASCADE): retention covers the mail folder too.
void App::remove_purged_mail_files() {
    const std::string& dir = ctx_->options.mail_dir;
    std::vector<std::pair<std::int64_t, std::filesystem::path>> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::int64_t id = mail_file_id(entry.path().filename().string());
        if (id >= 0) files.emplace_back(id, entry.path());
    }
    if (files.empty()) return;
    std::vector<std::int64_t> ids, existing;
    for (const auto& f : files) ids.push_back(f.first);
    auto st = store_->read([&](Conn& c) {
        auto r = existing_mail_ids(c, ids);
        if (auto* e = std::get_if<DbError>(&r)) return DbStatus{*e};
        existing = std::move(std::get<std::vector<std::int64_t>>(r));
        return DbStatus{};
    });
    if (!st.ok()) return;
    int removed = 0;
    for (const auto& [id, path] : files)
        if (std::find(existing.begin(), existing.end(), id) == existing.end() && std::filesystem::remove(path, ec)) ++removed;
    if (removed > 0) ctx_->log("retention: deleted " + std::to_string(removed) + " mail files");
}

App::~App() {
    stop();
    if (purge_thread_.joinable()) purge_thread_.join();
    if (mail_) mail_->stop();
    if (store_) store_->close();
}

} // namespace deltag::server
