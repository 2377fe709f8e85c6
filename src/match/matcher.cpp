// Rule evaluation and per-allele matching.
#include "pedtx/match/matcher.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "pedtx/match/transcript_position.hpp"
#include "pedtx/match/translation.hpp"
#include "pedtx/util/text.hpp"

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

// Inserted minus deleted bases of the allele (facts when known, else the VCF alleles).
std::int64_t inserted_length(const Variant& v) {
    if (v.facts) return v.facts->indel_length;
    return static_cast<std::int64_t>(v.alt.size()) - static_cast<std::int64_t>(v.ref.size());
}

bool is_itd(const AlterationRule& rule, const Variant& v) {
    if (v.variant_class != VariantClass::inframe_insertion) return false;
    const auto& p = v.protein;
    const bool named = p.normalized.find("dup") != std::string::npos || p.normalized.find("ins") != std::string::npos ||
                       v.hgvsc.find("dup") != std::string::npos;
    // Without an annotation's protein change: an in-frame insertion inside the coding sequence.
    const bool placed =
        v.facts && v.facts->in_cds && v.facts->frame == IndelFrame::inframe && v.facts->indel_length > 0;
    if (!named && !placed) return false;
    if (rule.min_length > 0 && inserted_length(v) < rule.min_length) return false;
    if (!rule.exons.empty() && std::find(rule.exons.begin(), rule.exons.end(), v.exon) == rule.exons.end())
        return false;
    return true;
}

bool truncates_before_last_exon(const Variant& v) {
    if (v.variant_class == VariantClass::splice) return true;
    const std::int32_t exon_count = v.facts ? v.facts->exon_count : 0;
    return v.exon > 0 && exon_count > 0 && v.exon < exon_count;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::vector<GenomicKeyHit> genomic_key_hits(const Knowledgebase& kb, GenomeBuild build, const Variant& allele) {
    std::vector<GenomicKeyHit> hits;
    const std::string ref = upper(allele.ref), alt = upper(allele.alt);
    if (const auto* keyed = kb.evidence_at(build, allele.chrom_index, allele.pos))
        for (const auto& [key, item] : *keyed)
            if (key->build == build && key->ref == ref && key->alt == alt) hits.push_back({key, item, {}});
    // A substitution of several bases (an MNV, perhaps with a padding base or changes in other
    // codons, as Mutect2 writes them): a key of equal-length alleles inside it matches when the
    // record's other changed bases are at least 3 bases away, i.e. outside the key's codon (a
    // change within 2 bases could be in the same codon and give another amino acid).
    if (ref.size() != alt.size() || ref.size() < 2) return hits;
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < ref.size(); ++i)
        if (ref[i] != alt[i]) changed.push_back(i);
    for (std::size_t offset = 0; offset < ref.size(); ++offset) {
        const auto* keyed = kb.evidence_at(build, allele.chrom_index, allele.pos + static_cast<std::int64_t>(offset));
        if (!keyed) continue;
        for (const auto& [key, item] : *keyed) {
            const std::size_t n = key->ref.size();
            if (key->build != build || key->alt.size() != n || offset + n > ref.size()) continue;
            if (n == ref.size()) continue;  // the whole record: the exact comparison above
            if (ref.compare(offset, n, key->ref) != 0 || alt.compare(offset, n, key->alt) != 0) continue;
            std::vector<std::string> elsewhere;
            bool near = false;
            for (const std::size_t i : changed) {
                if (i >= offset && i < offset + n) continue;
                if (i + 3 > offset && i < offset + n + 2) near = true;
                elsewhere.push_back(std::to_string(allele.pos + static_cast<std::int64_t>(i)) + " " + ref[i] + ">" +
                                    alt[i]);
            }
            if (near) continue;
            std::string note;
            if (!elsewhere.empty())
                note = "the record " + allele.chrom + ":" + std::to_string(allele.pos) + " " + allele.ref + ">" +
                       allele.alt + " holds " + (key->change.empty() ? std::string("the allele") : key->change) + " (" +
                       std::to_string(key->pos) + " " + key->ref + ">" + key->alt + ") and changes other bases too (" +
                       join(elsewhere, ", ") + "): their own protein changes are not assessed here";
            hits.push_back({key, item, std::move(note)});
        }
    }
    return hits;
}

