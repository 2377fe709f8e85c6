// Intragenic and partial deletions, and breakpoints in tumor suppressors, from DNA junctions.
#include "pedtx/match/gene_disruption.hpp"

#include <algorithm>

namespace pedtx {

namespace {

struct End {
    const JunctionEnd* end = nullptr;
    std::vector<const GeneLocus*> kb_genes;  // knowledge-base genes containing the breakpoint
    bool in_any_gene = false;                // ... or any gene of the genome-wide span table
};

End describe_end(const JunctionEnd& end, const Knowledgebase& kb, GenomeBuild build) {
    End e;
    e.end = &end;
    const ChromIndex chrom = chrom_index(end.chrom);
    e.kb_genes = kb.genes_overlapping(build, chrom, end.pos, end.pos);
    e.in_any_gene = !e.kb_genes.empty() || !kb.partner_genes_overlapping(build, chrom, end.pos).empty();
    return e;
}

bool contains(const End& end, const GeneLocus* locus) {
    return std::find(end.kb_genes.begin(), end.kb_genes.end(), locus) != end.kb_genes.end();
}

// The gene's loss-of-function evidence, matched by a structural event.
void attach_loss_of_function(Finding& finding, const Knowledgebase& kb) {
    for (const EvidenceItem* item : kb.evidence_for_gene(finding.gene)) {
        if (item->alteration.gene != finding.gene || item->alteration.type != RuleType::loss_of_function) continue;
        EvidenceMatch match;
        match.item = item;
        match.matched_by = MatchedBy::breakpoints;
        finding.evidence.push_back(std::move(match));
    }
}

Finding structural_finding(const GeneLocus& locus, const Junction& junction, const std::string& alteration,
                           std::int64_t pos) {
    Finding finding;
    finding.gene = locus.symbol;
    finding.alteration = alteration;
    finding.category = FindingCategory::structural;
    finding.matched_by = MatchedBy::breakpoints;
    finding.variant.chrom = junction.first.chrom;
    finding.variant.chrom_index = chrom_index(junction.first.chrom);
    finding.variant.pos = pos;
    finding.variant.gene = locus.symbol;
    finding.variant.transcript = locus.mane_refseq;
    finding.variant.alt_reads = junction.supporting_reads;
    return finding;
}

}  // namespace

bool is_deletion_junction(const Junction& junction) {
    if (chrom_index(junction.first.chrom) != chrom_index(junction.second.chrom) ||
        junction.first.pos == junction.second.pos)
        return false;
    const bool first_lower = junction.first.pos < junction.second.pos;
    const JunctionEnd& lower = first_lower ? junction.first : junction.second;
    const JunctionEnd& upper = first_lower ? junction.second : junction.first;
    return lower.keeps_left && !upper.keeps_left;
}

std::vector<int> exons_overlapping(const GeneLocus& locus, std::int64_t start, std::int64_t end) {
    std::vector<int> numbers;
    for (std::size_t i = 0; i < locus.exons.size(); ++i)
        if (locus.exons[i].first <= end && locus.exons[i].second >= start) numbers.push_back(static_cast<int>(i) + 1);
    return numbers;
}

std::string exon_list_text(std::vector<int> exons) {
    std::sort(exons.begin(), exons.end());
    if (exons.empty()) return {};
    if (exons.size() == 1) return "exon " + std::to_string(exons.front());
    bool consecutive = true;
    for (std::size_t i = 1; i < exons.size(); ++i)
        if (exons[i] != exons[i - 1] + 1) consecutive = false;
    if (consecutive) return "exons " + std::to_string(exons.front()) + "-" + std::to_string(exons.back());
    std::string text = "exons ";
    for (std::size_t i = 0; i < exons.size(); ++i) text += (i ? ", " : "") + std::to_string(exons[i]);
    return text;
}

JunctionGeneEffects junction_gene_effects(const Junction& junction, const Knowledgebase& kb, GenomeBuild build) {
    JunctionGeneEffects effects;
    const End a = describe_end(junction.first, kb, build);
    const End b = describe_end(junction.second, kb, build);
    if (is_deletion_junction(junction)) {
        const bool a_lower = junction.first.pos < junction.second.pos;
        const std::int64_t deleted_start = (a_lower ? junction.first.pos : junction.second.pos) + 1;
        const std::int64_t deleted_end = (a_lower ? junction.second.pos : junction.first.pos) - 1;
        for (const End* end : {&a, &b}) {
            const End& other = end == &a ? b : a;
            for (const GeneLocus* locus : end->kb_genes) {
                const bool intragenic = contains(other, locus);
                // Out of the gene into no gene: a partial deletion. Into another gene: a fusion.
                if (!intragenic && other.in_any_gene) continue;
                if (intragenic && end == &b) continue;  // seen from the first end
                effects.not_a_fusion = true;
                const auto exons = exons_overlapping(*locus, deleted_start, deleted_end);
                if (exons.empty()) {
                    // Intronic or intergenic only: an intragenic rearrangement, or nothing of the gene lost.
                    effects.skipped_reason = intragenic ? "intragenic_rearrangement" : "deletion_without_exon";
                    continue;
                }
                const bool coding =
                    locus->cds_start > 0 && locus->cds_start <= deleted_end && locus->cds_end >= deleted_start;
                const std::int64_t tss =
                    locus->strand == '+' ? locus->exons.front().first : locus->exons.front().second;
                const bool removes_start = deleted_start <= tss && deleted_end >= tss;
                const std::string exon_text = exon_list_text(exons);
                Finding finding = structural_finding(
                    *locus, junction, intragenic ? exon_text + " deletion" : "partial deletion (" + exon_text + ")",
                    deleted_start);
                CopyNumberCall call;
                call.chrom = junction.first.chrom;
                call.start = deleted_start;
                call.end = deleted_end;
                call.level = -1;
                call.focal = true;
                call.genes = {locus->symbol};
                call.source = junction.source;
                finding.copy_number = call;
                finding.variant.alt = "<DEL>";
                const bool loses_function = coding || removes_start;
                if (loses_function) attach_loss_of_function(finding, kb);
                finding.significance =
                    std::string(intragenic ? "intragenic deletion"
                                           : "deletion from " + locus->symbol + " into a region with no gene") +
                    " removing " + exon_text + " of " + locus->mane_refseq +
                    (loses_function ? (coding ? " (coding sequence)" : " (transcription start)") : " (non-coding)") +
                    "; the SV call does not say whether one or both copies are lost" +
                    (finding.evidence.empty() ? std::string{} : "; matched to the gene's loss-of-function rules");
                if (!loses_function && finding.evidence.empty()) {
                    effects.skipped_reason = "deletion_without_coding_exon";
                    continue;
                }
                effects.findings.push_back(std::move(finding));
            }
        }
        return effects;
    }
    // A tandem duplication inside one gene is not counted as a disruption (it may be in frame).
    const bool same_chrom = chrom_index(junction.first.chrom) == chrom_index(junction.second.chrom);
    const bool a_lower = junction.first.pos <= junction.second.pos;
    const JunctionEnd& lower = a_lower ? junction.first : junction.second;
    const JunctionEnd& upper = a_lower ? junction.second : junction.first;
    const bool duplication = same_chrom && !lower.keeps_left && upper.keeps_left;
    for (const End* end : {&a, &b}) {
        const End& other = end == &a ? b : a;
        for (const GeneLocus* locus : end->kb_genes) {
            if (!kb.is_loss_of_function_gene(locus->symbol)) continue;
            const std::int64_t pos = end->end->pos;
            if (locus->cds_start <= 0 || pos < locus->cds_start || pos > locus->cds_end) continue;
            if (duplication && contains(other, locus)) continue;
            if (end == &b && contains(a, locus)) continue;  // both ends in the gene: reported once
            const std::string region = breakpoint_region(*locus, pos);
            Finding finding = structural_finding(*locus, junction, "disruption (breakpoint in " + region + ")", pos);
            finding.variant.chrom = end->end->chrom;
            finding.variant.chrom_index = chrom_index(end->end->chrom);
            attach_loss_of_function(finding, kb);
            finding.significance =
                "a rearrangement breakpoint in " + region + " of " + locus->mane_refseq +
                ", inside the coding region of this tumor suppressor, breaks the gene" +
                (finding.evidence.empty() ? std::string{} : "; matched to its loss-of-function rules");
            if (auto call = resolve_junction(junction, kb, build)) finding.fusion = std::move(*call);
            if (contains(other, locus) || !other.in_any_gene) effects.not_a_fusion = true;
            effects.findings.push_back(std::move(finding));
        }
    }
    return effects;
}

}  // namespace pedtx
