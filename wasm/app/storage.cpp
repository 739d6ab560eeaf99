// Consent-gated storage of drafts and the outbox over any KeyValueStore.
// Standard library and nlohmann/json only; stored text is untrusted and parsed without throwing.
#include "storage.hpp"
#include "deltag/json_text.hpp"

namespace deltag::widget {

using nlohmann::json;

std::optional<std::string> MemoryStore::get(std::string_view key) const {
    auto it = data_.find(key);
    if (it == data_.end()) return std::nullopt;
    return it->second;
}

bool MemoryStore::set(std::string_view key, std::string_view value) {
    ++writes;
    data_[std::string(key)] = std::string(value);
    return true;
}

void MemoryStore::remove(std::string_view key) {
    auto it = data_.find(key);
    if (it != data_.end()) data_.erase(it);
}

std::vector<std::string> MemoryStore::keys() const {
    std::vector<std::string> out;
    for (const auto& kv : data_) out.push_back(kv.first);
    return out;
}

DeviceStorage::DeviceStorage(KeyValueStore& store) : store_(store) {
    keep_ = store_.get(keep_key) == std::optional<std::string>{"1"};
}

void DeviceStorage::set_keep(bool keep) {
    if (!keep) {
        delete_all();
        return;
    }
    keep_ = store_.set(keep_key, "1");
}

void DeviceStorage::delete_all() {
    for (const std::string& key : our_keys()) store_.remove(key);
    keep_ = false;
}

bool DeviceStorage::has_saved_data() const {
    for (const std::string& key : our_keys())
        if (key != keep_key) return true;
    return false;
}

std::vector<std::string> DeviceStorage::our_keys() const {
    std::vector<std::string> out;
    for (std::string& key : store_.keys())
        if (key.rfind("deltag.", 0) == 0) out.push_back(std::move(key));
    return out;
}

void DeviceStorage::save_outbox(const Outbox& outbox, Millis now) {
    if (!keep_) return;
    for (const std::string& event_id : outbox.event_ids()) {
        const std::string key = std::string(outbox_prefix) + event_id;
        const std::string text = outbox.serialise(event_id, now);
        const json doc = parse_json(text);
        const bool empty = doc.is_object() && doc.contains("entries") && doc["entries"].empty();
        if (empty) {
            store_.remove(key);
        } else {
            store_.set(key, text);
        }
    }
}

int DeviceStorage::load_outbox(Outbox& outbox, std::string_view event_id, Millis now) const {
    if (!keep_) return 0;
    int added = 0;
    for (const std::string& key : our_keys()) {
        if (key.rfind(outbox_prefix, 0) != 0) continue;
        if (!event_id.empty() && key.substr(outbox_prefix.size()) != event_id) continue;
        if (auto text = store_.get(key)) added += outbox.restore(*text, now);
    }
    return added;
}

void DeviceStorage::save_draft(std::string_view event_id, const Form& form, const json& answers,
                               Millis expires, Millis now) {
    if (!keep_ || now >= expires) return;
    const json doc = {{"v", 1}, {"expires", expires}, {"answers", draft_for_storage(form, answers)}};
    store_.set(std::string(draft_prefix) + std::string(event_id),
               doc.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::optional<json> DeviceStorage::load_draft(std::string_view event_id, Millis now) {
    if (!keep_) return std::nullopt;
    const std::string key = std::string(draft_prefix) + std::string(event_id);
    auto text = store_.get(key);
    if (!text) return std::nullopt;
    const json doc = parse_json(*text);
    auto expires = doc.is_object() ? doc.find("expires") : doc.end();
    auto answers = doc.is_object() ? doc.find("answers") : doc.end();
    const bool well_formed = doc.is_object() && expires != doc.end() &&
                             expires->is_number_integer() && answers != doc.end() &&
                             answers->is_object();
    if (!well_formed || now >= expires->get<std::int64_t>()) {
        store_.remove(key); // expired or damaged: nothing worth keeping on the device
        return std::nullopt;
    }
    return *answers;
}

void DeviceStorage::clear_draft(std::string_view event_id) {
    store_.remove(std::string(draft_prefix) + std::string(event_id));
}

} // namespace deltag::widget
