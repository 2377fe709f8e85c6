// Streaming VCF / VCF.gz / BCF reader over htslib (RAII; htslib types stay in
// the .cpp). It exposes the record fields the matcher needs, decoding the
// expensive parts (alleles, FORMAT, annotation INFO) only on request, so
// records outside knowledge-base genes cost little more than htslib's parse.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/io/annotation.hpp"

namespace pedtx {

struct TumorSampleChoice {
    int index = -1;      // column index; -1 for a sites-only VCF
    std::string name;    // column name (or the file name for a sites-only VCF)
    std::string reason;  // how it was chosen: --sample, ##tumor_sample, TUMOR column, only sample, sites-only
};

// Tumor read support of one ALT allele.
struct AlleleSupport {
    bool carried = true;  // genotype carries the allele, or ALT reads > 0 when no GT
    bool genotype_called = false;  // a GT with at least one called allele decided `carried`
    double vaf = -1;      // -1 when unknown
    std::int32_t depth = -1;
    std::int32_t alt_reads = -1;
};

// The genotype of one sample at one record: allele indexes (0 = REF, -1 = missing '.'), in GT
// order, and whether GT is phased ('|'). Empty when the record has no GT.
struct SampleGenotype {
    std::vector<int> alleles;
    bool phased = false;
};

// One record and its decoding buffers. A VcfReader fills it: next() the reader's own record,
// or read_raw() + decode() a record of a batch, so that batches of records can be decoded and
// matched on several threads while the file is read on one. Accessors decode lazily.
class VcfRecord {
public:
    VcfRecord();
    ~VcfRecord();
    VcfRecord(VcfRecord&&) noexcept;
    VcfRecord& operator=(VcfRecord&&) noexcept;
    VcfRecord(const VcfRecord&) = delete;
    VcfRecord& operator=(const VcfRecord&) = delete;

    std::string_view chrom() const;
    ChromIndex chrom_index() const;
    std::int64_t pos() const;    // 1-based
    bool passes_filter() const;  // PASS or '.'
    // Failing FILTER names, in file order.
    std::vector<std::string_view> failed_filters() const;
    bool has_info(const std::string& tag) const;
    // REF then ALTs; decodes the record's shared fields on first call.
    const std::vector<std::string_view>& alleles();
    // The INFO value as a string view (empty when absent); valid until the next call.
    std::string_view info_string(const std::string& tag);
    AlleleSupport allele_support(int sample_index, std::size_t alt_index);
    // GT of one sample (see SampleGenotype); empty alleles for a sites-only record or no GT.
    SampleGenotype genotype(int sample_index);
    // The record's ID column ("." when empty).
    std::string_view id();
    // END: INFO/END when present (htslib's rlen), else POS + length(REF) - 1.
    std::int64_t end_pos() const;
    // A numeric INFO value (first element), nullopt when absent or not numeric.
    std::optional<double> info_number(const std::string& tag);
    // A numeric FORMAT value of one sample: element `index` (0 = first).
    std::optional<double> format_number(const std::string& tag, int sample_index, int index = 0);
    // "chrom:pos REF>ALT" for error messages.
    std::string record_label();
    // 1-based ordinal of the record in its file.
    std::int64_t number() const;

private:
    friend class VcfReader;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class VcfReader {
public:
    // Opens the file and reads its header; throws InputError naming the file.
    // decompression_threads: htslib threads inflating a BCF (not used for VCF text).
    explicit VcfReader(const std::filesystem::path& path, int decompression_threads = 0);
    ~VcfReader();
    VcfReader(const VcfReader&) = delete;
    VcfReader& operator=(const VcfReader&) = delete;

    const std::filesystem::path& path() const;
    std::vector<std::string> sample_names() const;
    // Applies: requested name, else ##tumor_sample=, else a column named TUMOR, else the
    // only sample. Throws InputError listing the samples when none of these applies,
    // advising `how_to_choose` (the option or sample-sheet column that names the column).
    TumorSampleChoice choose_tumor_sample(const std::optional<std::string>& requested,
                                          std::string_view how_to_choose = "--sample") const;
    // The normal (germline) column of a tumor-normal VCF, other than `tumor_index`: the requested
    // name (throws InputError listing the samples when absent), else ##normal_sample=, else a
    // column named NORMAL (any case); nullopt when none of these applies.
    std::optional<TumorSampleChoice> choose_normal_sample(const std::optional<std::string>& requested,
                                                          int tumor_index,
                                                          std::string_view how_to_choose = "--normal-sample") const;
    // What the header's ##contig lengths and ##reference / ##assembly / ##genome_build lines
    // say about the reference (see assess_genome_build).
    BuildAssessment assess_build() const;
    const AnnotationLayout& annotation_layout() const;
    // htslib threads inflating the file (0 for VCF text).
    int decompression_threads() const;
    std::vector<InfoHeaderLine> info_header_lines() const;

    // Reads and decodes the next record into record(). Returns false at the end of the file;
    // throws InputError ("FILE: chrom:pos REF>ALT: ...") on a corrupt or truncated record.
    bool next();
    VcfRecord& record();

    // For batches: read_raw() takes the next record off the file (its text line for VCF, the
    // binary record for BCF) on the reading thread, in file order; decode() parses it and may
    // run on any thread, concurrently for different records (each thread parses text against
    // its own copy of the header, as htslib adds undefined tags to the header it parses with).
    // read_raw returns false at the end of the file and throws InputError on a read error.
    bool read_raw(VcfRecord& record);
    void decode(VcfRecord& record);
    std::int64_t records_read() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pedtx
