// Private to the report writers: JSON written as it is produced, without building a document
// first. The text is byte for byte what nlohmann's dump(2, ' ', false, replace) gives for the
// same values in the same order (2-space indent, "{}" and "[]" when empty, shortest round-trip
// doubles with ".0" on whole numbers, invalid UTF-8 replaced by U+FFFD): a per-sample report of a
// 1,000-sample MAF is written without allocating a node per value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pedtx {

class JsonWriter {
public:
    // Appends to out, which must outlive the writer.
    explicit JsonWriter(std::string& out);

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    // The next member's name (inside an object); its value follows.
    JsonWriter& key(std::string_view name);

    void value(std::string_view text);
    void value(const std::string& text) { value(std::string_view(text)); }
    void value(const char* text) { value(std::string_view(text)); }
    void value(bool flag);
    void value(double number);
    void value(std::int64_t number);
    void value(int number) { value(static_cast<std::int64_t>(number)); }
    void value(std::uint64_t number);
    void value(const std::vector<std::string>& texts);  // an array of strings
    void null();
    // A document built elsewhere, placed at the current indent.
    void value(const nlohmann::ordered_json& document);

    // key(name) then value(v).
    template <class T>
    void member(std::string_view name, const T& v) {
        key(name);
        value(v);
    }
    // key(name), then v when present, else null.
    template <class T>
    void member_or_null(std::string_view name, bool present, const T& v) {
        key(name);
        if (present)
            value(v);
        else
            null();
    }
    // Null when text is empty.
    void string_or_null(std::string_view name, std::string_view text);
    // Null when number < 0.
    void count_or_null(std::string_view name, std::int64_t number);
    // Null when not given.
    void optional_number(std::string_view name, const std::optional<double>& number);

private:
    void before_value();
    void close(char bracket);
    void indent(std::size_t depth);
    void escaped(std::string_view text);

    std::string& out_;
    std::vector<std::size_t> members_;  // per open object or array: members written so far
    bool key_written_ = false;
    nlohmann::detail::serializer<nlohmann::ordered_json> serializer_;
};

}  // namespace pedtx
