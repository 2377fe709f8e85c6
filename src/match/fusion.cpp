// Fusion partners, orientation, breakpoint regions and fusion-rule matching.
#include "pedtx/match/fusion.hpp"

#include <algorithm>
#include <charconv>

#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

bool parse_position(std::string_view text, std::string& chrom, std::int64_t& pos) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    chrom = std::string(text.substr(0, colon));
    const auto digits = text.substr(colon + 1);
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), pos);
    return result.ec == std::errc() && result.ptr == digits.data() + digits.size() && pos > 0;
}

// Is the gene the 5' partner given which side of the breakpoint is kept?
// A + strand gene keeps its 5' part on the left; a - strand gene on the right.
bool keeps_five_prime_part(char strand, bool keeps_left) {
    return (strand == '+') == keeps_left;
}

std::string partner_name(const FusionPartner& partner) {
    return partner.gene.empty() ? "?" : partner.gene;
}

struct EndGene {
    const GeneLocus* locus = nullptr;    // knowledge-base gene, with exons
    const GeneLocus* partner = nullptr;  // any other gene (span and strand only)
    std::string gene;                    // symbol (from a locus, or from the caller when there is none)
    const GeneLocus* any() const { return locus ? locus : partner; }
};

// The gene at a breakpoint: a caller-named gene when it is there, else the first
// gene of the table that contains the position.
EndGene gene_for_end(const Knowledgebase& kb, GenomeBuild build, const std::string& chrom, std::int64_t pos,
                     const std::vector<std::string>& named) {
    EndGene end;
    const auto overlapping = kb.genes_overlapping(build, chrom_index(chrom), pos, pos);
    for (const auto& name : named)
        for (const GeneLocus* locus : overlapping)
            if (locus->symbol == name) {
                end.locus = locus;
                end.gene = name;
                return end;
            }
    if (!overlapping.empty()) {
        end.locus = overlapping.front();
        end.gene = end.locus->symbol;
        return end;
    }
    // Not a knowledge-base gene: name the partner from the genome-wide span table.
    const auto partners = kb.partner_genes_overlapping(build, chrom_index(chrom), pos);
    for (const auto& name : named)
        for (const GeneLocus* locus : partners)
            if (locus->symbol == name) {
                end.partner = locus;
                end.gene = name;
                return end;
            }
    if (!partners.empty()) {
        end.partner = partners.front();
        end.gene = end.partner->symbol;
    }
    return end;
}

FusionPartner make_partner(const EndGene& end, const std::string& chrom, std::int64_t pos) {
    FusionPartner partner;
    partner.gene = end.gene;
    partner.chrom = chrom;
    partner.pos = pos;
    if (const GeneLocus* locus = end.any()) {
        partner.strand = locus->strand;
        partner.transcript = locus->mane_refseq;
        partner.region = breakpoint_region(*locus, pos);  // empty without exon structure
    }
    return partner;
}

}  // namespace

