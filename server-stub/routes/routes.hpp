// One function per group of routes; each adds its handlers to the server.
#pragma once
#include "context.hpp"

#include <httplib.h>

namespace deltag::server {

void add_event_routes(httplib::Server& svr, Context& ctx);        // events, healthz
void add_reference_routes(httplib::Server& svr);                   // catalogs, municipality lists
void add_registration_routes(httplib::Server& svr, Context& ctx); // sign up, status, cancel, ics
void add_admin_routes(httplib::Server& svr, Context& ctx);        // CSV export
void add_manage_routes(httplib::Server& svr, Context& ctx);       // substitute, manage link again
void add_staff_routes(httplib::Server& svr, Context& ctx);        // the staff pages (/staff)
void add_mail_demo_routes(httplib::Server& svr, Context& ctx);    // the demo's mail folder
// /e/{event}: the standalone page (standalone.html from the static folders) with the event's
// title and date as HTML, in the page's language.
void add_event_page_route(httplib::Server& svr, Context& ctx, const std::vector<std::string>& dirs);
// Static folders (first match wins) with the right MIME types, including application/wasm.
bool add_static_routes(httplib::Server& svr, const std::vector<std::string>& dirs, std::string& problem);

} // namespace deltag::server
