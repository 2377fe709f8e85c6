// Genome builds, contig-name normalisation and build detection.
#include "pedtx/core/genome.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

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

// htslib and bcftools write this length for a contig of unknown length.
constexpr std::int64_t kUnknownLengthPlaceholder = 2147483647;

// RefSeq accessions of the primary chromosomes: NC_000001 .. NC_000022, NC_000023 (X), NC_000024 (Y).
ChromIndex refseq_chrom_index(std::string_view name) {
    if (name.size() < 9 || lower(name.substr(0, 7)) != "nc_0000") return kNoChrom;
    int value = 0;
    const auto digits = name.substr(7, 2);
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) return kNoChrom;
    if (name.size() > 9 && name[9] != '.') return kNoChrom;
    return value >= 1 && value <= 24 ? static_cast<ChromIndex>(value) : kNoChrom;
}

// Contigs of human assemblies beside the primary chromosomes: unplaced, unlocalised, alt,
// fix, decoy, HLA, EBV, mitochondrion.
bool human_accessory_contig(std::string_view name) {
    const std::string n = lower(name);
    for (const char* prefix : {"gl0", "gl3", "ki27", "jh", "chrun", "un_", "hla-", "hla:", "hs37d5", "hs38d1", "chrebv",
                               "ebv", "nc_007605", "nc_012920", "nt_", "nw_"})
        if (n.starts_with(prefix)) return true;
    for (const char* part : {"_random", "_alt", "_decoy", "_fix", "_hap"})
        if (contains(n, part)) return true;
    return chrom_index(name) == 25;
}

std::string length_text(std::int64_t length) {
    return std::to_string(length);
}

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

std::optional<std::string> other_reference_name(std::string_view reference) {
    // Whole tokens only (split at anything not a letter or digit), so "archive" is not "hiv".
    static constexpr std::array<std::string_view, 40> exact = {
        "ncbi36",  "ncbi35",   "hg18",      "hg17",       "ncbim37",  "grcm38",  "grcm39",      "mm8",
        "mm9",     "mm10",     "mm39",      "grcz10",     "grcz11",   "zv9",     "zv10",        "rn5",
        "rn6",     "rn7",      "dm3",       "dm6",        "ce10",     "ce11",    "wbcel235",    "saccer3",
        "r64",     "tair10",   "b73",       "chm13",      "t2t",      "hxb2",    "phix",        "phix174",
        "lambda",  "musculus", "rerio",     "mays",       "norvegicus", "melanogaster", "elegans", "mn908947"};
    static constexpr std::array<std::string_view, 13> prefixes = {"danrer", "grcz",   "grcm",   "canfam", "chm13",
                                                                  "galgal", "bostau", "susscr", "equcab",
                                                                  "pantro", "rhemac", "mmul",   "rnor"};
    const std::string text = lower(reference);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) continue;
        const std::string_view token = std::string_view(text).substr(start, i - start);
        start = i + 1;
        if (token.empty()) continue;
        for (const auto name : exact)
            if (token == name) return std::string(reference.substr(i - token.size(), token.size()));
        for (const auto name : prefixes)
            if (token.starts_with(name)) return std::string(reference.substr(i - token.size(), token.size()));
    }
    return std::nullopt;
}

std::optional<GenomeBuild> BuildAssessment::build() const {
    if (verdict == BuildVerdict::grch37) return GenomeBuild::GRCh37;
    if (verdict == BuildVerdict::grch38) return GenomeBuild::GRCh38;
    return std::nullopt;
}

BuildAssessment assess_genome_build(const std::vector<HeaderContig>& contigs,
                                    const std::vector<HeaderReferenceLine>& references) {
    const HeaderContig* first37 = nullptr;
    const HeaderContig* first38 = nullptr;
    const HeaderContig* first_foreign = nullptr;  // a contig of no human assembly, with a length
    std::size_t human_named = 0, with_length = 0;
    for (const auto& contig : contigs) {
        ChromIndex chrom = chrom_index(contig.name);
        if (chrom == kNoChrom) chrom = refseq_chrom_index(contig.name);
        const bool accessory = chrom == kNoChrom && human_accessory_contig(contig.name);
        if (chrom != kNoChrom || accessory) ++human_named;
        const bool has_length = contig.length > 0 && contig.length < kUnknownLengthPlaceholder;
        if (!has_length) continue;
        ++with_length;
        if (chrom == kNoChrom || chrom > 24) {
            if (!accessory && !first_foreign) first_foreign = &contig;
            continue;
        }
        const auto build = build_from_contig_length(chrom, contig.length);
        if (!build) {
            return {BuildVerdict::not_grch37_or_grch38,
                    "##contig " + contig.name + " has length " + length_text(contig.length) + ", but chromosome " +
                        std::string(chrom_name(chrom)) + " is " + length_text(kGrch37Lengths[chrom]) +
                        " in GRCh37 and " + length_text(kGrch38Lengths[chrom]) +
                        " in GRCh38 (a non-human, toy or other-build reference such as NCBI36 or T2T-CHM13)"};
        }
        if (*build == GenomeBuild::GRCh37 && !first37) first37 = &contig;
        if (*build == GenomeBuild::GRCh38 && !first38) first38 = &contig;
    }
    if (first37 && first38)
        return {BuildVerdict::not_grch37_or_grch38,
                "the ##contig lengths mix the builds: " + first37->name + " has its GRCh37 length (" +
                    length_text(first37->length) + ") and " + first38->name + " its GRCh38 length (" +
                    length_text(first38->length) + ")"};
    if (first37) return {BuildVerdict::grch37, "##contig lengths"};
    if (first38) return {BuildVerdict::grch38, "##contig lengths"};
    if (first_foreign && human_named == 0)
        return {BuildVerdict::not_grch37_or_grch38,
                "none of the header's " + std::to_string(contigs.size()) + " ##contig lines is a human chromosome (" +
                    first_foreign->name + ", length " + length_text(first_foreign->length) + ")"};
    std::string reference_note;
    for (const auto& line : references) {
        if (const auto build = build_from_reference_name(line.value))
            return {*build == GenomeBuild::GRCh37 ? BuildVerdict::grch37 : BuildVerdict::grch38, "##" + line.key};
        if (const auto other = other_reference_name(line.value))
            return {BuildVerdict::not_grch37_or_grch38,
                    "##" + line.key + "=" + line.value + " names " + *other + ", not GRCh37 or GRCh38"};
        if (reference_note.empty())
            reference_note = "##" + line.key + "=" + line.value + " names no build (GRCh37, hg19, b37, GRCh38, hg38...)";
    }
    if (reference_note.empty()) reference_note = "no ##reference line";
    std::string contig_note;
    if (contigs.empty())
        contig_note = "no ##contig lines";
    else if (with_length == 0)
        contig_note = std::to_string(contigs.size()) + " ##contig line" + (contigs.size() == 1 ? "" : "s") +
                      " without a length (" + contigs.front().name + (contigs.size() > 1 ? ", ..." : "") + ")";
    else
        contig_note = std::to_string(contigs.size()) + " ##contig lines, none a chromosome 1-22, X or Y with a length (" +
                      contigs.front().name + (contigs.size() > 1 ? ", ..." : "") + ")";
    return {BuildVerdict::unknown, contig_note + "; " + reference_note};
}

}  // namespace pedtx