bool rule_matches(const AlterationRule& rule, const Variant& v) {
    if (v.gene != rule.gene) return false;
    const auto& p = v.protein;
    switch (rule.type) {
        case RuleType::protein_change:
            return !p.normalized.empty() &&
                   (p.normalized == rule.change || (!rule.legacy_name.empty() && p.normalized == rule.legacy_name));
        case RuleType::codon:
            return p.start == rule.codon && !p.synonymous && is_protein_altering(v.variant_class) &&
                   (rule.ref_aa == 0 || p.ref_aa == rule.ref_aa);
        case RuleType::codon_range:
            return p.start >= rule.start && p.start <= rule.end && !p.synonymous &&
                   class_allowed(rule.classes, v.variant_class);
        case RuleType::exon:
            if (!class_allowed(rule.classes, v.variant_class)) return false;
            if (v.exon == rule.exon) return true;
            // A splice-site change belongs to the exon whose donor or acceptor it hits (MET exon
            // 14 skipping from intron 13 acceptor or intron 14 donor changes).
            return v.variant_class == VariantClass::splice && v.facts && v.facts->splice_site &&
                   v.facts->splice_exon == rule.exon;
        case RuleType::loss_of_function:
            return is_truncating(v.variant_class) && (!rule.before_last_exon || truncates_before_last_exon(v));
        case RuleType::itd:
            return is_itd(rule, v);
        default:
            return false;
    }
}

Variant complete_from_facts(const Variant& annotated, const TranscriptFacts& facts,
                            const std::optional<ProteinChange>& translated, VariantClass translated_class,
                            std::vector<std::string>& notes) {
    Variant v = annotated;
    v.facts = facts;
    const bool annotation = !annotated.annotation_source.empty();
    const bool same_transcript = annotation && annotated.transcript_selection == "mane_select";
    if (!annotation) {
        v.transcript = facts.transcript;
        v.transcript_selection = "mane_select";
        v.hgvsc = facts.hgvsc;
    }
    if (v.exon == 0 && facts.exon > 0 && v.variant_class != VariantClass::intronic) {
        v.exon = facts.exon;
        v.exon_from_tables = true;
    } else if (same_transcript && v.exon > 0 && facts.exon > 0 && v.exon != facts.exon) {
        notes.push_back(annotated.annotation_source + " gives exon " + std::to_string(v.exon) + " on " +
                        annotated.transcript + "; pedtx's MANE table gives exon " + std::to_string(facts.exon) +
                        " on " + facts.transcript +
                        " (kept the annotation's: another transcript version or the "
                        "wrong genome build?)");
    }
    if (v.variant_class == VariantClass::other && facts.variant_class != VariantClass::other) {
        v.variant_class = facts.variant_class;
        v.class_from_tables = true;
    }
    if (translated) {
        if (v.protein.normalized.empty()) {
            v.protein = *translated;
            v.hgvsp = "p." + translated->normalized;
            v.protein_from_reference = true;
            if (v.variant_class == VariantClass::other || v.class_from_tables) {
                v.variant_class = translated_class;
                v.class_from_tables = true;
            }
        } else if (same_transcript && v.protein.normalized != translated->normalized) {
            notes.push_back(annotated.annotation_source + " gives p." + v.protein.normalized + " on " +
                            annotated.transcript + "; translating the reference on " + facts.transcript + " gives p." +
                            translated->normalized + " (kept the annotation's)");
        }
    }
    return v;
}

