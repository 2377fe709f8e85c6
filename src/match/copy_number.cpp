// Amplifications and homozygous deletions of knowledge-base genes.
#include "pedtx/match/copy_number.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace pedtx {

namespace {

bool rule_fits(const AlterationRule& rule, bool amplified) {
    if (amplified) return rule.type == RuleType::amplification;
    return rule.type == RuleType::deletion || rule.type == RuleType::loss_of_function;
}

void attach_evidence(Finding& finding, const Knowledgebase& kb, bool amplified) {
    for (const EvidenceItem* item : kb.evidence_for_gene(finding.gene)) {
        if (item->alteration.gene != finding.gene || !rule_fits(item->alteration, amplified)) continue;
        EvidenceMatch match;
        match.item = item;
        match.matched_by = MatchedBy::copy_number;
        finding.evidence.push_back(std::move(match));
    }
}

}  // namespace

std::vector<Finding> copy_number_findings(const std::vector<CopyNumberSegment>& segments,
                                          const std::vector<GeneCopyNumber>& gene_calls, const Knowledgebase& kb,
                                          GenomeBuild build, const CopyNumberThresholds& thresholds,
                                          std::map<std::string, std::int64_t>* skipped) {
    // One finding per gene and direction: the most extreme segment wins.
    std::map<std::pair<std::string, bool>, Finding> by_gene;
    const double amp_cn = thresholds.amplification_cn();
    for (const auto& segment : segments) {
        const bool amplified = segment.copy_number + 1e-9 >= amp_cn;
        const bool deleted = segment.copy_number <= thresholds.del_max_cn + 1e-9;
        if (!amplified && !deleted) continue;
        const auto loci = kb.genes_overlapping(build, chrom_index(segment.chrom), segment.start, segment.end);
        if (loci.empty()) continue;
        // Too few probes or too short to be a call: a few noisy bins are not an amplification.
        const char* too_weak = nullptr;
        if (segment.probes >= 0 && segment.probes < thresholds.min_probes)
            too_weak = "copy_number_too_few_probes";
        else if (segment.end - segment.start + 1 < thresholds.min_size)
            too_weak = "copy_number_too_small";
        if (too_weak) {
            if (skipped) ++(*skipped)[too_weak];
            continue;
        }
        CopyNumberCall call;
        call.chrom = segment.chrom;
        call.start = segment.start;
        call.end = segment.end;
        call.copy_number = std::round(segment.copy_number * 100.0) / 100.0;
        call.level = amplified ? 2 : -2;
        call.focal = segment.end - segment.start + 1 <= thresholds.focal_max_size;
        call.source = segment.source;
        for (const GeneLocus* locus : loci) call.genes.push_back(locus->symbol);
        std::sort(call.genes.begin(), call.genes.end());
        call.genes.erase(std::unique(call.genes.begin(), call.genes.end()), call.genes.end());
        for (const GeneLocus* locus : loci) {
            const auto key = std::make_pair(locus->symbol, amplified);
            auto it = by_gene.find(key);
            const bool more_extreme =
                it == by_gene.end() || (amplified ? call.copy_number > it->second.copy_number->copy_number
                                                  : call.copy_number < it->second.copy_number->copy_number);
            if (!more_extreme) continue;
            Finding finding;
            finding.gene = locus->symbol;
            finding.alteration = amplified ? "amplification" : "deletion";
            finding.category = FindingCategory::copy_number;
            finding.copy_number = call;
            finding.matched_by = MatchedBy::copy_number;
            finding.variant.chrom = segment.chrom;
            finding.variant.chrom_index = chrom_index(segment.chrom);
            finding.variant.pos = segment.start;
            by_gene[key] = std::move(finding);
        }
    }
    for (const auto& gene_call : gene_calls) {
        if (gene_call.level != 2 && gene_call.level != -2) continue;
        const auto canonical = kb.canonical_gene(gene_call.gene);
        if (!canonical) continue;
        const bool amplified = gene_call.level == 2;
        const auto key = std::make_pair(std::string(*canonical), amplified);
        if (by_gene.count(key)) continue;
        Finding finding;
        finding.gene = std::string(*canonical);
        finding.alteration = amplified ? "amplification" : "deletion";
        finding.category = FindingCategory::copy_number;
        CopyNumberCall call;
        call.level = gene_call.level;
        call.genes = {finding.gene};
        call.source = "gene_table";
        if (const GeneLocus* locus = kb.locus(build, finding.gene)) {
            call.chrom = std::string(chrom_name(locus->chrom));
            call.start = locus->span_start;
            call.end = locus->span_end;
            finding.variant.chrom = call.chrom;
            finding.variant.chrom_index = locus->chrom;
            finding.variant.pos = locus->span_start;
        }
        finding.copy_number = call;
        finding.matched_by = MatchedBy::copy_number;
        by_gene[key] = std::move(finding);
    }
    std::vector<Finding> findings;
    for (auto& [key, finding] : by_gene) {
        attach_evidence(finding, kb, key.second);
        // Without evidence, only focal events are worth a line in the report, and not for a gene
        // that is in the knowledge base only as a fusion partner.
        if (finding.evidence.empty() &&
            (!(finding.copy_number && finding.copy_number->focal && finding.copy_number->source != "gene_table") ||
             kb.is_fusion_partner_only(finding.gene)))
            continue;
        for (const auto& match : finding.evidence)
            if (match.item->response == Response::prognostic && finding.significance.empty())
                finding.significance = "prognostic marker: " + match.item->summary;
        findings.push_back(std::move(finding));
    }
    return findings;
}

}  // namespace pedtx
