// MAF reading: htslib's BGZF layer reads plain text, gzip and bgzip alike; columns by name.
#include "pedtx/io/maf_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <htslib/bgzf.h>
#include <htslib/hts.h>

#include "pedtx/core/error.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

constexpr std::size_t kBadRowExamples = 5;
constexpr std::size_t kReadBlock = 256 * 1024;

// Columns pedtx reads, each by its names in order of preference (compared in lower case).
enum Column : std::size_t {
    c_sample,
    c_gene,
    c_hgvsp_short,
    c_hgvsp,
    c_protein_change,
    c_hgvsc,
    c_classification,
    c_consequence,
    c_transcript,
    c_exon,
    c_chrom,
    c_start,
    c_end,
    c_ref,
    c_allele1,
    c_allele2,
    c_build,
    c_filter,
    c_alt_count,
    c_ref_count,
    c_depth,
    c_column_count
};

const std::array<std::vector<std::string_view>, c_column_count> kColumnNames = {{
    {"tumor_sample_barcode"},
    {"hugo_symbol"},
    {"hgvsp_short"},
    {"hgvsp"},
    {"protein_change", "amino_acid_change", "aachange"},
    {"hgvsc"},
    {"variant_classification"},
    {"consequence"},
    {"transcript_id", "annotation_transcript", "refseq"},
    {"exon_number"},
    {"chromosome"},
    {"start_position"},
    {"end_position"},
    {"reference_allele"},
    {"tumor_seq_allele1"},
    {"tumor_seq_allele2"},
    {"ncbi_build"},
    {"filter"},
    {"t_alt_count"},
    {"t_ref_count"},
    {"t_depth"},
}};

// Calls at(i) for each tab of text, in order: 16 bytes per step where SSE2 is there (every
// x86-64), a byte at a time otherwise. MAF fields are short, so a memchr call per field cost
// more than it found; this scans a line once.
template <class At>
void each_tab(std::string_view text, At&& at) {
    const char* const data = text.data();
    const std::size_t size = text.size();
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i tab = _mm_set1_epi8('\t');
    for (; i + 16 <= size; i += 16) {
        auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i)), tab)));
        while (mask != 0) {
            at(i + static_cast<std::size_t>(__builtin_ctz(mask)));
            mask &= mask - 1;
        }
    }
#endif
    for (; i < size; ++i)
        if (data[i] == '\t') at(i);
}

bool is_blank(std::string_view value) {
    return value.empty() || value == "." || value == "NA" || value == "N/A" || value == "NaN" || value == "nan";
}

// A read count: blank -> -1; otherwise a non-negative integer ("12", "12.0" as some writers
// round-trip counts through floats).
bool parse_count(std::string_view text, std::int32_t& value) {
    if (is_blank(text)) {
        value = -1;
        return true;
    }
    if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.remove_suffix(2);
    return parse_int32(text, value) && value >= 0;
}

bool parse_position(std::string_view text, std::int64_t& value) {
    if (is_blank(text)) {
        value = 0;
        return true;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() && value > 0;
}

// A MAF allele: bases (any case), N, or '-' for none. Blank is allowed (protein-only rows).
bool valid_allele(std::string_view allele) {
    if (allele == "-") return true;
    return std::all_of(allele.begin(), allele.end(), is_nucleotide_letter);
}

// Row fields are assigned into the batch's reused rows, keeping their strings' capacity (a
// new string per field and row was a tenth of the row loop's time in malloc and free).
void assign_upper(std::string& out, std::string_view allele) {
    out.assign(allele);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
}

void assign_unless_blank(std::string& out, std::string_view value) {
    if (is_blank(value))
        out.clear();
    else
        out.assign(value);
}

}  // namespace

