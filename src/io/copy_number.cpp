// Segment files and gene-level copy-number tables.
#include "pedtx/io/copy_number.hpp"

#include <cmath>
#include <map>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

std::optional<double> to_number(std::string_view text) {
    const std::string t(trim_view(text));
    if (t.empty() || t == "NA" || t == "." || t == "nan") return std::nullopt;
    try {
        std::size_t used = 0;
        const double value = std::stod(t, &used);
        if (used != t.size() || !std::isfinite(value)) return std::nullopt;
        return value;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<int> level_from_call(std::string_view call) {
    const std::string c = to_lower(trim_view(call));
    if (c == "amplification" || c == "amp" || c == "2") return 2;
    if (c == "deletion" || c == "deep deletion" || c == "homdel" || c == "-2") return -2;
    if (c == "gain" || c == "1") return 1;
    if (c == "loss" || c == "shallow deletion" || c == "hetloss" || c == "-1") return -1;
    if (c.empty() || c == "0" || c == "na" || c == "nan" || c == "." || c == "neutral" || c == "neut" ||
        c == "diploid" || c == "none" || c == "no_change")
        return 0;
    return std::nullopt;
}

// Bounds no real segment crosses: positions within the longest chromosome (chr1, 249 Mb) with
// room to spare, copy numbers a caller can report. Beyond them the file is not what it claims.
constexpr double kMaxSegmentPosition = 1e10;
constexpr double kMaxCopyNumber = 1000;

}  // namespace

CopyNumberInput read_copy_number_file(const std::filesystem::path& path, const std::string& sample_id, double ploidy) {
    const std::string file = path.string();
    std::string text;
    try {
        text = read_text_file(path);
    } catch (const IoError& e) {
        throw InputError(std::string(e.what()));
    }
    CopyNumberInput input;
    std::vector<std::string> header;
    std::map<std::string, int> column;  // lower-case name -> index
    const auto col = [&](std::initializer_list<const char*> names) -> int {
        for (const char* name : names)
            if (auto it = column.find(name); it != column.end()) return it->second;
        return -1;
    };
    int c_chrom = -1, c_start = -1, c_end = -1, c_cn = -1, c_major = -1, c_minor = -1, c_log2 = -1, c_gene = -1,
        c_call = -1, c_sample = -1;
    long line_number = 0;
    for (auto line : split_view(text, '\n')) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line.substr(0, 2) == "##") continue;
        const auto fields = split_view(line, '\t');
        if (header.empty()) {
            header = header_names(fields);
            for (std::size_t i = 0; i < header.size(); ++i) column.emplace(to_lower(header[i]), static_cast<int>(i));
            c_chrom = col({"chromosome", "chrom", "chr", "segment_contig", "contig", "chromosome_name"});
            c_start = col({"start", "loc.start", "segment_start", "chromstart", "start_position"});
            c_end = col({"end", "loc.end", "segment_end", "chromend", "end_position"});
            c_cn = col({"copy_number", "copynumber", "cn", "total_cn", "copy.number", "tcn"});
            c_major = col({"nmajor", "major_cn"});
            c_minor = col({"nminor", "minor_cn"});
            c_log2 = col({"log2", "segment_mean", "seg.mean", "log2_ratio", "log2ratio"});
            c_gene = col({"hugo_symbol", "gene", "gene_symbol", "gene symbol", "symbol", "feature"});
            c_call = col({"call", "cna", "copy_number_alteration", "alteration_type", "alteration"});
            const int c_long_sample = col({"tumor_sample_barcode", "model_id", "sample_id", "sample"});
            if (c_chrom >= 0 && c_start >= 0 && c_end >= 0 && (c_cn >= 0 || c_major >= 0 || c_log2 >= 0)) {
                input.format = "segments";
            } else if (c_gene >= 0 && c_call >= 0 && c_long_sample >= 0) {
                // Long format: one row per sample and gene; keep this sample's rows.
                input.format = "gene_calls";
                c_sample = c_long_sample;
            } else if (c_gene >= 0 && c_call >= 0 && header.size() == 2) {
                input.format = "gene_calls";
            } else if (c_gene >= 0) {
                input.format = "gene_matrix";
                // Sample columns: everything but the gene identifiers.
                std::vector<int> samples;
                for (std::size_t i = 0; i < header.size(); ++i) {
                    const std::string lower = to_lower(header[i]);
                    if (static_cast<int>(i) == c_gene || lower == "entrez_gene_id" || lower == "cytoband" ||
                        lower == "locus id" || lower == "locus_id")
                        continue;
                    samples.push_back(static_cast<int>(i));
                    if (header[i] == sample_id) c_sample = static_cast<int>(i);
                }
                if (c_sample < 0 && samples.size() == 1) c_sample = samples.front();
                if (c_sample < 0) {
                    std::vector<std::string> names;
                    for (const int i : samples) names.push_back(header[i]);
                    throw InputError(at_line(file, line_number,
                                             "no column for sample \"" + sample_id +
                                                 "\" in the copy-number table; columns are: " + join(names, ", ")));
                }
            } else {
                throw InputError(at_line(file, line_number,
                                         "unrecognised copy-number file: expected segments (chrom, start, end, "
                                         "copy_number or log2 or nMajor/nMinor) or a gene table (Hugo_Symbol + "
                                         "sample columns, or gene + call)"));
            }
            continue;
        }
        if (fields.size() < header.size()) {
            input.warnings.push_back(at_line(file, line_number, "expected " + std::to_string(header.size()) +
                                                                    " columns; row skipped"));
            continue;
        }
        const std::string record = file + ":" + std::to_string(line_number);
        if (input.format == "segments") {
            CopyNumberSegment segment;
            segment.chrom = std::string(trim_view(fields[c_chrom]));
            const auto start = to_number(fields[c_start]);
            const auto end = to_number(fields[c_end]);
            std::optional<double> cn;
            if (c_cn >= 0) cn = to_number(fields[c_cn]);
            if (!cn && c_major >= 0 && c_minor >= 0) {
                const auto major = to_number(fields[c_major]);
                const auto minor = to_number(fields[c_minor]);
                if (major && minor) cn = *major + *minor;
            }
            if (!cn && c_log2 >= 0)
                if (const auto log2 = to_number(fields[c_log2])) cn = ploidy * std::pow(2.0, *log2);
            if (start && end && cn &&
                (*start < 0 || *end > kMaxSegmentPosition || *end < *start || *cn < 0 || *cn > kMaxCopyNumber))
                throw InputError(at_line(file, line_number,
                                         "impossible segment: start " + std::string(trim_view(fields[c_start])) +
                                             ", end " + std::string(trim_view(fields[c_end])) + ", copy number " +
                                             format_decimal(*cn) +
                                             " (positions from 0 with end >= start, copy number 0-1000); is this "
                                             "the right column layout?"));
            if (!start || !end || !cn) {
                input.warnings.push_back(at_line(file, line_number, "unreadable segment; row skipped"));
                continue;
            }
            segment.start = static_cast<std::int64_t>(*start);
            segment.end = static_cast<std::int64_t>(*end);
            segment.copy_number = *cn;
            segment.source = "segments";
            segment.record = record;
            input.segments.push_back(std::move(segment));
        } else {
            if (input.format == "gene_calls" && c_sample >= 0) {
                const std::string sample(trim_view(fields[c_sample]));
                // CCLE-style names ("KELLY_AUTONOMIC_GANGLIA") also match their first part.
                if (sample != sample_id && sample.rfind(sample_id + "_", 0) != 0) continue;
            }
            GeneCopyNumber call;
            call.gene = std::string(trim_view(fields[c_gene]));
            const auto value = trim_view(fields[input.format == "gene_calls" ? c_call : c_sample]);
            // GISTIC-style levels -2..2 (or log2 ratios within them), or the call's words; a value
            // that is neither is refused rather than read as "no change".
            if (const auto number = to_number(value)) {
                if (*number < -2 || *number > 2)
                    throw InputError(at_line(file, line_number,
                                             "copy-number value \"" + std::string(value) +
                                                 "\" is outside -2..2 (GISTIC levels: -2 deep deletion, -1 loss, "
                                                 "0 neutral, 1 gain, 2 amplification)"));
                call.level = static_cast<int>(std::lround(*number));
            } else if (const auto level = level_from_call(value)) {
                call.level = *level;
            } else {
                throw InputError(at_line(file, line_number,
                                         "copy-number value \"" + std::string(value) +
                                             "\" is not a level -2..2 or a call (amplification, gain, neutral, "
                                             "loss, deletion)"));
            }
            call.record = record;
            if (call.level != 0 && !call.gene.empty()) input.genes.push_back(std::move(call));
        }
    }
    if (header.empty()) throw InputError(at_line(file, 1, "empty copy-number file"));
    return input;
}

}  // namespace pedtx
