// htslib-backed VCF/BCF reader: header inspection, tumor-sample choice,
// build detection, and lazy per-record decoding.
#include "pedtx/io/vcf_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <htslib/hts.h>
#include <htslib/vcf.h>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

struct HtsFileCloser {
    void operator()(htsFile* f) const {
        if (f) hts_close(f);
    }
};
struct HeaderDestroyer {
    void operator()(bcf_hdr_t* h) const {
        if (h) bcf_hdr_destroy(h);
    }
};
struct RecordDestroyer {
    void operator()(bcf1_t* r) const {
        if (r) bcf_destroy(r);
    }
};

// Buffers that htslib's bcf_get_* functions grow; freed once per reader.
template <typename T>
struct HtsBuffer {
    T* data = nullptr;
    int capacity = 0;
    ~HtsBuffer() { std::free(data); }
};

// What the first line of a file that is not a VCF looks like, for the error message.
std::string describe_first_line(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return "cannot read it";
    char buffer[121] = {};
    const std::size_t got = std::fread(buffer, 1, 120, f);
    std::fclose(f);
    std::string line(buffer, got);
    if (const auto end = line.find_first_of("\r\n"); end != std::string::npos) line.resize(end);
    for (auto& c : line)
        if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '?';
    if (line.size() > 60) line = line.substr(0, 60) + "...";
    return "the first line must be ##fileformat=VCFv4.x, found \"" + line + "\"";
}

}  // namespace

struct VcfReader::Impl {
    std::filesystem::path path;
    std::unique_ptr<htsFile, HtsFileCloser> file;
    std::unique_ptr<bcf_hdr_t, HeaderDestroyer> header;
    std::unique_ptr<bcf1_t, RecordDestroyer> record;
    AnnotationLayout layout;
    std::vector<ChromIndex> chrom_by_rid;
    std::vector<std::string_view> alleles;
    bool alleles_ready = false;
    bool format_ready = false;
    std::int64_t records = 0;
    int last_rid = -1;
    std::int64_t last_pos = 0;

    HtsBuffer<char> info_buffer;
    HtsBuffer<std::int32_t> gt, ad, dp, strelka_ref_tier, strelka_alt_tier;
    HtsBuffer<float> af;
    int n_gt = 0, n_ad = 0, n_dp = 0, n_af = 0;

    ChromIndex rid_to_chrom(int rid) {
        if (rid < 0) return kNoChrom;
        // Contigs missing from the header are added by htslib while reading.
        while (static_cast<int>(chrom_by_rid.size()) <= rid) {
            const int next = static_cast<int>(chrom_by_rid.size());
            const char* name = bcf_hdr_id2name(header.get(), next);
            chrom_by_rid.push_back(name ? pedtx::chrom_index(name) : kNoChrom);
        }
        return chrom_by_rid[rid];
    }

    void decode_format() {
        if (format_ready) return;
        format_ready = true;
        bcf_hdr_t* h = header.get();
        bcf1_t* r = record.get();
        n_gt = bcf_get_genotypes(h, r, &gt.data, &gt.capacity);
        n_ad = bcf_get_format_int32(h, r, "AD", &ad.data, &ad.capacity);
        n_dp = bcf_get_format_int32(h, r, "DP", &dp.data, &dp.capacity);
        n_af = bcf_get_format_float(h, r, "AF", &af.data, &af.capacity);
    }
};

VcfReader::VcfReader(const std::filesystem::path& path, int decompression_threads)
    : impl_(std::make_unique<Impl>()) {
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
    if (decompression_threads > 0) hts_set_threads(impl_->file.get(), decompression_threads);
    impl_->header.reset(bcf_hdr_read(impl_->file.get()));
    if (!impl_->header)
        throw InputError(name + ": no valid VCF header (it must start with ##fileformat=VCF and end with a #CHROM "
                                "line); the file may be truncated or not a VCF");
    impl_->record.reset(bcf_init());
    impl_->layout = detect_annotation_layout(info_header_lines());
}

VcfReader::~VcfReader() = default;

const std::filesystem::path& VcfReader::path() const { return impl_->path; }

