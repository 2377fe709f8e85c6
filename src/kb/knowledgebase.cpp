// The knowledge-base model: names of rule types and responses, the indexes built over the
// loaded records, and the queries the matcher and the record loop ask. Loading and validation
// are in knowledgebase_loader.cpp and knowledgebase_records.cpp.
#include "pedtx/kb/knowledgebase.hpp"

#include <algorithm>

#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

std::uint64_t position_key(GenomeBuild build, ChromIndex chrom, std::int64_t pos) {
    return (static_cast<std::uint64_t>(build == GenomeBuild::GRCh38) << 63) |
           (static_cast<std::uint64_t>(chrom) << 40) | static_cast<std::uint64_t>(pos);
}

}  // namespace

std::string_view to_string(RuleType type) {
    switch (type) {
        case RuleType::protein_change: return "protein_change";
        case RuleType::codon: return "codon";
        case RuleType::codon_range: return "codon_range";
        case RuleType::exon: return "exon";
        case RuleType::loss_of_function: return "loss_of_function";
        case RuleType::fusion: return "fusion";
        case RuleType::amplification: return "amplification";
        case RuleType::deletion: return "deletion";
        case RuleType::genomic: return "genomic";
        case RuleType::itd: return "itd";
        case RuleType::biomarker: return "biomarker";
    }
    return "";
}

std::string_view to_string(Response response) {
    switch (response) {
        case Response::sensitive: return "sensitive";
        case Response::resistant: return "resistant";
        case Response::not_effective: return "not_effective";
        case Response::prognostic: return "prognostic";
        case Response::diagnostic: return "diagnostic";
    }
    return "";
}

std::string AlterationRule::display_name() const {
    const auto classes_text = [&]() {
        std::vector<std::string> names;
        for (const auto cls : classes) names.emplace_back(to_string(cls));
        return names.empty() ? std::string("alteration") : join(names, "/");
    };
    switch (type) {
        case RuleType::protein_change: return change;
        case RuleType::codon:
            return (ref_aa ? std::string(1, ref_aa) : std::string()) + std::to_string(codon) + " (any)";
        case RuleType::codon_range:
            return "codons " + std::to_string(start) + "-" + std::to_string(end) + " " + classes_text();
        case RuleType::exon: return "exon " + std::to_string(exon) + " " + classes_text();
        case RuleType::loss_of_function:
            return before_last_exon ? "loss of function (before the last exon)" : "loss of function";
        case RuleType::fusion: return five_prime + "::" + three_prime;
        case RuleType::amplification: return "amplification";
        case RuleType::deletion: return "deletion";
        case RuleType::genomic:
            if (!change.empty()) return change;
            if (!genomic_keys.empty())
                return std::string(chrom_name(genomic_keys[0].chrom)) + ":" +
                       std::to_string(genomic_keys[0].pos) + " " + genomic_keys[0].ref + ">" +
                       genomic_keys[0].alt;
            return "genomic";
        case RuleType::itd: {
            std::string name = "ITD";
            if (!exons.empty()) {
                std::vector<std::string> numbers;
                for (const auto e : exons) numbers.push_back(std::to_string(e));
                name += std::string(exons.size() == 1 ? " (exon " : " (exons ") + join(numbers, "/") + ")";
            }
            return name;
        }
        case RuleType::biomarker: return biomarker;
    }
    return "";
}

Knowledgebase::Knowledgebase(Records records) : records_(std::move(records)) {
    build_indexes();
}

std::shared_ptr<const Knowledgebase> Knowledgebase::with_gene_annotation(GenomeBuild build,
                                                                         std::vector<GeneLocus> loci) const {
    // A new knowledge base over a copy of the records: its indexes point into its own records.
    Records records = records_;
    records.partner_loci[build_slot(build)] = std::move(loci);
    return std::shared_ptr<const Knowledgebase>(new Knowledgebase(std::move(records)));
}

