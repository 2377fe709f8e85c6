// htslib-backed VCF/BCF reader: header inspection, tumor-sample choice,
// build detection, and lazy per-record decoding.
#include "pedtx/io/vcf_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/vcf.h>
#include <tbb/enumerable_thread_specific.h>

#include "hts_handles.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// Buffers that htslib's bcf_get_* functions grow; freed once per reader.
template <typename T>
struct HtsBuffer {
    T* data = nullptr;
    int capacity = 0;
    ~HtsBuffer() { std::free(data); }
};

// A line as it can be shown in a message: printable ASCII, at most 60 characters.
std::string printable(std::string_view line) {
    std::string out(line.substr(0, 60));
    for (auto& c : out)
        if (c == '\t')
            c = ' ';
        else if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126)
            c = '?';
    if (line.size() > 60) out += "...";
    return out;
}

// Reads a file's lines through BGZF, which inflates bgzip and gzip and passes plain text through.
class TextLines {
public:
    explicit TextLines(const std::filesystem::path& path) : file_(bgzf_open(path.c_str(), "r")) {}
    ~TextLines() {
        if (file_) bgzf_close(file_);
        std::free(line_.s);
    }
    TextLines(const TextLines&) = delete;
    TextLines& operator=(const TextLines&) = delete;
    bool open() const { return file_ != nullptr; }
    // The next line without its end-of-line; nullopt at the end or on a read error.
    std::optional<std::string_view> next() {
        if (!file_ || bgzf_getline(file_, '\n', &line_) < 0) return std::nullopt;
        std::string_view text(line_.s ? line_.s : "", line_.l);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        return text;
    }

private:
    BGZF* file_;
    kstring_t line_{0, 0, nullptr};
};

// What the first line of a file that is not a VCF looks like (inflated when compressed).
std::string describe_first_line(const std::filesystem::path& path) {
    TextLines lines(path);
    const auto first = lines.next();
    if (!first) return "cannot read it";
    return "the first line must be ##fileformat=VCFv4.x, found \"" + printable(*first) + "\"";
}

// Why htslib refused the header: the header lines are read again to find the line at fault
// (htslib 1.16 names the cause only on stderr, with no line number).
std::string diagnose_header(const std::filesystem::path& path) {
    constexpr std::string_view kColumns[] = {"#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"};
    TextLines lines(path);
    if (!lines.open()) return "cannot read it";
    std::int64_t number = 0;
    while (const auto line = lines.next()) {
        ++number;
        const std::string at = "line " + std::to_string(number) + ": ";
        if (number == 1 && !line->starts_with("##fileformat=VCF") && !line->starts_with("#CHROM"))
            return at + "the first line must be ##fileformat=VCFv4.x, found \"" + printable(*line) + "\"";
        if (line->starts_with("##")) continue;
        if (line->starts_with("#CHROM")) {
            std::vector<std::string_view> columns;
            std::size_t start = 0;
            while (true) {
                const auto tab = line->find('\t', start);
                columns.push_back(line->substr(start, tab == std::string_view::npos ? tab : tab - start));
                if (tab == std::string_view::npos) break;
                start = tab + 1;
            }
            for (std::size_t i = 0; i < std::size(kColumns); ++i)
                if (i >= columns.size() || columns[i] != kColumns[i])
                    return at + "the #CHROM line must have the tab-separated columns #CHROM POS ID REF ALT QUAL "
                                "FILTER INFO; column " + std::to_string(i + 1) + " is \"" +
                           printable(i < columns.size() ? columns[i] : std::string_view{}) + "\"";
            for (std::size_t i = 9; i < columns.size(); ++i) {
                const auto name = columns[i];
                if (name.empty() || name.find_first_not_of(' ') == std::string_view::npos)
                    return at + (i + 1 == columns.size() ? "the #CHROM line ends with a tab (an empty sample name): "
                                                          "remove the trailing tab or space"
                                                        : "sample column " + std::to_string(i + 1) +
                                                              " of the #CHROM line has no name (two tabs in a row)");
                for (std::size_t j = 9; j < i; ++j)
                    if (columns[j] == name)
                        return at + "sample name \"" + printable(name) + "\" appears twice on the #CHROM line (columns " +
                               std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                               "); each sample column needs its own name";
            }
            if (columns.size() == 9)
                return at + "the #CHROM line has a FORMAT column but no sample column";
            return at + "htslib refused the #CHROM line \"" + printable(*line) + "\"";
        }
        if (line->starts_with("#"))
            return at + "\"" + printable(*line) +
                   "\" is not a header line: meta lines start with ## and the column line with #CHROM "
                   "(a comment written by another tool? remove it or make it a ## line)";
        return at + "no #CHROM column line before the first record \"" + printable(*line) +
               "\" (the header must end with #CHROM POS ID REF ALT QUAL FILTER INFO ...)";
    }
    if (number == 0) return "no text (an empty or unreadable compressed file)";
    return "the file ends after line " + std::to_string(number) + " without a #CHROM column line";
}