std::optional<Junction> junction_from_breakend(std::string_view chrom, std::int64_t pos, std::string_view alt) {
    const auto open = alt.find_first_of("[]");
    if (open == std::string_view::npos) return std::nullopt;
    const char bracket = alt[open];
    const auto close = alt.find(bracket, open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    Junction junction;
    junction.first.chrom = std::string(chrom);
    junction.first.pos = pos;
    if (!parse_position(alt.substr(open + 1, close - open - 1), junction.second.chrom, junction.second.pos))
        return std::nullopt;
    const bool bases_first = open > 0;  // t[p[ or t]p]
    if (bases_first && close != alt.size() - 1) return std::nullopt;
    if (!bases_first && close == alt.size() - 1) return std::nullopt;
    // t[p[: keep left of t, right of p.  t]p]: left, left.  ]p]t: right, left.  [p[t: right, right.
    junction.first.keeps_left = bases_first;
    junction.second.keeps_left = bracket == ']';
    junction.source = "vcf_bnd";
    return junction;
}

std::vector<Junction> junctions_from_symbolic(std::string_view svtype, std::string_view chrom, std::int64_t pos,
                                              std::string_view mate_chrom, std::int64_t end,
                                              std::string_view connection) {
    std::vector<Junction> junctions;
    const auto make = [&](bool first_left, bool second_left) {
        Junction j;
        j.first = {std::string(chrom), pos, first_left};
        j.second = {std::string(mate_chrom.empty() ? chrom : mate_chrom), end, second_left};
        j.source = "vcf_symbolic";
        junctions.push_back(std::move(j));
    };
    if (connection == "3to5")
        make(true, false);
    else if (connection == "5to3")
        make(false, true);
    else if (connection == "3to3")
        make(true, true);
    else if (connection == "5to5")
        make(false, false);
    else if (svtype == "DEL")
        make(true, false);
    else if (svtype == "DUP")
        make(false, true);
    else if (svtype == "INV") {
        make(true, true);
        make(false, false);
    }
    return junctions;
}

std::string breakpoint_region(const GeneLocus& locus, std::int64_t pos) {
    const auto& exons = locus.exons;
    if (exons.empty()) return {};
    for (std::size_t i = 0; i < exons.size(); ++i)
        if (pos >= exons[i].first && pos <= exons[i].second) return "exon " + std::to_string(i + 1);
    const bool plus = locus.strand == '+';
    for (std::size_t i = 0; i + 1 < exons.size(); ++i) {
        const bool between = plus ? (pos > exons[i].second && pos < exons[i + 1].first)
                                  : (pos < exons[i].first && pos > exons[i + 1].second);
        if (between) return "intron " + std::to_string(i + 1);
    }
    const bool before_first = plus ? pos < exons.front().first : pos > exons.front().second;
    return before_first ? "upstream of exon 1" : "downstream of the last exon";
}

std::optional<FusionCall> resolve_junction(const Junction& junction, const Knowledgebase& kb, GenomeBuild build) {
    std::vector<std::string> named;
    for (const auto& caller : junction.caller_genes) {
        const auto canonical = kb.canonical_gene(caller);
        const std::string name = canonical ? std::string(*canonical) : caller;
        if (!name.empty() && std::find(named.begin(), named.end(), name) == named.end()) named.push_back(name);
    }
    EndGene a = gene_for_end(kb, build, junction.first.chrom, junction.first.pos, named);
    EndGene b = gene_for_end(kb, build, junction.second.chrom, junction.second.pos, named);
    // Caller-named genes found at neither breakpoint: use one for an end without a gene,
    // and say so; report every disagreement.
    std::vector<std::string> notes;
    bool disagree = false;
    for (const auto& name : named) {
        if (name == a.gene || name == b.gene) continue;
        EndGene* empty_end = a.gene.empty() ? &a : (b.gene.empty() ? &b : nullptr);
        const GeneLocus* elsewhere = kb.locus(build, name);
        // A named partner outside the knowledge base that is at neither end: compare with the span table.
        if (empty_end && !elsewhere) {
            empty_end->gene = name;
            notes.push_back(name + " as named by the caller (not in the gene table; breakpoint not checked)");
        } else {
            disagree = true;
            notes.push_back("the caller names " + name + ", which is at neither breakpoint (" + junction.first.chrom +
                            ":" + std::to_string(junction.first.pos) + ", " + junction.second.chrom + ":" +
                            std::to_string(junction.second.pos) + "): gene and coordinates disagree");
        }
    }
    if (!a.locus && !b.locus) return std::nullopt;
    FusionCall call;
    call.source = junction.source;
    call.record = junction.record;
    call.supporting_reads = junction.supporting_reads;
    call.notes = std::move(notes);
    call.coordinates_agree = !disagree;
    FusionPartner pa = make_partner(a, junction.first.chrom, junction.first.pos);
    FusionPartner pb = make_partner(b, junction.second.chrom, junction.second.pos);
    const bool a_five = a.any() && keeps_five_prime_part(a.any()->strand, junction.first.keeps_left);
    const bool b_five = b.any() && keeps_five_prime_part(b.any()->strand, junction.second.keeps_left);
    if (a.any() && b.any()) {
        if (a_five != b_five) {
            call.five_prime = a_five ? pa : pb;
            call.three_prime = a_five ? pb : pa;
        } else {
            // Both ends keep a 5' part (or both a 3' part): no sense transcript joins them.
            call.five_prime = pa;
            call.three_prime = pb;
            call.oncogenic_orientation = false;
            call.notes.push_back(std::string("both partners keep their ") + (a_five ? "5'" : "3'") +
                                 " part at this junction: the strands cannot form a " + pa.gene + "/" + pb.gene +
                                 " fusion transcript");
        }
    } else {
        // One gene known: its kept part says which side of the fusion it is on.
        const bool known_is_a = a.any() != nullptr;
        const bool known_five = known_is_a ? a_five : b_five;
        const FusionPartner& known = known_is_a ? pa : pb;
        const FusionPartner& other = known_is_a ? pb : pa;
        call.five_prime = known_five ? known : other;
        call.three_prime = known_five ? other : known;
        if ((known_is_a ? b.gene : a.gene).empty())
            call.notes.push_back("the partner breakpoint " + other.chrom + ":" + std::to_string(other.pos) +
                                 " is in no gene of the gene table");
    }
    return call;
}

FusionCall resolve_named_fusion(const NamedFusion& named, const Knowledgebase& kb, GenomeBuild build) {
    FusionCall call;
    call.source = named.source;
    call.record = named.record;
    call.supporting_reads = named.supporting_reads;
    const auto side = [&](const std::string& gene, const std::string& chrom, std::int64_t pos) {
        FusionPartner partner;
        const auto canonical = kb.canonical_gene(gene);
        partner.gene = canonical ? std::string(*canonical) : gene;
        partner.chrom = chrom;
        partner.pos = pos;
        const GeneLocus* locus = partner.gene.empty() ? nullptr : kb.locus(build, partner.gene);
        if (locus) {
            partner.strand = locus->strand;
            partner.transcript = locus->mane_refseq;
            if (pos > 0) {
                if (chrom_index(chrom) == locus->chrom && pos >= locus->span_start - kGeneSpanPadding &&
                    pos <= locus->span_end + kGeneSpanPadding) {
                    partner.region = breakpoint_region(*locus, pos);
                } else {
                    std::string found;
                    for (const GeneLocus* other : kb.genes_overlapping(build, chrom_index(chrom), pos, pos))
                        found += (found.empty() ? "" : ", ") + other->symbol;
                    call.coordinates_agree = false;
                    call.notes.push_back("breakpoint " + chrom + ":" + std::to_string(pos) + " is outside " +
                                         partner.gene + " (" + std::string(chrom_name(locus->chrom)) + ":" +
                                         std::to_string(locus->span_start) + "-" + std::to_string(locus->span_end) +
                                         ")" + (found.empty() ? "" : "; it falls in " + found) +
                                         ": gene and coordinate disagree, check the caller's output");
                }
            }
        } else if (!partner.gene.empty()) {
            for (const GeneLocus* other : kb.genes_overlapping(build, chrom_index(chrom), pos, pos)) {
                call.coordinates_agree = false;
                call.notes.push_back("breakpoint " + chrom + ":" + std::to_string(pos) + " falls in " + other->symbol +
                                     ", not in " + partner.gene + " as the caller says");
            }
        }
        return partner;
    };
    call.five_prime = side(named.five_prime_gene, named.five_prime_chrom, named.five_prime_pos);
    call.three_prime = side(named.three_prime_gene, named.three_prime_chrom, named.three_prime_pos);
    if (named.five_prime_gene.empty()) call.notes.push_back("the caller names no 5' partner");
    if (named.three_prime_gene.empty()) call.notes.push_back("the caller names no 3' partner");
    return call;
}

std::vector<Finding> fusion_table_findings(const FusionTable& table, const Knowledgebase& kb, GenomeBuild build,
                                           std::vector<std::string>& warnings) {
    const auto same_gene = [&](const std::string& a, const std::string& b) {
        const auto ca = kb.canonical_gene(a);
        const auto cb = kb.canonical_gene(b);
        return to_upper(ca ? *ca : a) == to_upper(cb ? *cb : b);
    };
    std::vector<Finding> findings;
    // The table's warnings and the name disagreements, merged by line (each list is in row order).
    std::vector<std::pair<long, std::string>> disagreements;
    for (const auto& named : table.fusions) {
        if (named.named_partners && (!same_gene(named.named_partners->first, named.five_prime_gene) ||
                                     !same_gene(named.named_partners->second, named.three_prime_gene))) {
            disagreements.emplace_back(named.line, named.record + ": fusion name \"" + named.name +
                                                       "\" disagrees with its gene columns (" + named.five_prime_gene +
                                                       ", " + named.three_prime_gene +
                                                       "); reported here and not matched");
            continue;
        }
        auto finding = fusion_finding(resolve_named_fusion(named, kb, build), kb);
        // A table that does not say which gene is 5' (cBioPortal "ALK-EML4"): the other order
        // when only it is a fusion the knowledge base has evidence for, and the finding says so.
        if (!named.partner_order_known && (!finding || finding->evidence.empty())) {
            NamedFusion swapped = named;
            std::swap(swapped.five_prime_gene, swapped.three_prime_gene);
            std::swap(swapped.five_prime_chrom, swapped.three_prime_chrom);
            std::swap(swapped.five_prime_pos, swapped.three_prime_pos);
            if (auto other = fusion_finding(resolve_named_fusion(swapped, kb, build), kb);
                other && !other->evidence.empty()) {
                other->notes.push_back(
                    named.record + ": the table names " + named.five_prime_gene + " and " + named.three_prime_gene +
                    " without saying which is 5'; read as the knowledge base's " + other->alteration);
                finding = std::move(other);
            }
        }
        if (finding) findings.push_back(std::move(*finding));
    }
    auto next = disagreements.begin();
    for (const auto& [line, warning] : table.warnings) {
        for (; next != disagreements.end() && next->first < line; ++next) warnings.push_back(next->second);
        warnings.push_back(warning);
    }
    for (; next != disagreements.end(); ++next) warnings.push_back(next->second);
    return findings;
}

bool fusion_rule_matches(const AlterationRule& rule, const FusionCall& call) {
    if (rule.type != RuleType::fusion || !call.oncogenic_orientation || !call.orientation_known ||
        !call.coordinates_agree)
        return false;
    // A gene fused to itself (KMT2A partial tandem duplication) is not a partner fusion.
    if (!call.five_prime.gene.empty() && call.five_prime.gene == call.three_prime.gene) return false;
    const auto side_matches = [](const std::string& wanted, const FusionPartner& partner) {
        return wanted == "*" || wanted == partner.gene;
    };
    return side_matches(rule.five_prime, call.five_prime) && side_matches(rule.three_prime, call.three_prime);
}

std::optional<Finding> fusion_finding(const FusionCall& call, const Knowledgebase& kb) {
    const bool five_known = !call.five_prime.gene.empty() && kb.canonical_gene(call.five_prime.gene);
    const bool three_known = !call.three_prime.gene.empty() && kb.canonical_gene(call.three_prime.gene);
    if (!five_known && !three_known) return std::nullopt;
    Finding finding;
    finding.category = FindingCategory::fusion;
    finding.alteration = partner_name(call.five_prime) + "::" + partner_name(call.three_prime);
    finding.fusion = call;
    finding.matched_by = call.source.rfind("vcf", 0) == 0 ? MatchedBy::breakpoints : MatchedBy::fusion_caller;
    finding.variant.chrom = call.five_prime.chrom.empty() ? call.three_prime.chrom : call.five_prime.chrom;
    finding.variant.chrom_index = chrom_index(finding.variant.chrom);
    finding.variant.pos = call.five_prime.chrom.empty() ? call.three_prime.pos : call.five_prime.pos;
    std::vector<const EvidenceItem*> seen;
    for (const auto& gene : {call.five_prime.gene, call.three_prime.gene}) {
        if (gene.empty()) continue;
        for (const EvidenceItem* item : kb.evidence_for_gene(gene)) {
            if (std::find(seen.begin(), seen.end(), item) != seen.end()) continue;
            if (!fusion_rule_matches(item->alteration, call)) continue;
            seen.push_back(item);
            EvidenceMatch match;
            match.item = item;
            match.matched_by = finding.matched_by;
            finding.evidence.push_back(std::move(match));
        }
    }
    // The gene the evidence is about: the 3' kinase usually, the 5' partner for rules such as KMT2A::*.
    finding.gene = three_known ? call.three_prime.gene : call.five_prime.gene;
    if (!finding.evidence.empty() && finding.evidence.front().item->alteration.three_prime == "*")
        finding.gene = call.five_prime.gene;
    if (!call.oncogenic_orientation)
        finding.significance = "partners in an orientation that cannot form this fusion transcript: not matched";
    else if (!call.coordinates_agree)
        finding.significance =
            "gene names and breakpoint coordinates disagree: not matched to evidence; verify the call";
    else if (finding.evidence.empty()) {
        // The reciprocal orientation would match: say so (e.g. NTRK1--TPM3 written 3'-first).
        FusionCall reversed = call;
        std::swap(reversed.five_prime, reversed.three_prime);
        for (const auto& gene : {call.five_prime.gene, call.three_prime.gene}) {
            if (gene.empty()) continue;
            for (const EvidenceItem* item : kb.evidence_for_gene(gene))
                if (fusion_rule_matches(item->alteration, reversed)) {
                    finding.significance = "reported as " + finding.alteration + " (" + partner_name(call.five_prime) +
                                           " at 5'); the actionable fusion is " + partner_name(reversed.five_prime) +
                                           "::" + partner_name(reversed.three_prime) +
                                           " — not matched; check whether the caller wrote the partners 3'-first";
                    return finding;
                }
        }
    }
    return finding;
}

}  // namespace pedtx
