// Small text helpers shared by the parsers: whole-file reads, splitting, case folding.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pedtx {

// Throws IoError naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);
std::vector<std::string_view> split_view(std::string_view text, char sep);
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
std::string_view trim_view(std::string_view text);
// Equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);
// The whole text as a 32-bit integer (no sign other than '-', no spaces); false otherwise.
bool parse_int32(std::string_view text, std::int32_t& value);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Column names of a tab-separated header line: trimmed, and without the leading '#' that
// Arriba, STAR-Fusion and many table writers put before the first name.
std::vector<std::string> header_names(const std::vector<std::string_view>& fields);
// Fixed-point, at most `decimals` places, trailing zeros dropped: 14.25 -> "14.25", 10 -> "10".
std::string format_decimal(double value, int decimals = 3);
// The one parser for numbers from sample sheets, tables and options: the whole (trimmed)
// text must be a finite decimal number ("12", "0.5", "1e-3") within [min, max]. nan, inf,
// hex floats, empty text, trailing characters and out-of-range values give nullopt.
std::optional<double> parse_number(std::string_view text, double min, double max);
// 1-based line number of a byte offset.
long line_of_offset(std::string_view text, std::size_t offset);

}  // namespace pedtx