// One rule for the shape of a text record: CHROM to INFO, and FORMAT plus one column per
// sample of the header. A line with fewer columns (cut, or spaces for tabs) would give a
// finding without a genotype; POS must be a whole number from 1 (htslib reads "-5" and "abc" as 0).
void check_text_columns(const std::filesystem::path& path, std::int64_t number, std::string_view line,
                        int sample_columns) {
    std::size_t tabs = 0;
    std::size_t second_tab = std::string_view::npos, first_tab = std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '\t') continue;
        if (++tabs == 1) first_tab = i;
        if (tabs == 2) second_tab = i;
    }
    const std::size_t columns = tabs + 1;
    const std::string where = path.string() + ": record " + std::to_string(number) +
                              (second_tab != std::string_view::npos
                                   ? " (" + std::string(line.substr(0, first_tab)) + ":" +
                                         std::string(line.substr(first_tab + 1, second_tab - first_tab - 1)) + ")"
                                   : std::string{});
    const std::size_t expected = sample_columns > 0 ? 9 + static_cast<std::size_t>(sample_columns) : 8;
    if (sample_columns > 0 ? columns != expected : (columns < 8 || columns > 9))
        throw InputError(where + ": " + std::to_string(columns) + " tab-separated columns, the header has " +
                         std::to_string(expected) +
                         (sample_columns > 0 ? " (CHROM to FORMAT and " + std::to_string(sample_columns) + " sample" +
                                                   (sample_columns == 1 ? "" : "s") + ")"
                                             : " (CHROM to INFO)") +
                         "; the line may be cut short, or use spaces for tabs");
    const std::string_view pos = line.substr(first_tab + 1, second_tab - first_tab - 1);
    const bool digits =
        !pos.empty() && std::all_of(pos.begin(), pos.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pos.find_first_not_of('0') == std::string_view::npos)
        throw InputError(where + ": POS \"" + std::string(pos) + "\" is not a position (a whole number from 1)");
}

// iupac: also the ambiguity codes (R, Y, K, M, S, W, B, D, H, V) a few reference bases carry.
bool is_base_sequence(std::string_view allele, bool iupac) {
    if (allele.empty()) return false;
    for (const char c : allele) {
        if (iupac && std::strchr("RYKMSWBDHVrykmswbdhv", c) && c != 0) continue;
        switch (c) {
            case 'A':
            case 'C':
            case 'G':
            case 'T':
            case 'N':
            case 'a':
            case 'c':
            case 'g':
            case 't':
            case 'n':
                break;
            default:
                return false;
        }
    }
    return true;
}

// REF must be bases (A, C, G, T, N, or an IUPAC code); each ALT bases, '*', '.', a symbolic <ID> or a breakend.
// An ALT of only N names no change, so no finding can be made from it: refused too.
void check_alleles(const std::filesystem::path& path, VcfRecord& record, bcf1_t* rec) {
    bcf_unpack(rec, BCF_UN_STR);
    if (rec->n_allele < 1) return;
    const std::string_view ref = rec->d.allele[0];
    const auto fail = [&](std::string_view allele, const std::string& why) {
        throw InputError(at_record(path.string(), std::string(record.chrom()), record.pos(), std::string(ref),
                                   rec->n_allele > 1 ? rec->d.allele[1] : ".", why));
        (void)allele;
    };
    if (!is_base_sequence(ref, true))
        fail(ref, "REF \"" + std::string(ref) + "\" is not a sequence of bases (A, C, G, T, N or IUPAC codes)");
    for (int i = 1; i < rec->n_allele; ++i) {
        const std::string_view alt = rec->d.allele[i];
        if (alt == "." || alt == "*" || alt.starts_with('<') || alt.find_first_of("[]") != std::string_view::npos ||
            ((alt.front() == '.' || alt.back() == '.') && alt.size() > 1 &&
             is_base_sequence(alt.front() == '.' ? alt.substr(1) : alt.substr(0, alt.size() - 1), false)))
            continue;
        if (!is_base_sequence(alt, false))
            fail(alt,
                 "ALT \"" + std::string(alt) + "\" is not a sequence of bases, '*', a symbolic <ID> or a breakend");
        if (alt.find_first_not_of("Nn") == std::string_view::npos)
            fail(alt, "ALT \"" + std::string(alt) +
                          "\" is an unknown base: no change can be matched to it (fix the caller's output)");
    }
}

}  // namespace

