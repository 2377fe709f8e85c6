// JSON written as it is produced, in the layout of nlohmann's dump(2).
#include "json_writer.hpp"

#include <charconv>
#include <stdexcept>

namespace pedtx {

namespace {

constexpr std::size_t kIndentStep = 2;

// Printable ASCII with nothing to escape: written as it is.
bool plain_text(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') return false;
    }
    return true;
}

}  // namespace

JsonWriter::JsonWriter(std::string& out)
    : out_(out),
      serializer_(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                  nlohmann::ordered_json::error_handler_t::replace) {}

void JsonWriter::indent(std::size_t depth) {
    out_.append(depth * kIndentStep, ' ');
}

void JsonWriter::escaped(std::string_view text) {
    if (plain_text(text)) {
        out_ += '"';
        out_ += text;
        out_ += '"';
    } else {
        serializer_.dump(nlohmann::ordered_json(std::string(text)), true, false, kIndentStep, 0);
    }
}

void JsonWriter::before_value() {
    if (key_written_) {
        key_written_ = false;
        return;
    }
    if (members_.empty()) return;  // the document itself
    // An array's element (an object's member has its key written first).
    out_ += members_.back()++ == 0 ? "\n" : ",\n";
    indent(members_.size());
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (members_.empty() || key_written_) throw std::logic_error("JsonWriter: a key outside an object");
    out_ += members_.back()++ == 0 ? "\n" : ",\n";
    indent(members_.size());
    escaped(name);
    out_ += ": ";
    key_written_ = true;
    return *this;
}

void JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    members_.push_back(0);
}

void JsonWriter::close(char bracket) {
    const std::size_t written = members_.back();
    members_.pop_back();
    if (written > 0) {
        out_ += '\n';
        indent(members_.size());
    }
    out_ += bracket;
}

void JsonWriter::end_object() {
    close('}');
}

void JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    members_.push_back(0);
}

void JsonWriter::end_array() {
    close(']');
}

void JsonWriter::value(std::string_view text) {
    before_value();
    escaped(text);
}

void JsonWriter::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
}

void JsonWriter::value(double number) {
    before_value();
    serializer_.dump(nlohmann::ordered_json(number), true, false, kIndentStep, 0);
}

void JsonWriter::value(std::int64_t number) {
    before_value();
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
    out_.append(buffer, end);
}

void JsonWriter::value(std::uint64_t number) {
    before_value();
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
    out_.append(buffer, end);
}

void JsonWriter::value(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& text : texts) value(text);
    end_array();
}

void JsonWriter::null() {
    before_value();
    out_ += "null";
}

void JsonWriter::value(const nlohmann::ordered_json& document) {
    before_value();
    serializer_.dump(document, true, false, kIndentStep, static_cast<unsigned>(members_.size() * kIndentStep));
}

void JsonWriter::string_or_null(std::string_view name, std::string_view text) {
    key(name);
    if (text.empty())
        null();
    else
        value(text);
}

void JsonWriter::count_or_null(std::string_view name, std::int64_t number) {
    key(name);
    if (number < 0)
        null();
    else
        value(number);
}

void JsonWriter::optional_number(std::string_view name, const std::optional<double>& number) {
    key(name);
    if (number)
        value(*number);
    else
        null();
}

}  // namespace pedtx