struct MafReader::Impl {
    std::filesystem::path path;
    std::string file;
    BGZF* handle = nullptr;
    // Text read in blocks; lines are cut from it where '\n' is (bgzf_getline looks at one byte
    // at a time and copies each line).
    std::vector<char> buffer = std::vector<char>(kReadBlock);
    std::size_t begin = 0;  // the unread text is buffer[begin, end)
    std::size_t end = 0;
    bool at_eof = false;
    std::unique_ptr<Sha256Stream> plain_text_hash;  // the bytes read, when they are the file's
    std::string_view line;                          // the last line read, as it is in the file (a '\r' kept)
    long line_number = 0;
    bool skip_bad_rows = false;
    std::vector<std::string> header;
    std::string header_line;
    std::array<int, c_column_count> column{};
    std::size_t needed_fields = 0;  // a row must have at least this many fields
    std::vector<std::string_view> fields;
    std::int64_t rows = 0;
    std::int64_t bad = 0;
    std::int64_t repeated_headers = 0;
    std::vector<std::string> bad_examples;

    ~Impl() {
        if (handle) bgzf_close(handle);
    }

    // More text after buffer[begin, end): the unread part is moved to the front (the buffer
    // doubles when one line fills it). False at the end of the file.
    bool refill() {
        if (at_eof) return false;
        const std::size_t unread = end - begin;
        if (begin > 0) std::memmove(buffer.data(), buffer.data() + begin, unread);
        begin = 0;
        end = unread;
        if (end == buffer.size()) buffer.resize(buffer.size() * 2);
        const ssize_t got = bgzf_read(handle, buffer.data() + end, buffer.size() - end);
        if (got < 0)
            throw InputError(at_line(file, line_number + 1,
                                     "cannot read the file past this line (a gzip file cut short, or not a text "
                                     "file)"));
        if (got == 0) at_eof = true;
        if (plain_text_hash)
            plain_text_hash->update(std::string_view(buffer.data() + end, static_cast<std::size_t>(got)));
        end += static_cast<std::size_t>(got);
        return got > 0;
    }

