// Segment files and gene-level copy-number tables.
#include "pedtx/io/copy_number.hpp"

#include <algorithm>
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
        c == "diploid" || c == "none" || c == "no_change" || c == "wild type" || c == "wildtype" || c == "wt")
        return 0;
    return std::nullopt;
}

// Bounds no real segment crosses: positions within the longest chromosome (chr1, 249 Mb) with
// room to spare, copy numbers a caller can report. Beyond them the file is not what it claims.
constexpr double kMaxSegmentPosition = 1e10;
constexpr double kMaxCopyNumber = 1000;

// CCLE-style names ("KELLY_AUTONOMIC_GANGLIA") also match their first part.
bool sample_matches(const std::string& name, const std::string& wanted) {
    return name == wanted || (!wanted.empty() && name.rfind(wanted + "_", 0) == 0);
}

// Keeps the rows of one sample in a multi-sample file (rows[i] belongs to samples[i]).
template <typename Row>
void keep_sample_rows(std::vector<Row>& rows, const std::vector<std::string>& samples,
                      const std::vector<std::string>& ids, const std::string& wanted, const char* wanted_from,
                      bool explicit_id, const std::string& file, std::vector<std::string>& warnings) {
    if (ids.empty()) return;
    const bool any_match =
        std::any_of(ids.begin(), ids.end(), [&](const std::string& name) { return sample_matches(name, wanted); });
    if (!any_match) {
        if (ids.size() == 1 && !explicit_id) {
            // A single-sample file given for this sample: its rows are the sample's, whatever its id.
            warnings.push_back(file + ": the copy-number rows are for sample \"" + ids.front() + "\", not \"" + wanted +
                               "\"; used as the only sample in the file");
            return;
        }
        std::string listing;
        const std::size_t shown = std::min<std::size_t>(ids.size(), 40);
        for (std::size_t i = 0; i < shown; ++i) listing += (i ? ", " : "") + ids[i];
        if (shown < ids.size()) listing += ", ... (" + std::to_string(ids.size() - shown) + " more)";
        throw InputError(file + ": " + std::to_string(ids.size()) + " sample" + (ids.size() == 1 ? "" : "s") +
                         " in the copy-number file and none is \"" + wanted + "\" (" + wanted_from + "): " + listing +
                         ". Give the file's id for this sample with --cna-sample (sheet column cna_sample)");
    }
    std::vector<Row> kept;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (sample_matches(samples[i], wanted)) kept.push_back(std::move(rows[i]));
    rows = std::move(kept);
}

}  // namespace

CopyNumberInput read_copy_number_file(const std::filesystem::path& path, const std::string& sample_id, double ploidy,
                                      const std::string& cna_sample) {
    const std::string file = path.string();
    const std::string& wanted = cna_sample.empty() ? sample_id : cna_sample;
    const char* wanted_from = cna_sample.empty() ? "the sample id" : "--cna-sample";
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
        c_call = -1, c_sample = -1, c_probes = -1;
    // Rows of a multi-sample file: the sample each segment or gene call belongs to.
    std::vector<std::string> segment_samples, gene_samples;
    std::vector<std::string> ids;  // every sample id of the file, in file order
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
            c_probes = col({"probes", "num.mark", "num_mark", "num.probes", "num_probes", "segment_num_probes",
                            "n.probes", "nprobes", "num_markers", "nbrofloci"});
            if (c_chrom >= 0 && c_start >= 0 && c_end >= 0 && (c_cn >= 0 || c_major >= 0 || c_log2 >= 0)) {
                input.format = "segments";
                // SEG files (IGV, DNAcopy, GATK) name the sample in their first column, "ID".
                c_sample = col({"id", "sample", "sample_id", "tumor_sample_barcode", "sample_name", "samplename"});
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
                    if (header[i] == wanted) c_sample = static_cast<int>(i);
                }
                if (c_sample < 0 && samples.size() == 1) c_sample = samples.front();
                if (c_sample < 0) {
                    std::vector<std::string> names;
                    for (const int i : samples) names.push_back(header[i]);
                    throw InputError(at_line(file, line_number,
                                             "no column for sample \"" + wanted + "\" (" + wanted_from +
                                                 ") in the copy-number table; columns are: " + join(names, ", ") +
                                                 "; name the column with --cna-sample (sheet column cna_sample)"));
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
        if (c_sample >= 0 && input.format != "gene_matrix") {
            const std::string name(trim_view(fields[c_sample]));
            if (std::find(ids.begin(), ids.end(), name) == ids.end()) ids.push_back(name);
        }
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
            if (c_probes >= 0)
                if (const auto probes = to_number(fields[c_probes]); probes && *probes >= 0)
                    segment.probes = static_cast<std::int32_t>(*probes);
            segment.source = "segments";
            segment.record = record;
            input.segments.push_back(std::move(segment));
            if (c_sample >= 0) segment_samples.emplace_back(trim_view(fields[c_sample]));
        } else {
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
            if (call.level != 0 && !call.gene.empty()) {
                input.genes.push_back(std::move(call));
                if (input.format == "gene_calls" && c_sample >= 0)
                    gene_samples.emplace_back(trim_view(fields[c_sample]));
            }
        }
    }
    if (header.empty()) throw InputError(at_line(file, 1, "empty copy-number file"));
    if (c_sample >= 0 && input.format == "segments")
        keep_sample_rows(input.segments, segment_samples, ids, wanted, wanted_from, !cna_sample.empty(), file,
                         input.warnings);
    else if (c_sample >= 0 && input.format == "gene_calls")
        keep_sample_rows(input.genes, gene_samples, ids, wanted, wanted_from, !cna_sample.empty(), file,
                         input.warnings);
    return input;
}

}  // namespace pedtx
