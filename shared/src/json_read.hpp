// Internal: non-throwing readers for configuration JSON (forms, events) that record an
// Error with the JSON path for every problem. Standard library and nlohmann/json only.
#pragma once
#include "deltag/error.hpp"
#include "deltag/text.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace deltag::detail {

// Reads members of one JSON object; `prefix` is the code family ("form", "event").
class ObjectReader {
  public:
    ObjectReader(const nlohmann::json& j, std::string path, std::string prefix, Errors& errors);
    bool ok() const { return object_; }

    // Every key not in `allowed` -> "<prefix>.unknown_key" with the key's path.
    void only(std::initializer_list<std::string_view> allowed);
    const nlohmann::json* get(std::string_view key) const; // nullptr if absent or null
    bool has(std::string_view key) const { return get(key) != nullptr; }

    std::optional<std::string> string(std::string_view key, bool required = false);
    std::optional<bool> boolean(std::string_view key);
    std::optional<int> integer(std::string_view key, bool required = false);
    std::optional<double> number(std::string_view key);
    std::optional<LocalizedText> text(std::string_view key, bool required = false);
    std::optional<std::vector<std::string>> strings(std::string_view key);

    std::string path(std::string_view key) const;
    void fail(std::string_view key, const std::string& code,
              std::map<std::string, std::string> params = {});
    // With one parameter: the map is built here, not at each call site (code size in wasm).
    void fail(std::string_view key, const std::string& code, const char* param, std::string value);
    void missing(std::string_view key) { fail(key, prefix_ + ".field_missing"); }
    void wrong_type(std::string_view key, const char* expected) {
        fail(key, prefix_ + ".invalid", {{"expected", expected}});
    }

  private:
    const nlohmann::json& j_;
    std::string path_, prefix_;
    Errors& errors_;
    bool object_ = false;
};

std::string index_path(const std::string& path, std::size_t i);       // "fields" -> "fields[3]"
std::string join_path(const std::string& path, std::string_view key); // "" + "id" -> "id"
nlohmann::json to_json(const LocalizedText& t);
std::string dump(const nlohmann::json& j); // never throws on invalid UTF-8

} // namespace deltag::detail