// A header and the chromosome index of each of its contig ids.
struct HeaderView {
    bcf_hdr_t* header = nullptr;
    std::vector<ChromIndex> chrom_by_rid;
    bool may_grow = false;  // a thread's own copy: htslib may add contigs while parsing

    // Indexes the contig ids up to last_rid.
    void index_contigs(int last_rid) {
        while (static_cast<int>(chrom_by_rid.size()) <= last_rid) {
            const char* name = bcf_hdr_id2name(header, static_cast<int>(chrom_by_rid.size()));
            chrom_by_rid.push_back(name ? pedtx::chrom_index(name) : kNoChrom);
        }
    }

    ChromIndex rid_to_chrom(int rid) {
        if (rid < 0) return kNoChrom;
        if (may_grow) index_contigs(rid);  // contigs htslib added while parsing text
        return rid < static_cast<int>(chrom_by_rid.size()) ? chrom_by_rid[rid] : kNoChrom;
    }
};

// A thread's copy of the header for parsing text records.
struct OwnedHeaderView {
    HeaderView view;
    explicit OwnedHeaderView(const bcf_hdr_t* original) {
        view.header = bcf_hdr_dup(original);
        if (!view.header) throw std::bad_alloc();
        view.may_grow = true;
    }
    ~OwnedHeaderView() { bcf_hdr_destroy(view.header); }
    OwnedHeaderView(const OwnedHeaderView&) = delete;
    OwnedHeaderView& operator=(const OwnedHeaderView&) = delete;
};

struct VcfRecord::Impl {
    hts::Record record{bcf_init()};
    kstring_t line{0, 0, nullptr};  // the raw text line (VCF input), until decoded
    bool text = false;
    HeaderView* view = nullptr;  // the header the record was decoded with
    std::int64_t number = 0;
    ChromIndex chrom_index = kNoChrom;
    std::vector<std::string_view> alleles;
    bool alleles_ready = false;
    bool format_ready = false;

    HtsBuffer<char> info_buffer;
    HtsBuffer<std::int32_t> gt, ad, dp, strelka_ref_tier, strelka_alt_tier;
    HtsBuffer<float> af;
    int n_gt = 0, n_ad = 0, n_dp = 0, n_af = 0;

    Impl() {
        if (!record) throw std::bad_alloc();
    }
    ~Impl() { std::free(line.s); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    bcf_hdr_t* header() const { return view->header; }

    void decode_format() {
        if (format_ready) return;
        format_ready = true;
        bcf_hdr_t* h = header();
        bcf1_t* r = record.get();
        n_gt = bcf_get_genotypes(h, r, &gt.data, &gt.capacity);
        n_ad = bcf_get_format_int32(h, r, "AD", &ad.data, &ad.capacity);
        n_dp = bcf_get_format_int32(h, r, "DP", &dp.data, &dp.capacity);
        n_af = bcf_get_format_float(h, r, "AF", &af.data, &af.capacity);
    }
};

VcfRecord::VcfRecord() : impl_(std::make_unique<Impl>()) {}
VcfRecord::~VcfRecord() = default;
VcfRecord::VcfRecord(VcfRecord&&) noexcept = default;
VcfRecord& VcfRecord::operator=(VcfRecord&&) noexcept = default;

struct VcfReader::Impl {
    std::filesystem::path path;
    hts::File file;
    hts::Header header;
    HeaderView main_view;  // BCF records are decoded against the file's header
    bool text_input = false;
    int decompression_threads = 0;
    tbb::enumerable_thread_specific<std::unique_ptr<OwnedHeaderView>> thread_views;
    AnnotationLayout layout;
    VcfRecord current;
    std::int64_t records = 0;
    // The last record read, for read errors: "chrom:pos" of a text line; rid and pos of a BCF record.
    std::string last_where = "the header";
    std::string before_last_where = "the header";  // the record before last_where (text input)
    int last_rid = -1;
    std::int64_t last_pos = 0;
    // Truncation that htslib does not report by itself: a BGZF file without its end-of-file
    // block (cut at a block boundary), a plain text file whose last line has no newline.
    bool missing_eof_block = false;
    bool missing_final_newline = false;
    int sample_columns = 0;