std::vector<std::string> VcfReader::sample_names() const {
    std::vector<std::string> names;
    const int n = bcf_hdr_nsamples(impl_->header.get());
    for (int i = 0; i < n; ++i) names.emplace_back(impl_->header->samples[i]);
    return names;
}

TumorSampleChoice VcfReader::choose_tumor_sample(const std::optional<std::string>& requested) const {
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
            throw InputError(file + ": sample \"" + *requested + "\" not found; samples are: " + listing);
        return {index, *requested, "--sample"};
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
                     " samples and no ##tumor_sample or TUMOR column; choose one with --sample: " + listing);
}

std::optional<GenomeBuild> VcfReader::detect_build() const {
    bcf_hdr_t* h = impl_->header.get();
    const int n = h->n[BCF_DT_CTG];
    for (int i = 0; i < n; ++i) {
        const char* name = h->id[BCF_DT_CTG][i].key;
        const bcf_idinfo_t* info = h->id[BCF_DT_CTG][i].val;
        if (!name || !info) continue;
        const auto chrom = pedtx::chrom_index(name);
        if (chrom == kNoChrom || chrom > 24) continue;
        if (auto build = build_from_contig_length(chrom, static_cast<std::int64_t>(info->info[0]))) return build;
    }
    for (const char* key : {"reference", "assembly", "genome_build"}) {
        bcf_hrec_t* line = bcf_hdr_get_hrec(h, BCF_HL_GEN, key, nullptr, nullptr);
        if (line && line->value)
            if (auto build = build_from_reference_name(line->value)) return build;
    }
    return std::nullopt;
}

const AnnotationLayout& VcfReader::annotation_layout() const { return impl_->layout; }

std::vector<InfoHeaderLine> VcfReader::info_header_lines() const {
    std::vector<InfoHeaderLine> lines;
    bcf_hdr_t* h = impl_->header.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* hrec = h->hrec[i];
        if (hrec->type != BCF_HL_INFO) continue;
        InfoHeaderLine line;
        for (int k = 0; k < hrec->nkeys; ++k) {
            if (std::strcmp(hrec->keys[k], "ID") == 0) line.id = hrec->vals[k];
            else if (std::strcmp(hrec->keys[k], "Description") == 0) line.description = hrec->vals[k];
        }
        if (!line.id.empty()) lines.push_back(std::move(line));
    }
    return lines;
}

bool VcfReader::next() {
    Impl& s = *impl_;
    const int status = bcf_read(s.file.get(), s.header.get(), s.record.get());
    if (status == -1) return false;
    if (status < -1)
    {
        std::string where = "the header";
        if (s.last_rid >= 0) {
            const char* name = bcf_hdr_id2name(s.header.get(), s.last_rid);
            where = std::string(name ? name : "?") + ":" + std::to_string(s.last_pos + 1);
        }
        throw InputError(s.path.string() + ": corrupt or truncated input after " + where + " (record " +
                         std::to_string(s.records + 1) + ")");
    }
    bcf1_t* r = s.record.get();
    s.alleles_ready = false;
    s.format_ready = false;
    ++s.records;
    s.last_rid = r->rid;
    s.last_pos = r->pos;
    const int fatal = r->errcode & ~(BCF_ERR_TAG_UNDEF | BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_INVALID);
    if (fatal) {
        throw InputError(at_record(s.path.string(), chrom().empty() ? "?" : std::string(chrom()), pos(),
                                   "?", "?", "malformed record (htslib error code " + std::to_string(r->errcode) + ")"));
    }
    if (r->rid < 0) throw InputError(s.path.string() + ": record " + std::to_string(s.records) + ": no contig");
    bcf_unpack(r, BCF_UN_FLT);
    return true;
}

std::string_view VcfReader::chrom() const {
    const char* name = bcf_hdr_id2name(impl_->header.get(), impl_->record->rid);
    return name ? std::string_view(name) : std::string_view{};
}

ChromIndex VcfReader::chrom_index() const { return impl_->rid_to_chrom(impl_->record->rid); }

std::int64_t VcfReader::pos() const { return static_cast<std::int64_t>(impl_->record->pos) + 1; }

