// htslib-backed VCF/BCF reader, the reader's side: opening the file (with a diagnosis of a
// header htslib refuses), sample names and the tumor-column choice, build detection from the
// header, and the INFO header lines. Records are read and decoded in vcf_record.cpp.
#include "pedtx/io/vcf_reader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "pedtx/util/text.hpp"
#include "vcf_reader_impl.hpp"

namespace pedtx {

namespace {

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

}  // namespace

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

std::optional<TumorSampleChoice> VcfReader::choose_normal_sample(const std::optional<std::string>& requested,
                                                                int tumor_index, std::string_view how_to_choose) const {
    const auto names = sample_names();
    const std::string file = impl_->path.string();
    if (requested) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == *requested) return TumorSampleChoice{static_cast<int>(i), names[i], std::string(how_to_choose)};
        throw InputError(file + ": normal sample \"" + *requested + "\" (" + std::string(how_to_choose) +
                         ") not found; samples are: " + (names.empty() ? std::string("(none)") : join(names, ", ")));
    }
    bcf_hrec_t* normal_line = bcf_hdr_get_hrec(impl_->header.get(), BCF_HL_GEN, "normal_sample", nullptr, nullptr);
    if (normal_line && normal_line->value) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == normal_line->value && static_cast<int>(i) != tumor_index)
                return TumorSampleChoice{static_cast<int>(i), names[i], "##normal_sample"};
    }
    for (std::size_t i = 0; i < names.size(); ++i)
        if (to_upper(names[i]) == "NORMAL" && static_cast<int>(i) != tumor_index)
            return TumorSampleChoice{static_cast<int>(i), names[i], "NORMAL column"};
    return std::nullopt;
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

}  // namespace pedtx
