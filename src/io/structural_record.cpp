// The callers' conventions for structural records.
#include "pedtx/io/structural_record.hpp"

#include <algorithm>
#include <cmath>

#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// SnpEff writes "ALK&EML4" as the gene of a gene_fusion effect; VEP one SYMBOL per breakend.
std::vector<std::string> genes_named_by_caller(VcfRecord& record, const AnnotationLayout& layout) {
    std::vector<std::string> genes;
    if (layout.format == AnnotationFormat::none) return genes;
    const std::string_view value = record.info_string(layout.tag);
    if (value.empty()) return genes;
    for_each_consequence(value, layout, [&](const TranscriptConsequence& entry) {
        const bool fusion_effect = entry.consequence.find("fusion") != std::string_view::npos;
        if (layout.format != AnnotationFormat::vep && !fusion_effect) return;
        for (const auto gene : split_view(entry.gene, '&')) {
            const std::string name(trim_view(gene));
            if (!name.empty() && std::find(genes.begin(), genes.end(), name) == genes.end()) genes.push_back(name);
        }
    });
    return genes;
}

// Supporting reads written for this column only (FORMAT): Manta PR/SR, GRIDSS VF/BVF, Delly DV/RV.
// -1 when the column has none; site-level INFO counts say nothing about one sample.
std::int32_t column_supporting_reads(VcfRecord& record, int column) {
    if (column < 0) return -1;
    const auto pr = record.format_number("PR", column, 1);
    const auto sr = record.format_number("SR", column, 1);
    if (pr || sr) return static_cast<std::int32_t>(pr.value_or(0) + sr.value_or(0));
    // GRIDSS: VF for a breakpoint, BVF for a single breakend.
    const auto vf = record.format_number("VF", column);
    const auto bvf = record.format_number("BVF", column);
    if (vf || bvf) return static_cast<std::int32_t>(std::max(vf.value_or(0), bvf.value_or(0)));
    const auto dv = record.format_number("DV", column);
    const auto rv = record.format_number("RV", column);
    if (dv || rv) return static_cast<std::int32_t>(dv.value_or(0) + rv.value_or(0));
    return -1;
}

std::int32_t supporting_reads(VcfRecord& record, int tumor_index) {
    // The column's own counts (Manta PR/SR, GRIDSS VF / BVF, Delly DV/RV); else LUMPY INFO SU; Delly INFO PE + SR.
    if (const std::int32_t own = column_supporting_reads(record, tumor_index); own >= 0) return own;
    if (const auto su = record.info_number("SU")) return static_cast<std::int32_t>(*su);
    const auto pe = record.info_number("PE");
    const auto isr = record.info_number("SR");
    if (pe || isr) return static_cast<std::int32_t>(pe.value_or(0) + isr.value_or(0));
    return -1;
}

}  // namespace

bool is_symbolic(std::string_view allele) {
    return allele.empty() || allele[0] == '<' || allele == "*" || allele.front() == '.' || allele.back() == '.' ||
           allele.find('[') != std::string_view::npos || allele.find(']') != std::string_view::npos;
}

bool has_structural_allele(const std::vector<std::string_view>& alleles) {
    for (std::size_t i = 1; i < alleles.size(); ++i)
        if (is_symbolic(alleles[i]) && alleles[i] != "*" && alleles[i] != "." && !is_reference_block_allele(alleles[i]))
            return true;
    return false;
}

std::string symbolic_type(const std::string& alt, const std::string& svtype) {
    std::string type = svtype;
    if (alt.size() > 2 && alt.front() == '<' && alt.back() == '>') {
        type = alt.substr(1, alt.size() - 2);
        if (const auto colon = type.find(':'); colon != std::string::npos) type.resize(colon);
    }
    return to_upper(type);
}

namespace {

std::optional<double> record_copy_number(VcfRecord& record, int tumor_index, double ploidy) {
    if (const auto cn = record.format_number("CN", tumor_index)) return *cn;
    if (const auto cn = record.info_number("CN")) return *cn;
    if (const auto log2 = record.info_number("FOLD_CHANGE_LOG")) return ploidy * std::pow(2.0, *log2);
    if (const auto fold = record.info_number("FOLD_CHANGE")) return ploidy * *fold;
    return std::nullopt;
}

}  // namespace

StructuralRecord read_structural(VcfRecord& record, const AnnotationLayout& layout, const std::vector<int>& columns,
                                 double ploidy) {
    StructuralRecord sv;
    const auto& alleles = record.alleles();
    sv.chrom = std::string(record.chrom());
    sv.pos = record.pos();
    sv.end = record.end_pos();
    sv.label = sv.chrom + ":" + std::to_string(sv.pos) + " " + std::string(record.id());
    sv.svtype = std::string(record.info_string("SVTYPE"));
    for (std::size_t i = 1; i < alleles.size(); ++i) sv.alts.emplace_back(alleles[i]);
    sv.caller_genes = genes_named_by_caller(record, layout);
    sv.mate_chrom = std::string(record.info_string("CHR2"));
    sv.connection = std::string(record.info_string("CT"));
    for (const int column : columns) {
        sv.reads.push_back(supporting_reads(record, column));
        const auto cn = record_copy_number(record, column, ploidy);
        sv.copy_number.push_back(cn);
        std::int32_t probes = -1;
        if (const auto np = record.format_number("NP", column))
            probes = static_cast<std::int32_t>(*np);  // gCNV
        else if (const auto count = record.info_number("PROBES"))
            probes = static_cast<std::int32_t>(*count);  // CNVkit
        sv.probes.push_back(probes);
        std::vector<bool> carried;
        if (column >= 0) {
            const std::int32_t own_reads = column_supporting_reads(record, column);
            const auto own_cn = record.format_number("CN", column);
            for (std::size_t alt = 1; alt < alleles.size(); ++alt) {
                const AlleleSupport support = record.allele_support(column, alt);
                bool has = true;
                if (support.genotype_called) {
                    has = support.carried;
                } else if (own_reads >= 0) {
                    has = own_reads > 0;
                } else if (own_cn) {
                    // gCNV / CNV callers without a called GT: the column's copy number against the
                    // event's direction (a <DEL> at the ploidy's copy number is not this column's).
                    const std::string type = symbolic_type(sv.alts[alt - 1], sv.svtype);
                    if (type == "DEL")
                        has = *own_cn < ploidy - 0.5;
                    else if (type == "DUP")
                        has = *own_cn > ploidy + 0.5;
                }
                carried.push_back(has);
            }
        }
        sv.carried.push_back(std::move(carried));
    }
    return sv;
}

}  // namespace pedtx
