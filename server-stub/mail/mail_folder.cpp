// The mail folder: without an SMTP relay each mail is written as an .eml file (written to a
// temporary name, then renamed, so a reader never sees half a mail). The demo lists them.
#include "mail_transport.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace deltag::server {

namespace {

class FolderTransport : public MailTransport {
public:
    explicit FolderTransport(std::string dir) : dir_(std::move(dir)) {}

    Delivery deliver(const OutgoingMail& mail) override {
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        const std::string name = mail_file_name(mail.id, mail.kind);
        const std::string final_path = dir_ + "/" + name, temp_path = final_path + ".tmp";
        {
            std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
            out << mail.message;
            out.flush();
            if (!out) return {MailOutcome::temporary, "cannot write " + name};
        }
        std::filesystem::permissions(temp_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace, ec);
        std::filesystem::rename(temp_path, final_path, ec);
        if (ec) return {MailOutcome::temporary, "cannot write " + name};
        return {MailOutcome::sent, "written " + name};
    }
    bool eight_bit() const override { return true; }

private:
    std::string dir_;
};

} // namespace

std::string mail_file_name(std::int64_t id, const std::string& kind) {
    char number[32];
    std::snprintf(number, sizeof number, "%08lld", static_cast<long long>(id));
    return std::string(number) + "-" + kind + ".eml";
}

std::int64_t mail_file_id(const std::string& name) {
    const auto dash = name.find('-');
    if (dash == std::string::npos || dash < 8 || name.size() < dash + 6 ||
        name.compare(name.size() - 4, 4, ".eml") != 0)
        return -1;
    std::int64_t id = 0;
    for (std::size_t i = 0; i < dash; ++i) {
        if (name[i] < '0' || name[i] > '9' || id > 100000000000LL) return -1;
        id = id * 10 + (name[i] - '0');
    }
    for (std::size_t i = dash + 1; i + 4 < name.size(); ++i)
        if (!((name[i] >= 'a' && name[i] <= 'z') || name[i] == '_')) return -1;
    return id;
}

std::unique_ptr<MailTransport> make_folder_transport(std::string dir) {
    return std::make_unique<FolderTransport>(std::move(dir));
}

} // namespace deltag::server
