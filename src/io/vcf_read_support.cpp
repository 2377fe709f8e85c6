// Tumor read support of one allele (GT, AD, AF, DP, Strelka2 tier-1 counts) and the numeric
// INFO / FORMAT values of a record, decoded from htslib on request.
#include "pedtx/io/vcf_reader.hpp"

#include <cmath>
#include <cstring>

#include "vcf_reader_impl.hpp"

namespace pedtx {

SampleGenotype VcfRecord::genotype(int sample_index) {
    SampleGenotype genotype;
    if (sample_index < 0) return genotype;
    Impl& s = *impl_;
    s.decode_format();
    bcf_hdr_t* h = s.header();
    const int n_samples = bcf_hdr_nsamples(h);
    if (s.n_gt <= 0 || n_samples <= sample_index) return genotype;
    const int ploidy = s.n_gt / n_samples;
    const std::int32_t* row = s.gt.data + sample_index * ploidy;
    for (int i = 0; i < ploidy; ++i) {
        if (row[i] == bcf_int32_vector_end) break;  // a haploid call in a diploid-sized row
        genotype.alleles.push_back(bcf_gt_is_missing(row[i]) ? -1 : bcf_gt_allele(row[i]));
        // htslib stores the phase of an allele with the separator before it; the first has none.
        if (i > 0 && bcf_gt_is_phased(row[i])) genotype.phased = true;
    }
    return genotype;
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

}  // namespace pedtx
