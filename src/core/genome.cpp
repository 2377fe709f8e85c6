// Genome builds, contig-name normalisation and build detection.
#include "pedtx/core/genome.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace pedtx {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// Primary chromosome lengths (NCBI GRC; see ../shared/refdata/contigs): chr1..22, X, Y.
constexpr std::array<std::int64_t, 25> kGrch37Lengths = {
    0,         249250621, 243199373, 198022430, 191154276, 180915260, 171115067,
    159138663, 146364022, 141213431, 135534747, 135006516, 133851895, 115169878,
    107349540, 102531392, 90354753,  81195210,  78077248,  59128983,  63025520,
    48129895,  51304566,  155270560, 59373566};
constexpr std::array<std::int64_t, 25> kGrch38Lengths = {
    0,         248956422, 242193529, 198295559, 190214555, 181538259, 170805979,
    159345973, 145138636, 138394717, 133797422, 135086622, 133275309, 114364328,
    107043718, 101991189, 90338345,  83257441,  80373285,  58617616,  64444167,
    46709983,  50818468,  156040895, 57227415};

}  // namespace

std::string_view to_string(GenomeBuild build) {
    return build == GenomeBuild::GRCh37 ? "GRCh37" : "GRCh38";
}

std::optional<GenomeBuild> parse_genome_build(std::string_view text) {
    const std::string name = lower(text);
    if (name == "grch37" || name == "hg19" || name == "b37") return GenomeBuild::GRCh37;
    if (name == "grch38" || name == "hg38" || name == "b38") return GenomeBuild::GRCh38;
    return std::nullopt;
}

ChromIndex chrom_index(std::string_view name) {
    if (name.size() > 3 && (name[0] == 'c' || name[0] == 'C') && (name[1] == 'h' || name[1] == 'H') &&
        (name[2] == 'r' || name[2] == 'R'))
        name.remove_prefix(3);
    if (name.empty() || name.size() > 2) return kNoChrom;
    if (name.size() == 1) {
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        if (c >= '1' && c <= '9') return static_cast<ChromIndex>(c - '0');
        if (c == 'X') return 23;
        if (c == 'Y') return 24;
        if (c == 'M') return 25;
        return kNoChrom;
    }
    const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    const char b = static_cast<char>(std::toupper(static_cast<unsigned char>(name[1])));
    if (a == 'M' && b == 'T') return 25;
    if (a >= '1' && a <= '2' && b >= '0' && b <= '9') {
        const int value = (a - '0') * 10 + (b - '0');
        if (value >= 10 && value <= 22) return static_cast<ChromIndex>(value);
    }
    return kNoChrom;
}

std::string_view chrom_name(ChromIndex index) {
    static constexpr std::array<std::string_view, kChromCount> names = {
        "",   "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11", "12",
        "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "X",  "Y",  "MT"};
    return index < kChromCount ? names[index] : std::string_view{};
}

std::optional<GenomeBuild> build_from_contig_length(ChromIndex chrom, std::int64_t length) {
    if (chrom == kNoChrom || chrom > 24 || length <= 0) return std::nullopt;
    if (kGrch37Lengths[chrom] == length) return GenomeBuild::GRCh37;
    if (kGrch38Lengths[chrom] == length) return GenomeBuild::GRCh38;
    return std::nullopt;
}

std::optional<GenomeBuild> build_from_reference_name(std::string_view reference) {
    const std::string name = lower(reference);
    if (contains(name, "grch38") || contains(name, "hg38") || contains(name, "hs38") ||
        contains(name, "b38") || contains(name, "assembly38"))
        return GenomeBuild::GRCh38;
    if (contains(name, "grch37") || contains(name, "hg19") || contains(name, "hs37") ||
        contains(name, "b37") || contains(name, "human_g1k_v37") || contains(name, "assembly19"))
        return GenomeBuild::GRCh37;
    return std::nullopt;
}

}  // namespace pedtx
