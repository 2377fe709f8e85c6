// Split MNVs: SNV records of one sample in one codon, joined into the allele they make together
// or flagged on the findings they gave.
#include "pedtx/match/split_mnv.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "pedtx/match/transcript_position.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

std::string label(const Variant& v) {
    return v.chrom + ":" + std::to_string(v.pos) + " " + v.ref + ">" + v.alt;
}

bool same_record(const Variant& a, const Variant& b) {
    return a.chrom_index == b.chrom_index && a.pos == b.pos && a.ref == b.ref && a.alt == b.alt;
}

// How the SNVs of one codon stand to each other.
enum class Phase { cis, trans, unknown };

Phase phase_of(const std::vector<const CodingSnv*>& snvs) {
    const CodingSnv& first = *snvs.front();
    bool all_phased = true;
    for (const CodingSnv* s : snvs) {
        if (!s->phased) {
            all_phased = false;
            continue;
        }
        for (const CodingSnv* t : snvs)
            if (t->phased && t->phase_set == s->phase_set && t->haplotype != s->haplotype) return Phase::trans;
    }
    if (!all_phased) return Phase::unknown;
    for (const CodingSnv* s : snvs)
        if (s->phase_set != first.phase_set || s->haplotype != first.haplotype) return Phase::unknown;
    return Phase::cis;
}

// Unphased SNVs count as one change only at adjacent coding positions (a codon's first and third
// base with an unchanged middle could as well be two clones).
bool adjacent(const std::vector<const CodingSnv*>& snvs) {
    for (std::size_t i = 1; i < snvs.size(); ++i)
        if (snvs[i]->coding_position != snvs[i - 1]->coding_position + 1) return false;
    return true;
}

// The record the SNVs make together, when their genomic positions are contiguous (a codon split
// by an intron is not one record).
std::optional<Variant> joined_allele(std::vector<const CodingSnv*> snvs) {
    std::sort(snvs.begin(), snvs.end(),
              [](const CodingSnv* a, const CodingSnv* b) { return a->allele.pos < b->allele.pos; });
    Variant v = snvs.front()->allele;
    v.ref.clear();
    v.alt.clear();
    for (std::size_t i = 0; i < snvs.size(); ++i) {
        if (i > 0 && snvs[i]->allele.pos != snvs[i - 1]->allele.pos + 1) return std::nullopt;
        v.ref += snvs[i]->allele.ref;
        v.alt += snvs[i]->allele.alt;
        // Read support of the joined allele: the weakest record's.
        if (snvs[i]->allele.vaf >= 0 && (v.vaf < 0 || snvs[i]->allele.vaf < v.vaf)) {
            v.vaf = snvs[i]->allele.vaf;
            v.depth = snvs[i]->allele.depth;
            v.alt_reads = snvs[i]->allele.alt_reads;
        }
    }
    return v;
}

std::string records_text(const std::vector<const CodingSnv*>& snvs) {
    std::vector<std::string> parts;
    for (const CodingSnv* s : snvs) parts.push_back(label(s->allele));
    return join(parts, " and ");
}

}  // namespace

std::vector<CodingSnv> coding_snvs(const Knowledgebase& kb, GenomeBuild build, const Variant& allele, VcfRecord& record,
                                   int column, std::size_t alt_index) {
    std::vector<CodingSnv> out;
    if (allele.ref.size() != 1 || allele.alt.size() != 1) return out;
    for (const GeneLocus* locus : kb.genes_overlapping(build, allele.chrom_index, allele.pos, allele.pos)) {
        const auto facts = transcript_facts(*locus, allele.pos, allele.ref, allele.alt);
        if (!facts || !facts->in_cds || facts->codon <= 0) continue;
        CodingSnv snv;
        snv.gene = locus->symbol;
        snv.codon = facts->codon;
        snv.coding_position = facts->cds_start;
        snv.allele = allele;
        out.push_back(std::move(snv));
    }
    if (out.empty()) return out;
    const SampleGenotype gt = record.genotype(column);
    int haplotype = -1;
    for (std::size_t i = 0; i < gt.alleles.size(); ++i)
        if (gt.alleles[i] == static_cast<int>(alt_index)) {
            haplotype = static_cast<int>(i);
            break;
        }
    const bool phased = gt.phased && haplotype >= 0;
    std::int64_t phase_set = -1;
    if (phased)
        if (const auto ps = record.format_number("PS", column)) phase_set = static_cast<std::int64_t>(*ps);
    for (auto& snv : out) {
        snv.phased = phased;
        snv.haplotype = phased ? haplotype : -1;
        snv.phase_set = phase_set;
    }
    return out;
}