    // The next line (without '\n' / "\r\n"); false at the end. Throws on a read error.
    bool read_line(std::string_view& out) {
        std::size_t searched = begin;
        while (true) {
            if (const void* newline = std::memchr(buffer.data() + searched, '\n', end - searched)) {
                const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer.data());
                line = std::string_view(buffer.data() + begin, at - begin);
                begin = at + 1;
                break;
            }
            const std::size_t scanned = end - begin;
            if (!refill()) {
                if (begin == end) return false;
                line = std::string_view(buffer.data() + begin, end - begin);  // no '\n' at the end
                begin = end;
                break;
            }
            searched = begin + scanned;
        }
        ++line_number;
        out = line;
        if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
        return true;
    }

    // Fields by tab.
    void split(std::string_view text) {
        fields.clear();
        std::size_t start = 0;
        each_tab(text, [&](std::size_t tab) {
            fields.push_back(text.substr(start, tab - start));
            start = tab + 1;
        });
        fields.push_back(text.substr(start));
    }

    std::string_view field(Column c) const {
        const int i = column[c];
        return i < 0 || static_cast<std::size_t>(i) >= fields.size() ? std::string_view{} : trim_view(fields[i]);
    }

    void read_header() {
        std::string_view text;
        while (read_line(text)) {
            if (trim_view(text).empty() || text.front() == '#') continue;
            split(text);
            header = header_names(fields);
            header_line = std::string(text);
            break;
        }
        if (header.empty()) throw InputError(file + ": empty file: no MAF header line");
        column.fill(-1);
        std::unordered_map<std::string, int> by_name;
        for (std::size_t i = 0; i < header.size(); ++i) by_name.emplace(to_lower(header[i]), static_cast<int>(i));
        for (std::size_t c = 0; c < c_column_count; ++c)
            for (const auto name : kColumnNames[c])
                if (const auto it = by_name.find(std::string(name)); it != by_name.end()) {
                    column[c] = it->second;
                    break;
                }
        for (const Column required : {c_sample, c_gene})
            if (column[required] < 0)
                throw InputError(
                    at_line(file, line_number,
                            "not a MAF header: no " +
                                std::string(required == c_sample ? "Tumor_Sample_Barcode" : "Hugo_Symbol") +
                                " column (columns are found by name, in any order)"));
        // Rows may drop trailing empty fields (some writers do); the sample and gene must be there.
        needed_fields = static_cast<std::size_t>(std::max(column[c_sample], column[c_gene])) + 1;
    }

    // The row's problem, or empty when it reads.
    std::string fill(MafRow& row) {
        if (fields.size() < needed_fields)
            return "row has " + std::to_string(fields.size()) + " fields; the header has " +
                   std::to_string(header.size()) + " (a tab lost, or the row cut short)";
        // Extra fields are refused unless empty (a trailing tab some writers add).
        for (std::size_t i = header.size(); i < fields.size(); ++i)
            if (!trim_view(fields[i]).empty())
                return "row has " + std::to_string(fields.size()) + " fields; the header has only " +
                       std::to_string(header.size());
        row.line = line_number;
        row.sample.assign(field(c_sample));
        if (row.sample.empty()) return "blank Tumor_Sample_Barcode";
        row.gene.assign(field(c_gene));
        row.protein_change.clear();
        for (const Column c : {c_hgvsp_short, c_hgvsp, c_protein_change})
            if (const auto value = field(c); !is_blank(value)) {
                row.protein_change.assign(value);
                break;
            }
        assign_unless_blank(row.hgvsc, field(c_hgvsc));
        row.variant_classification.assign(field(c_classification));
        row.consequence.assign(field(c_consequence));
        assign_unless_blank(row.transcript, field(c_transcript));
        assign_unless_blank(row.exon, field(c_exon));
        assign_unless_blank(row.chrom, field(c_chrom));
        row.build.assign(field(c_build));
        row.filter.assign(field(c_filter));
        if (!parse_position(field(c_start), row.start))
            return "Start_Position \"" + std::string(field(c_start)) + "\" is not a position (1-based, > 0)";
        if (!parse_position(field(c_end), row.end))
            return "End_Position \"" + std::string(field(c_end)) + "\" is not a position (1-based, > 0)";
        if (row.start > 0 && row.end > 0 && row.end < row.start)
            return "End_Position " + std::to_string(row.end) + " is before Start_Position " + std::to_string(row.start);
        if (!row.chrom.empty() && row.start == 0) return "Chromosome given without Start_Position";
        const auto ref = field(c_ref), a1 = field(c_allele1), a2 = field(c_allele2);
        for (const auto& [name, allele] : {std::pair{"Reference_Allele", ref}, std::pair{"Tumor_Seq_Allele1", a1},
                                           std::pair{"Tumor_Seq_Allele2", a2}})
            if (!valid_allele(allele))
                return std::string(name) + " \"" + std::string(allele) +
                       "\" is not an allele (bases A, C, G, T, N, or '-' for none)";
        assign_upper(row.ref, ref);
        assign_upper(row.allele1, a1);
        assign_upper(row.allele2, a2);
        if (row.has_coordinates() && (row.ref.empty() || row.tumor_allele().empty()))
            return "coordinates without Reference_Allele and Tumor_Seq_Allele2";
        // End_Position is redundant with Start_Position and Reference_Allele, and some writers
        // (Oncotator) give a deletion End_Position = Start_Position: the allele is read from
        // Start_Position and the alleles, whatever End_Position says.
        if (!parse_count(field(c_alt_count), row.alt_count))
            return "t_alt_count \"" + std::string(field(c_alt_count)) + "\" is not a read count";
        if (!parse_count(field(c_ref_count), row.ref_count))
            return "t_ref_count \"" + std::string(field(c_ref_count)) + "\" is not a read count";
        if (!parse_count(field(c_depth), row.depth))
            return "t_depth \"" + std::string(field(c_depth)) + "\" is not a read count";
        if (row.depth < 0 && row.alt_count >= 0 && row.ref_count >= 0) row.depth = row.alt_count + row.ref_count;
        if (row.depth >= 0 && row.alt_count > row.depth)
            return "t_alt_count " + std::to_string(row.alt_count) + " is more than t_depth " +
                   std::to_string(row.depth);
        return {};
    }

    // The next data line split into fields; false at the end.
    bool next_fields() {
        std::string_view text;
        while (read_line(text)) {
            if (trim_view(text).empty()) continue;
            if (text == header_line) {
                ++repeated_headers;
                continue;
            }
            ++rows;
            split(text);
            return true;
        }
        return false;
    }
};