    // The decompressing stream of a (b)gzipped file, nullptr for plain text.
    const BGZF* compressed_stream() const {
        const htsFormat* format = hts_get_format(file.get());
        return format->compression == bgzf || format->compression == gzip ? file->fp.bgzf : nullptr;
    }

    [[noreturn]] void truncated(const std::string& after, std::int64_t record, const std::string& why = "") const {
        throw InputError(path.string() + ": corrupt or truncated input after " + after + " (record " +
                         std::to_string(record) + ")" + why);
    }

    std::string last_record() const {
        if (text_input || last_rid < 0) return last_where;
        const char* name = bcf_hdr_id2name(header.get(), last_rid);
        return std::string(name ? name : "?") + ":" + std::to_string(last_pos + 1);
    }

    HeaderView& parsing_view() {
        auto& mine = thread_views.local();
        if (!mine) mine = std::make_unique<OwnedHeaderView>(header.get());
        return mine->view;
    }
};

VcfReader::VcfReader(const std::filesystem::path& path, int decompression_threads) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    const std::string name = path.string();
    if (!std::filesystem::exists(path)) throw InputError(name + ": file not found");
    if (std::filesystem::is_directory(path)) throw InputError(name + ": is a directory, not a VCF");
    std::error_code size_error;
    if (std::filesystem::is_regular_file(path) && std::filesystem::file_size(path, size_error) == 0 && !size_error)
        throw InputError(name + ": empty file (no VCF header)");
    impl_->file.reset(hts_open(name.c_str(), "r"));
    if (!impl_->file) throw InputError(name + ": cannot open as VCF/BCF (" + std::strerror(errno) + ")");
    const htsFormat* format = hts_get_format(impl_->file.get());
    if (format->category != variant_data && format->format != vcf && format->format != bcf)
        throw InputError(name + ": not a VCF or BCF file: " + describe_first_line(path));
    impl_->text_input = format->format == vcf;
    if (format->compression == bgzf) {
        impl_->missing_eof_block = hts_check_EOF(impl_->file.get()) == 0;
    } else if (format->compression == no_compression && impl_->text_input && std::filesystem::is_regular_file(path)) {
        if (std::FILE* f = std::fopen(name.c_str(), "rb")) {
            impl_->missing_final_newline = std::fseek(f, -1, SEEK_END) == 0 && std::fgetc(f) != '\n';
            std::fclose(f);
        }
    }
    if (decompression_threads > 0 && !impl_->text_input) {
        hts_set_threads(impl_->file.get(), decompression_threads);
        impl_->decompression_threads = decompression_threads;
    }
    impl_->header.reset(bcf_hdr_read(impl_->file.get()));
    if (!impl_->header) {
        if (impl_->text_input) throw InputError(name + ": invalid VCF header: " + diagnose_header(path));
        throw InputError(name + ": invalid BCF header (the file may be truncated or corrupt)");
    }
    impl_->sample_columns = bcf_hdr_nsamples(impl_->header.get());
    impl_->main_view.header = impl_->header.get();
    impl_->main_view.index_contigs(impl_->header->n[BCF_DT_CTG] - 1);
    impl_->layout = detect_annotation_layout(info_header_lines());
}

VcfReader::~VcfReader() = default;

const std::filesystem::path& VcfReader::path() const {
    return impl_->path;
}

std::vector<std::string> VcfReader::sample_names() const {
    std::vector<std::string> names;
    const int n = bcf_hdr_nsamples(impl_->header.get());
    for (int i = 0; i < n; ++i) names.emplace_back(impl_->header->samples[i]);
    return names;
}