std::vector<Finding> Matcher::match_allele(const Variant& allele, const std::vector<Variant>& annotated) const {
    std::vector<Finding> findings;
    std::set<const EvidenceItem*> matched_items;

    // Position facts on the MANE transcript of every knowledge-base gene the allele touches.
    struct GeneFacts {
        const GeneLocus* locus;
        TranscriptFacts facts;
        std::optional<ProteinChange> translated;
        VariantClass translated_class = VariantClass::other;
    };
    std::vector<GeneFacts> gene_facts;
    const std::int64_t allele_end =
        allele.pos + static_cast<std::int64_t>(std::max<std::size_t>(allele.ref.size(), 1)) - 1;
    for (const GeneLocus* locus : kb_.genes_overlapping(build_, allele.chrom_index, allele.pos, allele_end)) {
        auto facts = transcript_facts(*locus, allele.pos, allele.ref, allele.alt);
        if (!facts) continue;
        GeneFacts g{locus, std::move(*facts), std::nullopt};
        if (reference_ && g.facts.in_cds && g.facts.indel_length == 0) {
            if (auto t = translate_substitution(*locus, *reference_, allele.pos, allele.ref, allele.alt);
                t && t->ref_matches) {
                g.translated = t->protein;
                g.translated_class = t->variant_class;
            }
        }
        gene_facts.push_back(std::move(g));
    }
    const auto facts_for = [&](const std::string& gene) -> const GeneFacts* {
        for (const auto& g : gene_facts)
            if (g.locus->symbol == gene) return &g;
        return nullptr;
    };
    const auto evidence_match = [](const EvidenceItem* item, MatchedBy matched_by) {
        EvidenceMatch match;
        match.item = item;
        match.matched_by = matched_by;
        return match;
    };
    // What a match on the completed variant rests on.
    const auto completed_by = [](const AlterationRule& rule, const Variant& v) -> MatchedBy {
        const bool protein_rule =
            rule.type == RuleType::protein_change || rule.type == RuleType::codon || rule.type == RuleType::codon_range;
        return v.protein_from_reference && (protein_rule || v.class_from_tables) ? MatchedBy::reference_translation
                                                                                 : MatchedBy::transcript_tables;
    };

    for (const auto& variant : annotated) {
        Finding finding;
        finding.gene = variant.gene;
        finding.alteration = alteration_name(variant);
        finding.variant = variant;
        finding.matched_by = MatchedBy::annotation;
        const GeneFacts* g = facts_for(variant.gene);
        std::optional<Variant> completed;
        if (g) {
            completed = complete_from_facts(variant, g->facts, g->translated, g->translated_class, finding.notes);
            finding.variant = *completed;
        }
        for (const EvidenceItem* item : kb_.evidence_for_gene(variant.gene)) {
            // The annotation alone first, so that what matched before still matches the same way.
            if (rule_matches(item->alteration, variant)) {
                finding.evidence.push_back(evidence_match(item, MatchedBy::annotation));
                matched_items.insert(item);
            } else if (completed && rule_matches(item->alteration, *completed)) {
                finding.evidence.push_back(evidence_match(item, completed_by(item->alteration, *completed)));
                matched_items.insert(item);
            }
        }
        findings.push_back(std::move(finding));
    }

    // Genes the annotation says nothing about (or a file without annotation): the tables' facts.
    for (const auto& g : gene_facts) {
        if (std::any_of(annotated.begin(), annotated.end(),
                        [&](const Variant& v) { return v.gene == g.locus->symbol; }))
            continue;
        Variant base = allele;
        base.gene = g.locus->symbol;
        Finding finding;
        Variant v = complete_from_facts(base, g.facts, g.translated, g.translated_class, finding.notes);
        finding.gene = v.gene;
        finding.alteration = v.protein.normalized.empty() ? alteration_name(v) : v.protein.normalized;
        finding.matched_by = v.protein_from_reference ? MatchedBy::reference_translation : MatchedBy::transcript_tables;
        for (const EvidenceItem* item : kb_.evidence_for_gene(v.gene)) {
            if (!rule_matches(item->alteration, v)) continue;
            finding.evidence.push_back(evidence_match(item, completed_by(item->alteration, v)));
            matched_items.insert(item);
        }
        finding.variant = std::move(v);
        findings.push_back(std::move(finding));
    }

    // Genomic keys: the fallback for unannotated files, and a safety net when the
    // annotation used another transcript's numbering.
    for (const auto& [key, item, note] : genomic_key_hits(kb_, build_, allele)) {
        if (matched_items.count(item)) continue;
        const std::string& gene = item->alteration.gene;
        auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.gene == gene; });
        if (it == findings.end()) {
            Finding finding;
            finding.gene = gene;
            finding.alteration = key->change.empty() ? item->alteration.display_name() : key->change;
            finding.variant = allele;
            finding.variant.gene = gene;
            finding.matched_by = MatchedBy::genomic_key;
            findings.push_back(std::move(finding));
            it = std::prev(findings.end());
        }
        if (!note.empty() && std::find(it->notes.begin(), it->notes.end(), note) == it->notes.end())
            it->notes.push_back(note);
        it->evidence.push_back(evidence_match(item, MatchedBy::genomic_key));
        if (it->variant.annotation_source.empty() && !it->variant.protein_from_reference) {
            it->alteration = key->change.empty() ? item->alteration.display_name() : key->change;
            it->matched_by = MatchedBy::genomic_key;
        }
        matched_items.insert(item);
    }

    // Keep evidence-bearing findings, and tier-III candidates: protein-altering
    // variants in KB genes with no evidence. A gene that is in the knowledge base only as a
    // fusion partner (TPM4, EML4) has no point-mutation significance there: not a candidate.
    std::erase_if(findings, [&](const Finding& f) {
        return f.evidence.empty() &&
               (!is_protein_altering(f.variant.variant_class) || kb_.is_fusion_partner_only(f.gene));
    });
    return findings;
}

}  // namespace pedtx
