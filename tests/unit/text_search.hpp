// Small text helpers shared by the unit tests of the HTML reports.
#pragma once

#include <cstddef>
#include <string>

namespace pedtx::test {

// Non-overlapping occurrences of needle in text.
inline std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

}  // namespace pedtx::test