bool VcfReader::passes_filter() const {
    const bcf1_t* r = impl_->record.get();
    if (r->d.n_flt == 0) return true;
    for (int i = 0; i < r->d.n_flt; ++i) {
        const char* name = bcf_hdr_int2id(impl_->header.get(), BCF_DT_ID, r->d.flt[i]);
        if (!name || std::strcmp(name, "PASS") != 0) return false;
    }
    return true;
}

std::vector<std::string_view> VcfReader::failed_filters() const {
    std::vector<std::string_view> names;
    const bcf1_t* r = impl_->record.get();
    for (int i = 0; i < r->d.n_flt; ++i) {
        const char* name = bcf_hdr_int2id(impl_->header.get(), BCF_DT_ID, r->d.flt[i]);
        if (name && std::strcmp(name, "PASS") != 0) names.emplace_back(name);
    }
    return names;
}

bool VcfReader::has_info(const std::string& tag) const {
    bcf1_t* r = impl_->record.get();
    bcf_unpack(r, BCF_UN_INFO);
    return bcf_get_info(impl_->header.get(), r, tag.c_str()) != nullptr;
}

const std::vector<std::string_view>& VcfReader::alleles() {
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

std::string_view VcfReader::info_string(const std::string& tag) {
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_unpack(r, BCF_UN_INFO);
    const int n = bcf_get_info_string(s.header.get(), r, tag.c_str(), &s.info_buffer.data, &s.info_buffer.capacity);
    if (n <= 0) return {};
    return std::string_view(s.info_buffer.data, std::strlen(s.info_buffer.data));
}

AlleleSupport VcfReader::allele_support(int sample_index, std::size_t alt_index) {
    AlleleSupport support;
    if (sample_index < 0) return support;  // sites-only: every allele counts
    Impl& s = *impl_;
    s.decode_format();
    bcf1_t* r = s.record.get();
    bcf_hdr_t* h = s.header.get();
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
        const std::int32_t denominator =
            ref_reads >= 0 ? ref_reads + support.alt_reads : support.depth;
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
    if (genotype_called) support.carried = genotype_carries;
    else if (support.alt_reads >= 0) support.carried = support.alt_reads > 0;
    else support.carried = true;  // nothing written for this sample: trust the caller's record
    return support;
}

std::string_view VcfReader::id() {
    bcf1_t* r = impl_->record.get();
    bcf_unpack(r, BCF_UN_STR);
    return r->d.id ? std::string_view(r->d.id) : std::string_view(".");
}

std::int64_t VcfReader::end_pos() const {
    const bcf1_t* r = impl_->record.get();
    return static_cast<std::int64_t>(r->pos) + std::max<std::int64_t>(1, r->rlen);
}

std::optional<double> VcfReader::info_number(const std::string& tag) {
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_unpack(r, BCF_UN_INFO);
    const int id = bcf_hdr_id2int(s.header.get(), BCF_DT_ID, tag.c_str());
    if (id < 0 || !bcf_hdr_idinfo_exists(s.header.get(), BCF_HL_INFO, id)) return std::nullopt;
    const int type = bcf_hdr_id2type(s.header.get(), BCF_HL_INFO, id);
    if (type == BCF_HT_INT) {
        HtsBuffer<std::int32_t> buffer;
        if (bcf_get_info_int32(s.header.get(), r, tag.c_str(), &buffer.data, &buffer.capacity) > 0 &&
            buffer.data[0] != bcf_int32_missing)
            return buffer.data[0];
    } else if (type == BCF_HT_REAL) {
        HtsBuffer<float> buffer;
        if (bcf_get_info_float(s.header.get(), r, tag.c_str(), &buffer.data, &buffer.capacity) > 0 &&
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

std::optional<double> VcfReader::format_number(const std::string& tag, int sample_index, int index) {
    if (sample_index < 0) return std::nullopt;
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_hdr_t* h = s.header.get();
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

std::string VcfReader::record_label() {
    const auto& a = alleles();
    std::string label = std::string(chrom()) + ":" + std::to_string(pos()) + " " +
                        (a.empty() ? "?" : std::string(a[0])) + ">";
    for (std::size_t i = 1; i < a.size(); ++i) label += (i > 1 ? "," : "") + std::string(a[i]);
    return label;
}

std::int64_t VcfReader::records_read() const { return impl_->records; }

}  // namespace pedtx
