// Junctions, fusions and segments of one sample's structural records.
#include "pedtx/match/structural_collector.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "pedtx/match/gene_disruption.hpp"

namespace pedtx {

void StructuralCollector::add_record(const StructuralRecord& sv, std::size_t column, QcCounts& qc) {
    ++qc.structural_records;
    const std::int32_t reads = sv.reads[column];
    const auto& carried = sv.carried[column];
    // An event of another sample of a multi-sample SV / CNV VCF (GT 0/0, no reads, CN 2).
    if (!carried.empty() && std::none_of(carried.begin(), carried.end(), [](bool c) { return c; })) {
        ++qc.filtered["structural_not_in_tumor"];
        return;
    }
    for (std::size_t i = 0; i < sv.alts.size(); ++i) {
        const auto& alt = sv.alts[i];
        if (is_reference_block_allele(alt)) continue;
        if (!carried.empty() && !carried[i]) continue;
        if (auto junction = junction_from_breakend(sv.chrom, sv.pos, alt)) {
            add_junction(std::move(*junction), sv.label, reads, sv.caller_genes);
            continue;
        }
        const std::string type = symbolic_type(alt, sv.svtype);
        if (type.empty() || type == "BND") {
            ++qc.filtered["single_breakend_or_unreadable_sv"];
            continue;
        }
        if (const auto& cn = sv.copy_number[column]) {
            CopyNumberSegment segment{sv.chrom, sv.pos + 1, sv.end, *cn, "vcf_symbolic", sv.label};
            segment.probes = sv.probes[column];
            segments_.push_back(std::move(segment));
            ++qc.copy_number_segments;
        }
        if (type == "CNV" || type == "INS") continue;
        for (auto& junction : junctions_from_symbolic(type, sv.chrom, sv.pos, sv.mate_chrom, sv.end, sv.connection))
            add_junction(std::move(junction), sv.label, reads, sv.caller_genes);
    }
}

std::vector<Finding> StructuralCollector::fusion_findings(QcCounts& qc) const {
    std::vector<Finding> findings;
    std::map<std::string, std::vector<FusionCall>> by_record;
    std::set<std::string> disrupting_records;  // records that break a tumor suppressor
    std::set<std::string> structural_seen;
    for (const auto& [key, junction] : junctions_) {
        // Deletions within a gene or out of it into no gene, and breakpoints in a tumor
        // suppressor's coding region: what the junction does to the gene, not a fusion.
        JunctionGeneEffects effects = junction_gene_effects(junction, kb_, build_);
        if (!effects.skipped_reason.empty() && effects.findings.empty()) ++qc.filtered[effects.skipped_reason];
        for (auto& finding : effects.findings) {
            disrupting_records.insert(junction.record);
            if (structural_seen.insert(finding.gene + "|" + finding.alteration + "|" + junction.record).second)
                findings.push_back(std::move(finding));
        }
        if (effects.not_a_fusion) continue;
        auto call = resolve_junction(junction, kb_, build_);
        if (!call) continue;
        // Both ends in one gene: an intragenic rearrangement, not a fusion.
        if (!call->five_prime.gene.empty() && call->five_prime.gene == call->three_prime.gene) {
            ++qc.filtered["intragenic_rearrangement"];
            continue;
        }
        by_record[junction.record].push_back(std::move(*call));
    }
    for (auto& [record, calls] : by_record) {
        // An inversion gives two junctions (the fusion and its reciprocal): keep those
        // that can form a transcript and, among them, those the evidence is about.
        std::vector<Finding> candidates;
        const bool any_oncogenic =
            std::any_of(calls.begin(), calls.end(), [](const FusionCall& c) { return c.oncogenic_orientation; });
        for (const auto& call : calls) {
            if (any_oncogenic && !call.oncogenic_orientation) continue;
            if (auto finding = fusion_finding(call, kb_)) candidates.push_back(std::move(*finding));
        }
        const bool any_evidence =
            std::any_of(candidates.begin(), candidates.end(), [](const Finding& f) { return !f.evidence.empty(); });
        // A junction reported as the disruption of a tumor suppressor is a fusion only with evidence.
        const bool disrupts = disrupting_records.count(record) > 0;
        for (auto& finding : candidates)
            if ((!any_evidence && !disrupts) || !finding.evidence.empty()) findings.push_back(std::move(finding));
    }
    return findings;
}

void StructuralCollector::add_junction(Junction junction, const std::string& record, std::int32_t reads,
                                       const std::vector<std::string>& caller_genes) {
    // The two records of a breakend pair describe one junction: key it by its ends.
    auto first = std::make_tuple(chrom_index(junction.first.chrom), junction.first.pos, junction.first.keeps_left);
    auto second = std::make_tuple(chrom_index(junction.second.chrom), junction.second.pos, junction.second.keeps_left);
    if (second < first) std::swap(first, second);
    const std::string key = std::to_string(std::get<0>(first)) + ":" + std::to_string(std::get<1>(first)) +
                            (std::get<2>(first) ? "L" : "R") + "|" + std::to_string(std::get<0>(second)) + ":" +
                            std::to_string(std::get<1>(second)) + (std::get<2>(second) ? "L" : "R");
    auto it = junctions_.find(key);
    if (it == junctions_.end()) {
        junction.record = record;
        junction.supporting_reads = reads;
        junction.caller_genes = caller_genes;
        junctions_.emplace(key, std::move(junction));
        return;
    }
    it->second.record += "; " + record;
    it->second.supporting_reads = std::max(it->second.supporting_reads, reads);
    for (const auto& gene : caller_genes)
        if (std::find(it->second.caller_genes.begin(), it->second.caller_genes.end(), gene) ==
            it->second.caller_genes.end())
            it->second.caller_genes.push_back(gene);
}

}  // namespace pedtx
