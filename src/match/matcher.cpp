// Rule evaluation and per-allele matching.
#include "pedtx/match/matcher.hpp"

#include <algorithm>
#include <set>

namespace pedtx {

namespace {

bool class_allowed(const std::vector<VariantClass>& classes, VariantClass cls) {
    if (classes.empty()) return is_protein_altering(cls);
    return std::find(classes.begin(), classes.end(), cls) != classes.end() ||
           // in-frame delins counts as either kind of in-frame change
           (cls == VariantClass::inframe_delins &&
            (std::find(classes.begin(), classes.end(), VariantClass::inframe_deletion) != classes.end() ||
             std::find(classes.begin(), classes.end(), VariantClass::inframe_insertion) != classes.end()));
}

std::string alteration_name(const Variant& v) {
    if (!v.protein.normalized.empty()) return v.protein.normalized;
    if (!v.hgvsc.empty()) return v.hgvsc;
    return std::string(to_string(v.variant_class));
}

}  // namespace

std::string_view to_string(TumorTypeMatch match) {
    switch (match) {
        case TumorTypeMatch::exact: return "exact";
        case TumorTypeMatch::ancestor: return "ancestor";
        case TumorTypeMatch::agnostic: return "agnostic";
        default: return "other";
    }
}

std::string display_name(const Finding& finding) {
    return finding.gene.empty() ? finding.alteration : finding.gene + " " + finding.alteration;
}

int tier_rank(std::string_view tier) {
    if (tier == "IA") return 0;
    if (tier == "IB") return 1;
    if (tier == "IIC") return 2;
    if (tier == "IID") return 3;
    return 4;
}

bool rule_matches(const AlterationRule& rule, const Variant& v) {
    if (v.gene != rule.gene) return false;
    const auto& p = v.protein;
    switch (rule.type) {
        case RuleType::protein_change:
            return !p.normalized.empty() && (p.normalized == rule.change ||
                                             (!rule.legacy_name.empty() && p.normalized == rule.legacy_name));
        case RuleType::codon:
            return p.start == rule.codon && !p.synonymous && is_protein_altering(v.variant_class) &&
                   (rule.ref_aa == 0 || p.ref_aa == rule.ref_aa);
        case RuleType::codon_range:
            return p.start >= rule.start && p.start <= rule.end && !p.synonymous &&
                   class_allowed(rule.classes, v.variant_class);
        case RuleType::exon:
            return v.exon == rule.exon && class_allowed(rule.classes, v.variant_class);
        case RuleType::loss_of_function:
            return is_truncating(v.variant_class);
        case RuleType::itd:
            return v.variant_class == VariantClass::inframe_insertion &&
                   (p.normalized.find("dup") != std::string::npos ||
                    p.normalized.find("ins") != std::string::npos || v.hgvsc.find("dup") != std::string::npos);
        default:
            return false;
    }
}

std::vector<Finding> Matcher::match_allele(const Variant& allele, const std::vector<Variant>& annotated) const {
    std::vector<Finding> findings;
    std::set<const EvidenceItem*> matched_items;

    for (const auto& variant : annotated) {
        Finding finding;
        finding.gene = variant.gene;
        finding.alteration = alteration_name(variant);
        finding.variant = variant;
        finding.matched_by = "annotation";
        for (const EvidenceItem* item : kb_.evidence_for_gene(variant.gene)) {
            if (!rule_matches(item->alteration, variant)) continue;
            EvidenceMatch match;
            match.item = item;
            match.matched_by = "annotation";
            finding.evidence.push_back(std::move(match));
            matched_items.insert(item);
        }
        findings.push_back(std::move(finding));
    }

    // Genomic keys: the fallback for unannotated files, and a safety net when the
    // annotation used another transcript's numbering.
    if (const auto* keyed = kb_.evidence_at(build_, allele.chrom_index, allele.pos)) {
        for (const auto& [key, item] : *keyed) {
            if (key->build != build_ || key->ref != allele.ref || key->alt != allele.alt) continue;
            if (matched_items.count(item)) continue;
            const std::string& gene = item->alteration.gene;
            auto it = std::find_if(findings.begin(), findings.end(),
                                   [&](const Finding& f) { return f.gene == gene; });
            if (it == findings.end()) {
                Finding finding;
                finding.gene = gene;
                finding.alteration = item->alteration.display_name();
                finding.variant = allele;
                finding.variant.gene = gene;
                finding.matched_by = "genomic_key";
                findings.push_back(std::move(finding));
                it = std::prev(findings.end());
            }
            EvidenceMatch match;
            match.item = item;
            match.matched_by = "genomic_key";
            it->evidence.push_back(std::move(match));
            if (it->variant.annotation_source.empty()) {
                it->alteration = item->alteration.display_name();
                it->matched_by = "genomic_key";
            }
            matched_items.insert(item);
        }
    }

    // Keep evidence-bearing findings, and tier-III candidates: protein-altering
    // variants in KB genes with no evidence.
    std::erase_if(findings, [](const Finding& f) {
        return f.evidence.empty() && !is_protein_altering(f.variant.variant_class);
    });
    return findings;
}

}  // namespace pedtx
