// The annotated VCF: htslib reads the input and writes the copy.
#include "pedtx/io/vcf_writer.hpp"

#include <cerrno>
#include <memory>
#include <set>
#include <utility>

#include <htslib/hts.h>
#include <htslib/vcf.h>

#include "hts_handles.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

void write_annotated_vcf(const std::filesystem::path& input, const std::filesystem::path& output,
                         const std::vector<std::string>& header_lines, const InfoAnnotation& annotation,
                         const std::atomic<bool>* stop_requested) {
    const std::string in_name = input.string();
    const std::string out_name = output.string();
    hts::File in(hts_open(in_name.c_str(), "r"));
    if (!in) throw InputError(in_name + ": cannot open as VCF/BCF");
    hts::Header in_header(bcf_hdr_read(in.get()));
    if (!in_header) throw InputError(in_name + ": no valid VCF header");
    // Records are read against the output header: a copy of the input's (same ids) with the
    // new lines, so that tags htslib adds while reading land where the writer looks.
    hts::Header header(bcf_hdr_dup(in_header.get()));
    if (!header) throw IoError(out_name + ": cannot copy the VCF header");
    for (const auto& line : header_lines)
        if (bcf_hdr_append(header.get(), line.c_str()) != 0)
            throw IoError(out_name + ": cannot add header line " + line);
    const std::string info_line =
        "##INFO=<ID=" + annotation.id + ",Number=.,Type=String,Description=\"" + annotation.description + "\">";
    bcf_hdr_remove(header.get(), BCF_HL_INFO, annotation.id.c_str());
    if (bcf_hdr_append(header.get(), info_line.c_str()) != 0 || bcf_hdr_sync(header.get()) != 0)
        throw IoError(out_name + ": cannot add the " + annotation.id + " INFO header line");

    hts::File out(hts_open(out_name.c_str(), "wz"));
    if (!out) throw IoError(out_name + ": cannot create: " + errno_message(errno));
    if (bcf_hdr_write(out.get(), header.get()) != 0)
        throw IoError(out_name + ": write failed: " + errno_message(errno));

    std::set<std::pair<std::string, std::int64_t>> positions;
    for (const auto& [key, values] : annotation.values) positions.emplace(key.chrom, key.pos);
    hts::Record record(bcf_init());
    std::int64_t records = 0;
    int status = 0;
    while ((status = bcf_read(in.get(), header.get(), record.get())) == 0) {
        ++records;
        if (stop_requested && records % 1024 == 0 && stop_requested->load())
            throw Interrupted(in_name + ": interrupted while writing the annotated VCF");
        bcf1_t* r = record.get();
        const char* chrom = bcf_hdr_id2name(header.get(), r->rid);
        const std::int64_t pos = static_cast<std::int64_t>(r->pos) + 1;
        if (chrom && positions.count({chrom, pos})) {
            bcf_unpack(r, BCF_UN_STR);
            std::vector<std::string> values;
            for (int i = 1; i < r->n_allele; ++i) {
                const auto it = annotation.values.find(AlleleKey{chrom, pos, r->d.allele[0], r->d.allele[i]});
                if (it != annotation.values.end()) values.insert(values.end(), it->second.begin(), it->second.end());
            }
            if (!values.empty() &&
                bcf_update_info_string(header.get(), r, annotation.id.c_str(), join(values, ",").c_str()) != 0)
                throw IoError(out_name + ": cannot annotate " + chrom + ":" + std::to_string(pos));
        }
        if (bcf_write(out.get(), header.get(), r) != 0) {
            // htslib refuses a record whose sample columns do not match the header: that is the
            // input's fault, not the disk's.
            if (r->errcode != 0 || (r->n_sample != 0 && r->n_sample != bcf_hdr_nsamples(header.get())))
                throw InputError(in_name + ": record " + std::to_string(records) + " (" + (chrom ? chrom : "?") + ":" +
                                 std::to_string(pos) + ") cannot be copied: malformed record");
            throw IoError(out_name + ": write failed: " + errno_message(errno));
        }
    }
    if (status < -1)
        throw InputError(in_name + ": corrupt or truncated input (record " + std::to_string(records + 1) + ")");
    if (hts_close(out.release()) != 0) throw IoError(out_name + ": write failed when closing: " + errno_message(errno));
}

}  // namespace pedtx
