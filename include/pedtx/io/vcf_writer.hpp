// The annotated-VCF output: the input VCF/BCF copied record by record to a bgzipped VCF, with
// extra header lines and an INFO field on the alleles that have findings (htslib types stay
// in the .cpp).
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pedtx {

struct AlleleKey {
    std::string chrom;     // as written in the VCF
    std::int64_t pos = 0;  // 1-based
    std::string ref;
    std::string alt;
    auto operator<=>(const AlleleKey&) const = default;
};

struct InfoAnnotation {
    std::string id;           // INFO tag, e.g. PEDTX
    std::string description;  // its ##INFO Description (no double quotes)
    // Per allele, the values (already escaped for an INFO string); a record gets the values of
    // all its ALT alleles, comma-separated.
    std::map<AlleleKey, std::vector<std::string>> values;
};

// Writes `output` (bgzipped VCF). header_lines are full "##key=value" lines added after the
// input's meta lines. Throws InputError naming the input when it cannot be read, IoError
// naming the output when it cannot be written.
// stop_requested (optional): checked every 1,024 records; when set, throws Interrupted.
void write_annotated_vcf(const std::filesystem::path& input, const std::filesystem::path& output,
                         const std::vector<std::string>& header_lines, const InfoAnnotation& annotation,
                         const std::atomic<bool>* stop_requested = nullptr);

}  // namespace pedtx