// Every index is built into a fresh Indexes and assigned whole, so none can be left stale.
void Knowledgebase::build_indexes() {
    Indexes fresh;
    for (const auto& gene : records_.genes) {
        fresh.gene_by_upper_name[to_upper(gene.symbol)] = gene.symbol;
    }
    // Aliases never shadow an approved symbol.
    for (const auto& gene : records_.genes)
        for (const auto& alias : gene.aliases) fresh.gene_by_upper_name.try_emplace(to_upper(alias), gene.symbol);
    for (const auto& item : records_.evidence) {
        const auto& rule = item.alteration;
        if (!rule.gene.empty()) fresh.evidence_by_gene[rule.gene].push_back(&item);
        for (const auto& partner : {rule.five_prime, rule.three_prime})
            if (!partner.empty() && partner != "*" && partner != rule.gene)
                fresh.evidence_by_gene[partner].push_back(&item);
        for (const auto& key : rule.genomic_keys)
            fresh.evidence_by_position[position_key(key.build, key.chrom, key.pos)].emplace_back(&key, &item);
    }
    for (const auto& drug : records_.drugs) {
        fresh.drug_by_name[drug.name] = &drug;
        for (const auto& approval : drug.approvals) fresh.approval_by_id[approval.id] = &approval;
    }
    for (const auto& trial : records_.trials) fresh.trial_by_nct[trial.nct] = &trial;
    for (std::size_t slot = 0; slot < 2; ++slot) {
        auto& loci = records_.loci[slot];
        std::sort(loci.begin(), loci.end(), [](const GeneLocus& a, const GeneLocus& b) {
            return std::tie(a.chrom, a.span_start, a.symbol) < std::tie(b.chrom, b.span_start, b.symbol);
        });
        for (const auto& locus : loci) {
            fresh.spans[slot][locus.chrom].emplace_back(std::max<std::int64_t>(1, locus.span_start - kGeneSpanPadding),
                                                        locus.span_end + kGeneSpanPadding);
            if (slot == 1 || fresh.mane_by_gene.find(locus.symbol) == fresh.mane_by_gene.end()) {
                auto& ids = fresh.mane_by_gene[locus.symbol];
                ids.clear();
                if (!locus.mane_refseq.empty()) ids.push_back(locus.mane_refseq);
                if (!locus.mane_ensembl.empty()) ids.push_back(locus.mane_ensembl);
            }
        }
        // Merge overlapping spans so the pre-filter is one binary search.
        for (auto& spans : fresh.spans[slot]) {
            std::vector<std::pair<std::int64_t, std::int64_t>> merged;
            for (const auto& span : spans) {
                if (!merged.empty() && span.first <= merged.back().second)
                    merged.back().second = std::max(merged.back().second, span.second);
                else
                    merged.push_back(span);
            }
            spans = std::move(merged);
        }
    }
    indexes_ = std::move(fresh);
}

std::optional<std::string_view> Knowledgebase::canonical_gene(std::string_view name) const {
    if (name.empty()) return std::nullopt;
    const auto it = indexes_.gene_by_upper_name.find(to_upper(name));
    if (it == indexes_.gene_by_upper_name.end()) return std::nullopt;
    return std::string_view(it->second);
}

const Gene* Knowledgebase::gene(std::string_view symbol) const {
    for (const auto& gene : records_.genes)
        if (gene.symbol == symbol) return &gene;
    return nullptr;
}

bool Knowledgebase::is_fusion_partner_only(std::string_view symbol) const {
    const Gene* g = gene(symbol);
    return g && g->role == "fusion_partner";
}

bool Knowledgebase::is_loss_of_function_gene(std::string_view symbol) const {
    const Gene* g = gene(symbol);
    return g && (g->role == "tumor_suppressor" || g->role == "both");
}

const std::vector<const EvidenceItem*>& Knowledgebase::evidence_for_gene(std::string_view symbol) const {
    static const std::vector<const EvidenceItem*> none;
    const auto it = indexes_.evidence_by_gene.find(std::string(symbol));
    return it == indexes_.evidence_by_gene.end() ? none : it->second;
}