const std::string& MafRow::tumor_allele() const {
    if (allele2.empty() || (allele2 == ref && !allele1.empty() && allele1 != ref)) return allele1;
    return allele2;
}

std::optional<GenomeBuild> parse_maf_build(std::string_view text) {
    const std::string name = to_lower(trim_view(text));
    if (name == "37" || name == "grch37" || name == "hg19" || name == "b37" || name == "grch37-lite")
        return GenomeBuild::GRCh37;
    if (name == "38" || name == "grch38" || name == "hg38" || name == "b38") return GenomeBuild::GRCh38;
    return std::nullopt;
}

VariantClass maf_variant_class(std::string_view classification) {
    struct Term {
        std::string_view name;
        VariantClass cls;
    };
    // MAF specification (GDC "Variant_Classification") terms.
    static constexpr Term kTerms[] = {
        {"Missense_Mutation", VariantClass::missense},
        {"Nonsense_Mutation", VariantClass::stop_gained},
        {"Frame_Shift_Del", VariantClass::frameshift},
        {"Frame_Shift_Ins", VariantClass::frameshift},
        {"In_Frame_Del", VariantClass::inframe_deletion},
        {"In_Frame_Ins", VariantClass::inframe_insertion},
        {"Splice_Site", VariantClass::splice},
        {"Translation_Start_Site", VariantClass::start_lost},
        {"Nonstop_Mutation", VariantClass::stop_lost},
        {"Silent", VariantClass::synonymous},
        {"Intron", VariantClass::intronic},
        {"3'UTR", VariantClass::utr},
        {"5'UTR", VariantClass::utr},
        {"3'Flank", VariantClass::noncoding},
        {"5'Flank", VariantClass::noncoding},
        {"IGR", VariantClass::noncoding},
        {"RNA", VariantClass::noncoding},
        {"lincRNA", VariantClass::noncoding},
        {"Splice_Region", VariantClass::other},
        {"Targeted_Region", VariantClass::other},
        // ANNOVAR ExonicFunc.refGene terms, which some MAFs carry in Variant_Classification.
        {"nonsynonymous_SNV", VariantClass::missense},
        {"stopgain", VariantClass::stop_gained},
        {"stoploss", VariantClass::stop_lost},
        {"frameshift_deletion", VariantClass::frameshift},
        {"frameshift_insertion", VariantClass::frameshift},
        {"nonframeshift_deletion", VariantClass::inframe_deletion},
        {"nonframeshift_insertion", VariantClass::inframe_insertion},
        {"synonymous_SNV", VariantClass::synonymous},
    };
    for (const auto& term : kTerms)
        if (iequals(classification, term.name)) return term.cls;
    return classify_consequence(classification);
}

std::optional<std::int64_t> maf_anchor_position(const MafRow& row) {
    if (!row.has_coordinates()) return std::nullopt;
    const std::string& alt = row.tumor_allele();
    if (alt == "-") return row.start - 1;  // deletion: the base before the first deleted one
    if (row.ref == "-") return row.start;  // insertion: Start_Position is the base before it
    return std::nullopt;
}

VcfStyleAllele maf_to_vcf_allele(const MafRow& row, std::optional<char> anchor) {
    VcfStyleAllele out;
    if (!row.has_coordinates()) return out;
    const std::string& alt = row.tumor_allele();
    out.pos = row.start;
    out.ref = row.ref;
    out.alt = alt;
    if (alt != "-" && row.ref != "-") return out;
    if (!anchor) {
        out.anchored = false;
        return out;
    }
    if (alt == "-") {
        out.pos = row.start - 1;
        out.ref = std::string(1, *anchor) + row.ref;
        out.alt = std::string(1, *anchor);
    } else {
        out.ref = std::string(1, *anchor);
        out.alt = std::string(1, *anchor) + alt;
    }
    return out;
}

