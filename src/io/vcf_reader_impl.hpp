// Private to src/io/: the state behind VcfReader and VcfRecord, shared by the files that
// implement them: vcf_reader.cpp (opening, header inspection and diagnosis, tumor-column
// choice, build detection), vcf_record.cpp (reading and decoding records, checking their
// columns and alleles, the record's fields) and vcf_read_support.cpp (read support and
// numeric INFO / FORMAT values).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>
#include <tbb/enumerable_thread_specific.h>

#include "hts_handles.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/io/vcf_reader.hpp"

namespace pedtx {

// Buffers that htslib's bcf_get_* functions grow; freed once per reader.
template <typename T>
struct HtsBuffer {
    T* data = nullptr;
    int capacity = 0;
    ~HtsBuffer() { std::free(data); }
};

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

}  // namespace pedtx