TumorSampleChoice VcfReader::choose_tumor_sample(const std::optional<std::string>& requested,
                                                 std::string_view how_to_choose) const {
    const auto names = sample_names();
    const auto index_of = [&](const std::string& wanted) -> int {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == wanted) return static_cast<int>(i);
        return -1;
    };
    const std::string file = impl_->path.string();
    const std::string listing = names.empty() ? "(none)" : join(names, ", ");
    if (requested) {
        const int index = index_of(*requested);
        if (index < 0)
            throw InputError(file + ": sample \"" + *requested + "\" (" + std::string(how_to_choose) +
                             ") not found; samples are: " + listing);
        return {index, *requested, std::string(how_to_choose)};
    }
    if (names.empty()) {
        std::string stem = impl_->path.filename().string();
        for (const char* ext : {".gz", ".bgz", ".vcf", ".bcf"})
            if (stem.size() > std::strlen(ext) && stem.ends_with(ext)) stem.resize(stem.size() - std::strlen(ext));
        return {-1, stem, "sites-only VCF"};
    }
    bcf_hrec_t* tumor_line = bcf_hdr_get_hrec(impl_->header.get(), BCF_HL_GEN, "tumor_sample", nullptr, nullptr);
    if (tumor_line && tumor_line->value) {
        const int index = index_of(tumor_line->value);
        if (index >= 0) return {index, names[index], "##tumor_sample"};
    }
    for (std::size_t i = 0; i < names.size(); ++i)
        if (to_upper(names[i]) == "TUMOR") return {static_cast<int>(i), names[i], "TUMOR column"};
    // Tumor/normal pairs named like "PATIENT1_TUMOR" and "PATIENT1_NORMAL": exactly one name
    // says tumor and every other one says normal.
    int tumor_like = -1;
    int tumor_count = 0;
    bool others_normal = true;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string upper = to_upper(names[i]);
        const bool tumor = upper.find("TUMOR") != std::string::npos || upper.find("TUMOUR") != std::string::npos;
        const bool normal = upper.find("NORMAL") != std::string::npos || upper.find("GERMLINE") != std::string::npos;
        if (tumor && !normal) {
            ++tumor_count;
            tumor_like = static_cast<int>(i);
        } else if (!normal) {
            others_normal = false;
        }
    }
    if (tumor_count == 1 && others_normal)
        return {tumor_like, names[tumor_like], "column name says tumor, the other says normal"};
    if (names.size() == 1) return {0, names[0], "only sample"};
    throw InputError(file + ": " + std::to_string(names.size()) +
                     " samples and no ##tumor_sample or TUMOR column; choose one with " + std::string(how_to_choose) +
                     ": " + listing);
}

BuildAssessment VcfReader::assess_build() const {
    bcf_hdr_t* h = impl_->header.get();
    std::vector<HeaderContig> contigs;
    const int n = h->n[BCF_DT_CTG];
    for (int i = 0; i < n; ++i) {
        const char* name = h->id[BCF_DT_CTG][i].key;
        const bcf_idinfo_t* info = h->id[BCF_DT_CTG][i].val;
        if (!name || !info) continue;
        contigs.push_back({name, static_cast<std::int64_t>(info->info[0])});
    }
    std::vector<HeaderReferenceLine> references;
    for (const char* key : {"reference", "assembly", "genome_build"}) {
        bcf_hrec_t* line = bcf_hdr_get_hrec(h, BCF_HL_GEN, key, nullptr, nullptr);
        if (line && line->value && *line->value) references.push_back({key, line->value});
    }
    return assess_genome_build(contigs, references);
}

const AnnotationLayout& VcfReader::annotation_layout() const {
    return impl_->layout;
}

int VcfReader::decompression_threads() const {
    return impl_->decompression_threads;
}

std::vector<InfoHeaderLine> VcfReader::info_header_lines() const {
    std::vector<InfoHeaderLine> lines;
    bcf_hdr_t* h = impl_->header.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* hrec = h->hrec[i];
        if (hrec->type != BCF_HL_INFO) continue;
        InfoHeaderLine line;
        for (int k = 0; k < hrec->nkeys; ++k) {
            if (std::strcmp(hrec->keys[k], "ID") == 0)
                line.id = hrec->vals[k];
            else if (std::strcmp(hrec->keys[k], "Description") == 0)
                line.description = hrec->vals[k];
        }
        if (!line.id.empty()) lines.push_back(std::move(line));
    }
    return lines;
}

bool VcfReader::read_raw(VcfRecord& record) {
    Impl& s = *impl_;
    VcfRecord::Impl& r = *record.impl_;
    int status;
    if (s.text_input) {
        status = hts_getline(s.file.get(), KS_SEP_LINE, &r.line);
        // A blank line holds no record.
        while (status >= 0 && r.line.l == 0) status = hts_getline(s.file.get(), KS_SEP_LINE, &r.line);
    } else {
        status = bcf_read(s.file.get(), s.header.get(), r.record.get());
    }
    // htslib hands out the part of a line it inflated before a corrupt block, then reports the
    // end of the file: its error flag, not the return code, tells a cut file from a whole one.
    const BGZF* compressed = s.compressed_stream();
    const bool read_error = status < -1 || (compressed && compressed->errcode != 0);
    if (read_error) s.truncated(s.last_record(), s.records + 1);
    if (status == -1) {
        if (s.missing_eof_block) s.truncated(s.last_record(), s.records + 1, ": the BGZF end-of-file block is missing");
        if (s.missing_final_newline && s.records > 0)
            s.truncated(s.before_last_where, s.records, ": its last line ends without a newline");
        return false;
    }
    r.text = s.text_input;
    r.number = ++s.records;
    if (s.text_input) {
        // CHROM and POS of the line, for the message should the next read fail.
        const char* begin = r.line.s;
        const char* tab = static_cast<const char*>(std::memchr(begin, '\t', r.line.l));
        const char* end =
            tab ? static_cast<const char*>(std::memchr(tab + 1, '\t', r.line.l - (tab + 1 - begin))) : nullptr;
        s.before_last_where = s.last_where;
        if (tab && end) {
            s.last_where.assign(begin, tab);
            s.last_where.push_back(':');
            s.last_where.append(tab + 1, end);
        }
    } else {
        s.last_rid = r.record->rid;
        s.last_pos = r.record->pos;
    }
    return true;
}