MafReader::MafReader(const std::filesystem::path& path, bool skip_bad_rows) : MafReader(path, skip_bad_rows, false) {}

MafReader::MafReader(const std::filesystem::path& path, bool skip_bad_rows, bool hash_plain_text)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->file = path.string();
    impl_->skip_bad_rows = skip_bad_rows;
    if (!std::filesystem::is_regular_file(path)) throw InputError(impl_->file + ": file not found");
    impl_->handle = bgzf_open(impl_->file.c_str(), "r");
    if (!impl_->handle) throw InputError(impl_->file + ": cannot open for reading");
    if (hash_plain_text && bgzf_compression(impl_->handle) == no_compression)
        impl_->plain_text_hash = std::make_unique<Sha256Stream>();
    impl_->read_header();
}

MafReader::~MafReader() = default;

bool MafReader::next(MafRow& row) {
    while (impl_->next_fields()) {
        const std::string problem = impl_->fill(row);
        if (problem.empty()) return true;
        const std::string message = at_line(impl_->file, impl_->line_number, problem);
        if (!impl_->skip_bad_rows)
            throw InputError(message + " (fix the row, or give --skip-bad-rows to count it in QC and go on)");
        ++impl_->bad;
        if (impl_->bad_examples.size() < kBadRowExamples) impl_->bad_examples.push_back(message);
    }
    return false;
}

bool MafReader::next_sample(std::string& sample) {
    // Only the barcode's field is cut out of the line (a first pass over a large MAF).
    const auto column = static_cast<std::size_t>(impl_->column[c_sample]);
    std::string_view text;
    while (impl_->read_line(text)) {
        if (trim_view(text).empty()) continue;
        if (text == impl_->header_line) {
            ++impl_->repeated_headers;
            continue;
        }
        ++impl_->rows;
        // The barcode's field: after `column` tabs, up to the next one.
        std::size_t tabs = 0, start = 0, stop = text.size();
        each_tab(text, [&](std::size_t tab) {
            if (tabs == column) stop = std::min(stop, tab);
            if (++tabs == column) start = tab + 1;
        });
        if (tabs < column) continue;
        const auto value = trim_view(text.substr(start, stop - start));
        if (value.empty()) continue;
        sample.assign(value);
        return true;
    }
    return false;
}

std::string MafReader::plain_text_sha256() const {
    return impl_->plain_text_hash && impl_->at_eof ? impl_->plain_text_hash->hex_digest() : std::string{};
}

std::string_view MafReader::current_line() const {
    std::string_view text = impl_->line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

const std::filesystem::path& MafReader::path() const {
    return impl_->path;
}
const std::vector<std::string>& MafReader::columns() const {
    return impl_->header;
}
bool MafReader::has_column(std::string_view name) const {
    return std::any_of(impl_->header.begin(), impl_->header.end(),
                       [&](const std::string& column) { return iequals(column, name); });
}
std::int64_t MafReader::rows_read() const {
    return impl_->rows;
}
std::int64_t MafReader::bad_rows() const {
    return impl_->bad;
}
std::int64_t MafReader::repeated_headers() const {
    return impl_->repeated_headers;
}
const std::vector<std::string>& MafReader::bad_row_examples() const {
    return impl_->bad_examples;
}

MafSampleScan scan_maf_samples(const std::filesystem::path& path) {
    MafReader reader(path, true, true);
    MafSampleScan scan;
    std::unordered_map<std::string, std::size_t> seen;
    std::string sample;
    std::string previous;
    while (reader.next_sample(sample)) {
        if (!scan.ids.empty() && sample == previous) continue;  // rows of one sample usually come together
        previous = sample;
        if (seen.find(sample) == seen.end()) {
            seen.emplace(sample, scan.ids.size());
            scan.ids.push_back(sample);
        }
    }
    scan.plain_text_sha256 = reader.plain_text_sha256();
    return scan;
}

std::vector<std::string> maf_sample_ids(const std::filesystem::path& path) {
    return scan_maf_samples(path).ids;
}

}  // namespace pedtx