void resolve_split_mnvs(std::vector<Finding>& findings, const std::vector<CodingSnv>& snvs, const Matcher& matcher) {
    // Codons with SNVs at two or more positions, in the order their first SNV was read.
    std::vector<std::pair<std::string, std::int32_t>> order;
    std::map<std::pair<std::string, std::int32_t>, std::vector<const CodingSnv*>> by_codon;
    for (const auto& snv : snvs) {
        const auto key = std::make_pair(snv.gene, snv.codon);
        auto& group = by_codon[key];
        if (group.empty()) order.push_back(key);
        group.push_back(&snv);
    }
    for (const auto& key : order) {
        auto group = by_codon[key];
        std::sort(group.begin(), group.end(),
                  [](const CodingSnv* a, const CodingSnv* b) { return a->coding_position < b->coding_position; });
        bool distinct = group.size() > 1;
        for (std::size_t i = 1; i < group.size(); ++i)
            if (group[i]->coding_position == group[i - 1]->coding_position) distinct = false;
        if (group.size() < 2) continue;
        const std::string& gene = key.first;
        const std::string codon = std::to_string(key.second);
        const auto of_group = [&](const Finding& f) {
            return f.category == FindingCategory::mutation && f.gene == gene &&
                   std::any_of(group.begin(), group.end(),
                               [&](const CodingSnv* s) { return same_record(f.variant, s->allele); });
        };

        // Why the SNVs are (or are not) taken as one change.
        const Phase phase = phase_of(group);
        const bool same_filters = std::all_of(group.begin(), group.end(), [&](const CodingSnv* s) {
            return s->allele.filter == group.front()->allele.filter;
        });
        std::string why_not;
        if (!distinct)
            why_not = "two records at one position";
        else if (phase == Phase::trans)
            why_not = "GT/PS phase them on different copies of the gene";
        else if (!same_filters)
            why_not = "they pass different filters";
        else if (phase == Phase::unknown && !adjacent(group))
            why_not = "unphased and not adjacent in the codon";
        std::optional<Variant> joined;
        if (why_not.empty()) {
            joined = joined_allele(group);
            if (!joined)
                why_not = adjacent(group) ? "the codon is split by an intron"
                                          : "phased in cis, but the codon base between them is not in the records";
        }
        std::vector<Finding> assembled;
        if (joined) {
            for (auto& f : matcher.match_allele(*joined, {})) {
                if (f.gene != gene || f.evidence.empty()) continue;
                if (f.matched_by != MatchedBy::genomic_key && f.matched_by != MatchedBy::reference_translation)
                    continue;
                assembled.push_back(std::move(f));
            }
            if (assembled.empty())
                why_not = "together (" + label(*joined) + ") they make no allele the knowledge base lists";
        }

        std::vector<std::string> single;
        for (const auto& f : findings)
            if (of_group(f) && std::find(single.begin(), single.end(), f.alteration) == single.end())
                single.push_back(f.alteration);
        if (!assembled.empty()) {
            const std::string how = phase == Phase::cis
                                        ? "phased on one copy of the gene by GT/PS"
                                        : "unphased and adjacent: taken as one change; check phase in the reads";
            const std::string note =
                "assembled from " + std::to_string(group.size()) + " records in codon " + codon + " of " + gene + " (" +
                records_text(group) + ", " + how + "): together " + assembled.front().alteration +
                (single.empty() ? std::string() : ", reported instead of " + join(single, " and ") + " alone");
            for (auto& f : assembled) {
                f.notes.insert(f.notes.begin(), note);
                if (f.matched_by == MatchedBy::genomic_key) f.matched_by = MatchedBy::genomic_key_assembled;
                for (auto& e : f.evidence)
                    if (e.matched_by == MatchedBy::genomic_key) e.matched_by = MatchedBy::genomic_key_assembled;
            }
            const auto first = std::find_if(findings.begin(), findings.end(), of_group);
            const auto at = static_cast<std::size_t>(first - findings.begin());
            std::erase_if(findings, of_group);
            findings.insert(findings.begin() + static_cast<std::ptrdiff_t>(std::min(at, findings.size())),
                            std::make_move_iterator(assembled.begin()), std::make_move_iterator(assembled.end()));
            continue;
        }
        for (auto& f : findings) {
            if (!of_group(f)) continue;
            std::vector<std::string> others;
            for (const CodingSnv* s : group)
                if (!same_record(f.variant, s->allele)) others.push_back(label(s->allele));
            f.notes.push_back("another change in codon " + codon + " of " + gene + " at " + join(others, ", ") +
                              ": the protein change may differ from " + f.alteration + " (" + why_not +
                              "); check phase in the reads");
        }
    }
}

}  // namespace pedtx