void VcfReader::decode(VcfRecord& record) {
    Impl& s = *impl_;
    VcfRecord::Impl& r = *record.impl_;
    r.alleles_ready = false;
    r.format_ready = false;
    bcf1_t* rec = r.record.get();
    if (r.text) {
        r.view = &s.parsing_view();
        check_text_columns(s.path, r.number, std::string_view(r.line.s, r.line.l), s.sample_columns);
        const int status = vcf_parse(&r.line, r.view->header, rec);
        r.text = false;
        if (status < 0) {
            const char* name = rec->rid >= 0 ? bcf_hdr_id2name(r.view->header, rec->rid) : nullptr;
            throw InputError(s.path.string() + ": record " + std::to_string(r.number) +
                             (name ? std::string(" (") + name + ":" + std::to_string(rec->pos + 1) + ")" : "") +
                             ": malformed VCF line (htslib could not parse it)");
        }
    } else {
        r.view = &s.main_view;
    }
    const int fatal = rec->errcode & ~(BCF_ERR_TAG_UNDEF | BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_INVALID);
    if (fatal) {
        throw InputError(at_record(s.path.string(), record.chrom().empty() ? "?" : std::string(record.chrom()),
                                   record.pos(), "?", "?",
                                   "malformed record (htslib error code " + std::to_string(rec->errcode) + ")"));
    }
    if (rec->rid < 0) throw InputError(s.path.string() + ": record " + std::to_string(r.number) + ": no contig");
    r.chrom_index = r.view->rid_to_chrom(rec->rid);
    bcf_unpack(rec, BCF_UN_FLT);
    check_alleles(s.path, record, rec);
}

bool VcfReader::next() {
    if (!read_raw(impl_->current)) return false;
    decode(impl_->current);
    return true;
}

VcfRecord& VcfReader::record() {
    return impl_->current;
}

std::int64_t VcfReader::records_read() const {
    return impl_->records;
}

std::int64_t VcfRecord::number() const {
    return impl_->number;
}

std::string_view VcfRecord::chrom() const {
    const char* name = bcf_hdr_id2name(impl_->header(), impl_->record->rid);
    return name ? std::string_view(name) : std::string_view{};
}

ChromIndex VcfRecord::chrom_index() const {
    return impl_->chrom_index;
}

std::int64_t VcfRecord::pos() const {
    return static_cast<std::int64_t>(impl_->record->pos) + 1;
}

bool VcfRecord::passes_filter() const {
    const bcf1_t* r = impl_->record.get();
    if (r->d.n_flt == 0) return true;
    for (int i = 0; i < r->d.n_flt; ++i) {
        const char* name = bcf_hdr_int2id(impl_->header(), BCF_DT_ID, r->d.flt[i]);
        if (!name || std::strcmp(name, "PASS") != 0) return false;
    }
    return true;
}

std::vector<std::string_view> VcfRecord::failed_filters() const {
    std::vector<std::string_view> names;
    const bcf1_t* r = impl_->record.get();
    for (int i = 0; i < r->d.n_flt; ++i) {
        const char* name = bcf_hdr_int2id(impl_->header(), BCF_DT_ID, r->d.flt[i]);
        if (name && std::strcmp(name, "PASS") != 0) names.emplace_back(name);
    }
    return names;
}

bool VcfRecord::has_info(const std::string& tag) const {
    bcf1_t* r = impl_->record.get();
    bcf_unpack(r, BCF_UN_INFO);
    return bcf_get_info(impl_->header(), r, tag.c_str()) != nullptr;
}

const std::vector<std::string_view>& VcfRecord::alleles() {
    Impl& s = *impl_;
    if (!s.alleles_ready) {
        bcf1_t* r = s.record.get();
        bcf_unpack(r, BCF_UN_STR);
        s.alleles.clear();
        for (int i = 0; i < r->n_allele; ++i) s.alleles.emplace_back(r->d.allele[i]);
        s.alleles_ready = true;
    }
    return s.alleles;
}

