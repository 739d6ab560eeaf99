// What the widget may keep on the visitor's device, and only after the visitor opted in
// ("keep my answers on this device"). Plain C++: the page's localStorage plugs in behind KeyValueStore.
#pragma once
#include "outbox.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deltag::widget {

// The device's key-value storage (localStorage in the browser, a map in tests).
class KeyValueStore {
  public:
    virtual ~KeyValueStore() = default;
    virtual std::optional<std::string> get(std::string_view key) const = 0;
    virtual bool set(std::string_view key, std::string_view value) = 0; // false: quota, blocked
    virtual void remove(std::string_view key) = 0;
    virtual std::vector<std::string> keys() const = 0;
};

class MemoryStore final : public KeyValueStore {
  public:
    std::optional<std::string> get(std::string_view key) const override;
    bool set(std::string_view key, std::string_view value) override;
    void remove(std::string_view key) override;
    std::vector<std::string> keys() const override;
    std::size_t writes = 0; // tests check that nothing was written without the opt-in

  private:
    std::map<std::string, std::string, std::less<>> data_;
};

// Consent-gated storage of drafts and the outbox.
// By default nothing is written: the draft and the outbox live for the current visit only
// (strictly necessary, no opt-in needed). After set_keep(true) they are written under
// "deltag.*" keys; set_keep(false) or delete_all() removes every one of them.
// Sensitive answers are never written (see answers_persistable / draft_for_storage).
class DeviceStorage {
  public:
    static constexpr std::string_view keep_key = "deltag.keep";
    static constexpr std::string_view outbox_prefix = "deltag.outbox.";
    static constexpr std::string_view draft_prefix = "deltag.draft.";

    // Reads the opt-in (a previous visit's "keep"); writes nothing.
    explicit DeviceStorage(KeyValueStore& store);

    bool keep() const { return keep_; }
    // The visitor ticked or unticked the option. Unticking deletes everything stored.
    void set_keep(bool keep);
    // "Delete my saved answers": removes every deltag.* key and unticks the option.
    void delete_all();
    // Whether anything is stored (to show the delete button only when it does something).
    bool has_saved_data() const;

    // Writes the outbox's persistable entries, one key per event; no-op without the opt-in.
    void save_outbox(const Outbox& outbox, Millis now);
    // Adds stored entries of `event_id` (every event when empty) to the outbox.
    int load_outbox(Outbox& outbox, std::string_view event_id, Millis now) const;

    // A draft without its sensitive answers, until `expires` (registration closes).
    void save_draft(std::string_view event_id, const Form& form, const nlohmann::json& answers,
                    Millis expires, Millis now);
    // The stored draft, or nullopt (none, expired, malformed). Expired drafts are removed.
    std::optional<nlohmann::json> load_draft(std::string_view event_id, Millis now);
    void clear_draft(std::string_view event_id);

  private:
    std::vector<std::string> our_keys() const;
    KeyValueStore& store_;
    bool keep_ = false;
};

} // namespace deltag::widget