const std::vector<std::pair<const GenomicKey*, const EvidenceItem*>>* Knowledgebase::evidence_at(
    GenomeBuild build, ChromIndex chrom, std::int64_t pos) const {
    const auto it = indexes_.evidence_by_position.find(position_key(build, chrom, pos));
    return it == indexes_.evidence_by_position.end() ? nullptr : &it->second;
}

bool Knowledgebase::may_match(GenomeBuild build, ChromIndex chrom, std::int64_t pos) const {
    if (chrom == kNoChrom || chrom >= kChromCount) return false;
    const auto& spans = indexes_.spans[build_slot(build)][chrom];
    auto it = std::upper_bound(spans.begin(), spans.end(), pos,
                               [](std::int64_t p, const auto& span) { return p < span.first; });
    if (it != spans.begin() && std::prev(it)->second >= pos) return true;
    return indexes_.evidence_by_position.count(position_key(build, chrom, pos)) > 0;
}

const GeneLocus* Knowledgebase::gene_at(GenomeBuild build, ChromIndex chrom, std::int64_t pos) const {
    for (const auto& locus : records_.loci[build_slot(build)])
        if (locus.chrom == chrom && pos >= locus.span_start - kGeneSpanPadding &&
            pos <= locus.span_end + kGeneSpanPadding)
            return &locus;
    return nullptr;
}

std::vector<const GeneLocus*> Knowledgebase::genes_overlapping(GenomeBuild build, ChromIndex chrom,
                                                              std::int64_t start, std::int64_t end) const {
    std::vector<const GeneLocus*> found;
    for (const auto& locus : records_.loci[build_slot(build)])
        if (locus.chrom == chrom && locus.span_start <= end && locus.span_end >= start) found.push_back(&locus);
    return found;
}

std::vector<const GeneLocus*> Knowledgebase::partner_genes_overlapping(GenomeBuild build, ChromIndex chrom,
                                                                      std::int64_t pos) const {
    std::vector<const GeneLocus*> found;
    const auto& loci = records_.partner_loci[build_slot(build)];
    // Loci are sorted by (chrom, start); genes are at most a few Mb long.
    constexpr std::int64_t kLongestGene = 2'500'000;
    auto it = std::lower_bound(loci.begin(), loci.end(), std::make_pair(chrom, pos - kLongestGene),
                               [](const GeneLocus& locus, const std::pair<ChromIndex, std::int64_t>& key) {
                                   return std::tie(locus.chrom, locus.span_start) < std::tie(key.first, key.second);
                               });
    for (; it != loci.end() && it->chrom == chrom && it->span_start <= pos; ++it)
        if (it->span_end >= pos) found.push_back(&*it);
    return found;
}

const GeneLocus* Knowledgebase::locus(GenomeBuild build, std::string_view symbol) const {
    for (const auto& locus : records_.loci[build_slot(build)])
        if (locus.symbol == symbol) return &locus;
    return nullptr;
}

const GeneLocus* Knowledgebase::any_gene_locus(GenomeBuild build, std::string_view symbol) const {
    if (const GeneLocus* kb_gene = locus(build, symbol)) return kb_gene;
    for (const auto& partner : records_.partner_loci[build_slot(build)])
        if (partner.symbol == symbol) return &partner;
    return nullptr;
}

const std::vector<std::string>& Knowledgebase::mane_transcripts(std::string_view symbol) const {
    static const std::vector<std::string> none;
    const auto it = indexes_.mane_by_gene.find(std::string(symbol));
    return it == indexes_.mane_by_gene.end() ? none : it->second;
}

const Drug* Knowledgebase::drug(std::string_view name) const {
    const auto it = indexes_.drug_by_name.find(std::string(name));
    return it == indexes_.drug_by_name.end() ? nullptr : it->second;
}

const Approval* Knowledgebase::approval(std::string_view id) const {
    const auto it = indexes_.approval_by_id.find(std::string(id));
    return it == indexes_.approval_by_id.end() ? nullptr : it->second;
}

const Trial* Knowledgebase::trial(std::string_view nct) const {
    const auto it = indexes_.trial_by_nct.find(std::string(nct));
    return it == indexes_.trial_by_nct.end() ? nullptr : it->second;
}

}  // namespace pedtx