std::string_view VcfRecord::info_string(const std::string& tag) {
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_unpack(r, BCF_UN_INFO);
    const int n = bcf_get_info_string(s.header(), r, tag.c_str(), &s.info_buffer.data, &s.info_buffer.capacity);
    if (n <= 0) return {};
    return std::string_view(s.info_buffer.data, std::strlen(s.info_buffer.data));
}

AlleleSupport VcfRecord::allele_support(int sample_index, std::size_t alt_index) {
    AlleleSupport support;
    if (sample_index < 0) return support;  // sites-only: every allele counts
    Impl& s = *impl_;
    s.decode_format();
    bcf1_t* r = s.record.get();
    bcf_hdr_t* h = s.header();
    const int n_samples = bcf_hdr_nsamples(h);
    const int n_allele = r->n_allele;

    // Read counts: AD (REF, ALT...), else Strelka2 tier-1 counts.
    std::int32_t ref_reads = -1;
    if (s.n_ad > 0) {
        const int per = s.n_ad / n_samples;
        if (per >= n_allele) {
            const std::int32_t* row = s.ad.data + sample_index * per;
            const std::int32_t alt = row[alt_index];
            if (alt != bcf_int32_missing && alt != bcf_int32_vector_end) support.alt_reads = alt;
            std::int32_t total = 0;
            bool any = false;
            for (int i = 0; i < n_allele; ++i)
                if (row[i] != bcf_int32_missing && row[i] != bcf_int32_vector_end) {
                    total += row[i];
                    any = true;
                }
            if (any) support.depth = total;
            if (row[0] != bcf_int32_missing && row[0] != bcf_int32_vector_end) ref_reads = row[0];
        }
    }
    if (support.alt_reads < 0) {
        const std::string_view ref = alleles()[0];
        const std::string_view alt = alleles()[alt_index];
        const bool snv = ref.size() == 1 && alt.size() == 1;
        const auto tier1 = [&](const char* tag, HtsBuffer<std::int32_t>& buffer) -> std::int32_t {
            int n = bcf_get_format_int32(h, r, tag, &buffer.data, &buffer.capacity);
            if (n <= 0) return -1;
            const int per = n / n_samples;
            const std::int32_t value = buffer.data[sample_index * per];
            return value == bcf_int32_missing || value == bcf_int32_vector_end ? -1 : value;
        };
        if (snv) {
            const std::string ref_tag = std::string(1, ref[0]) + "U";
            const std::string alt_tag = std::string(1, alt[0]) + "U";
            const std::int32_t alt_count = tier1(alt_tag.c_str(), s.strelka_alt_tier);
            if (alt_count >= 0) {
                support.alt_reads = alt_count;
                ref_reads = tier1(ref_tag.c_str(), s.strelka_ref_tier);
                if (ref_reads >= 0) support.depth = ref_reads + alt_count;
            }
        } else {
            const std::int32_t alt_count = tier1("TIR", s.strelka_alt_tier);
            if (alt_count >= 0) {
                support.alt_reads = alt_count;
                ref_reads = tier1("TAR", s.strelka_ref_tier);
                if (ref_reads >= 0) support.depth = ref_reads + alt_count;
            }
        }
    }
    if (s.n_dp > 0) {
        const int per = s.n_dp / n_samples;
        const std::int32_t value = s.dp.data[sample_index * per];
        if (value != bcf_int32_missing && value != bcf_int32_vector_end) support.depth = value;
    }
    if (s.n_af > 0) {
        const int per = s.n_af / n_samples;
        if (per >= n_allele - 1 && alt_index >= 1) {
            const float value = s.af.data[sample_index * per + static_cast<int>(alt_index) - 1];
            if (!bcf_float_is_missing(value) && !bcf_float_is_vector_end(value) && std::isfinite(value))
                support.vaf = value;
        }
    }
    if (support.vaf < 0 && support.alt_reads >= 0) {
        const std::int32_t denominator = ref_reads >= 0 ? ref_reads + support.alt_reads : support.depth;
        if (denominator > 0) support.vaf = static_cast<double>(support.alt_reads) / denominator;
    }

    // Carried: genotype holds the allele; without a called GT, ALT reads > 0.
    bool genotype_called = false;
    bool genotype_carries = false;
    if (s.n_gt > 0) {
        const int ploidy = s.n_gt / n_samples;
        const std::int32_t* row = s.gt.data + sample_index * ploidy;
        for (int i = 0; i < ploidy; ++i) {
            if (row[i] == bcf_int32_vector_end) break;
            if (bcf_gt_is_missing(row[i])) continue;
            genotype_called = true;
            if (bcf_gt_allele(row[i]) == static_cast<int>(alt_index)) genotype_carries = true;
        }
    }
    support.genotype_called = genotype_called;
    if (genotype_called)
        support.carried = genotype_carries;
    else if (support.alt_reads >= 0)
        support.carried = support.alt_reads > 0;
    else
        support.carried = true;  // nothing written for this sample: trust the caller's record
    return support;
}

