// Context formatting for pedtx errors.
#include "pedtx/core/error.hpp"

#include <cstring>

namespace pedtx {

std::string errno_message(int error_number) {
    const char* name = strerrorname_np(error_number);
    return std::string(std::strerror(error_number)) + " (" + (name ? name : "errno " + std::to_string(error_number)) +
           ")";
}

std::string at_line(const std::string& file, long line, const std::string& message) {
    return file + ":" + std::to_string(line) + ": " + message;
}

std::string at_record(const std::string& file, const std::string& chrom, long pos,
                      const std::string& ref, const std::string& alt, const std::string& message) {
    return file + ": " + chrom + ":" + std::to_string(pos) + " " + ref + ">" + alt + ": " + message;
}

}  // namespace pedtx