std::string_view VcfRecord::id() {
    bcf1_t* r = impl_->record.get();
    bcf_unpack(r, BCF_UN_STR);
    return r->d.id ? std::string_view(r->d.id) : std::string_view(".");
}

std::int64_t VcfRecord::end_pos() const {
    const bcf1_t* r = impl_->record.get();
    return static_cast<std::int64_t>(r->pos) + std::max<std::int64_t>(1, r->rlen);
}

std::optional<double> VcfRecord::info_number(const std::string& tag) {
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_unpack(r, BCF_UN_INFO);
    const int id = bcf_hdr_id2int(s.header(), BCF_DT_ID, tag.c_str());
    if (id < 0 || !bcf_hdr_idinfo_exists(s.header(), BCF_HL_INFO, id)) return std::nullopt;
    const int type = bcf_hdr_id2type(s.header(), BCF_HL_INFO, id);
    if (type == BCF_HT_INT) {
        HtsBuffer<std::int32_t> buffer;
        if (bcf_get_info_int32(s.header(), r, tag.c_str(), &buffer.data, &buffer.capacity) > 0 &&
            buffer.data[0] != bcf_int32_missing)
            return buffer.data[0];
    } else if (type == BCF_HT_REAL) {
        HtsBuffer<float> buffer;
        if (bcf_get_info_float(s.header(), r, tag.c_str(), &buffer.data, &buffer.capacity) > 0 &&
            !bcf_float_is_missing(buffer.data[0]) && std::isfinite(buffer.data[0]))
            return buffer.data[0];
    } else if (type == BCF_HT_STR) {
        const auto text = info_string(tag);
        if (text.empty()) return std::nullopt;
        try {
            std::size_t used = 0;
            const double value = std::stod(std::string(text), &used);
            if (used > 0) return value;
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
}

std::optional<double> VcfRecord::format_number(const std::string& tag, int sample_index, int index) {
    if (sample_index < 0) return std::nullopt;
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_hdr_t* h = s.header();
    bcf_unpack(r, BCF_UN_FMT);
    const int id = bcf_hdr_id2int(h, BCF_DT_ID, tag.c_str());
    if (id < 0 || !bcf_hdr_idinfo_exists(h, BCF_HL_FMT, id)) return std::nullopt;
    const int n_samples = bcf_hdr_nsamples(h);
    if (bcf_hdr_id2type(h, BCF_HL_FMT, id) == BCF_HT_INT) {
        HtsBuffer<std::int32_t> buffer;
        const int n = bcf_get_format_int32(h, r, tag.c_str(), &buffer.data, &buffer.capacity);
        if (n <= 0) return std::nullopt;
        const int per = n / n_samples;
        if (index >= per) return std::nullopt;
        const std::int32_t value = buffer.data[sample_index * per + index];
        if (value == bcf_int32_missing || value == bcf_int32_vector_end) return std::nullopt;
        return value;
    }
    if (bcf_hdr_id2type(h, BCF_HL_FMT, id) == BCF_HT_REAL) {
        HtsBuffer<float> buffer;
        const int n = bcf_get_format_float(h, r, tag.c_str(), &buffer.data, &buffer.capacity);
        if (n <= 0) return std::nullopt;
        const int per = n / n_samples;
        if (index >= per) return std::nullopt;
        const float value = buffer.data[sample_index * per + index];
        if (bcf_float_is_missing(value) || bcf_float_is_vector_end(value) || !std::isfinite(value)) return std::nullopt;
        return value;
    }
    return std::nullopt;
}

std::string VcfRecord::record_label() {
    const auto& a = alleles();
    std::string label =
        std::string(chrom()) + ":" + std::to_string(pos()) + " " + (a.empty() ? "?" : std::string(a[0])) + ">";
    for (std::size_t i = 1; i < a.size(); ++i) label += (i > 1 ? "," : "") + std::string(a[i]);
    return label;
}

}  // namespace pedtx
