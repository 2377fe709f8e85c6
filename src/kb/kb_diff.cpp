// Field-by-field comparison of two knowledge bases, keyed by each record's id.
#include "pedtx/kb/kb_diff.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <tuple>

#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

std::string format_number(std::optional<double> value) {
    return value ? format_decimal(*value, 3) : "none";
}

std::string or_none(const std::string& value) { return value.empty() ? "none" : value; }

bool same_references(const std::vector<Reference>& a, const std::vector<Reference>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Reference& x, const Reference& y) {
        return std::tie(x.type, x.id, x.year, x.url) == std::tie(y.type, y.id, y.year, y.url);
    });
}

bool same_keys(const std::vector<GenomicKey>& a, const std::vector<GenomicKey>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const GenomicKey& x, const GenomicKey& y) {
        return std::tie(x.build, x.chrom, x.pos, x.ref, x.alt) == std::tie(y.build, y.chrom, y.pos, y.ref, y.alt);
    });
}

std::string describe_rule(const AlterationRule& rule) {
    switch (rule.type) {
        case RuleType::fusion:
        case RuleType::biomarker: return rule.display_name();
        default: return rule.gene + " " + rule.display_name();
    }
}

std::string describe_scope(const TumorTypeScope& scope) {
    if (scope.group.empty()) return join(scope.codes, ",");
    std::string text = scope.group;
    if (!scope.exclude.empty()) text += " except " + join(scope.exclude, ",");
    return text;
}

std::string describe_drugs(const std::vector<std::string>& drugs) {
    return drugs.empty() ? std::string("no drug") : join(drugs, "+");
}

// Collects "field old -> new" (short values) or "field" (long text, lists of references).
class FieldChanges {
public:
    void value(const std::string& field, const std::string& before, const std::string& after) {
        if (before != after) parts_.push_back(field + " " + or_none(before) + " -> " + or_none(after));
    }
    void flag(const std::string& field, bool differs) {
        if (differs) parts_.push_back(field);
    }
    bool empty() const { return parts_.empty(); }
    std::string text() const { return join(parts_, "; "); }

private:
    std::vector<std::string> parts_;
};

bool same_alleles(const std::vector<RuleAllele>& a, const std::vector<RuleAllele>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const RuleAllele& x, const RuleAllele& y) {
        return x.change == y.change && x.hgvsc == y.hgvsc;
    });
}

void compare_rule(FieldChanges& changes, const AlterationRule& a, const AlterationRule& b) {
    const std::string before = describe_rule(a);
    const std::string after = describe_rule(b);
    if (before != after) {
        changes.value("alteration", before, after);
    } else {
        changes.flag("hgvsc", a.hgvsc != b.hgvsc);
        changes.flag("alleles", !same_alleles(a.alleles, b.alleles));
        // Same name, different rule (type, classes, legacy name, ...).
        const bool other = a.type != b.type || a.legacy_name != b.legacy_name || a.classes != b.classes ||
                           a.ref_aa != b.ref_aa || a.codon != b.codon || a.start != b.start ||
                           a.end != b.end || a.exon != b.exon || a.exons != b.exons ||
                           a.min_length != b.min_length || a.before_last_exon != b.before_last_exon;
        changes.flag("alteration rule", other);
    }
    changes.flag("genomic_keys", !same_keys(a.genomic_keys, b.genomic_keys));
}

std::string compare_evidence(const EvidenceItem& a, const EvidenceItem& b) {
    FieldChanges changes;
    compare_rule(changes, a.alteration, b.alteration);
    changes.value("tumor_types", describe_scope(a.tumor_types), describe_scope(b.tumor_types));
    changes.value("drugs", describe_drugs(a.drugs), describe_drugs(b.drugs));
    changes.value("response", std::string(to_string(a.response)), std::string(to_string(b.response)));
    changes.value("level", std::string(1, a.level), std::string(1, b.level));
    changes.value("approvals", join(a.approval_ids, ","), join(b.approval_ids, ","));
    changes.value("min_age", format_number(a.min_age_years), format_number(b.min_age_years));
    changes.value("max_age", format_number(a.max_age_years), format_number(b.max_age_years));
    changes.flag("summary", a.summary != b.summary);
    changes.flag("references", !same_references(a.references, b.references));
    changes.value("trials", join(a.trials, ","), join(b.trials, ","));
    changes.value("last_reviewed", a.last_reviewed, b.last_reviewed);
    return changes.text();
}

std::string compare_drug(const Drug& a, const Drug& b) {
    FieldChanges changes;
    changes.flag("synonyms", a.synonyms != b.synonyms);
    changes.flag("class", a.drug_class != b.drug_class);
    changes.value("targets", join(a.targets, ","), join(b.targets, ","));
    return changes.text();
}

std::string compare_approval(const Approval& a, const Approval& b) {
    FieldChanges changes;
    changes.value("drug", a.drug, b.drug);
    changes.value("agency", a.agency, b.agency);
    changes.value("year", std::to_string(a.year), std::to_string(b.year));
    changes.flag("indication", a.indication != b.indication);
    changes.value("tumor_types", join(a.tumor_types, ","), join(b.tumor_types, ","));
    changes.value("biomarker", a.biomarker, b.biomarker);
    changes.value("min_age_years", format_number(a.min_age_years), format_number(b.min_age_years));
    changes.value("under_age_years", format_number(a.under_age_years), format_number(b.under_age_years));
    changes.value("min_weight_kg", format_number(a.min_weight_kg), format_number(b.min_weight_kg));
    changes.flag("pediatric_formulation", a.pediatric_formulation != b.pediatric_formulation);
    changes.flag("references", !same_references(a.references, b.references));
    return changes.text();
}

std::string compare_gene(const Gene& a, const Gene& b) {
    FieldChanges changes;
    changes.value("hgnc_id", a.hgnc_id, b.hgnc_id);
    changes.value("aliases", join(a.aliases, ","), join(b.aliases, ","));
    changes.value("role", a.role, b.role);
    return changes.text();
}

std::string compare_trial(const Trial& a, const Trial& b) {
    FieldChanges changes;
    changes.flag("title", a.title != b.title);
    changes.value("phase", a.phase, b.phase);
    changes.value("min_age_years", format_number(a.min_age_years), format_number(b.min_age_years));
    changes.value("max_age_years", format_number(a.max_age_years), format_number(b.max_age_years));
    changes.value("status", a.status, b.status);
    changes.value("status_date", a.status_date, b.status_date);
    changes.flag("references", !same_references(a.references, b.references));
    return changes.text();
}

std::string describe(const EvidenceItem& item) {
    return describe_rule(item.alteration) + "; " + describe_drugs(item.drugs) + "; " +
           std::string(to_string(item.response)) + "; level " + std::string(1, item.level) + "; " +
           describe_scope(item.tumor_types);
}
std::string describe(const Drug& drug) { return or_none(drug.drug_class); }
std::string describe(const Approval& approval) {
    return approval.drug + "; " + approval.agency + " " + std::to_string(approval.year) + "; " +
           or_none(approval.biomarker) + "; min age " + format_number(approval.min_age_years);
}
std::string describe(const Gene& gene) { return gene.hgnc_id + "; " + or_none(gene.role); }
std::string describe(const Trial& trial) { return "phase " + or_none(trial.phase) + "; " + trial.title; }

// Compares two id-keyed collections and appends added / removed / changed records.
template <typename Record, typename IdOf, typename Compare>
void diff_records(const std::vector<const Record*>& before, const std::vector<const Record*>& after,
                  const std::string& entity, IdOf id_of, Compare compare, std::vector<KbChange>& out) {
    std::map<std::string, const Record*> old_by_id, new_by_id;
    for (const Record* r : before) old_by_id.emplace(id_of(*r), r);
    for (const Record* r : after) new_by_id.emplace(id_of(*r), r);
    for (const auto& [id, record] : old_by_id) {
        const auto it = new_by_id.find(id);
        if (it == new_by_id.end()) {
            out.push_back({KbChangeKind::removed, entity, id, describe(*record)});
        } else if (std::string fields = compare(*record, *it->second); !fields.empty()) {
            out.push_back({KbChangeKind::changed, entity, id, std::move(fields)});
        }
    }
    for (const auto& [id, record] : new_by_id)
        if (!old_by_id.count(id)) out.push_back({KbChangeKind::added, entity, id, describe(*record)});
}

template <typename Record>
std::vector<const Record*> pointers(const std::vector<Record>& records) {
    std::vector<const Record*> out;
    for (const auto& r : records) out.push_back(&r);
    return out;
}

std::vector<const Approval*> approvals_of(const Knowledgebase& kb) {
    std::vector<const Approval*> out;
    for (const auto& drug : kb.drugs())
        for (const auto& approval : drug.approvals) out.push_back(&approval);
    return out;
}

std::string single_line(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return text;
}

constexpr const char* kEntities[] = {"evidence", "drug", "approval", "gene", "trial"};

}  // namespace

std::string_view to_string(KbChangeKind kind) {
    switch (kind) {
        case KbChangeKind::added: return "added";
        case KbChangeKind::removed: return "removed";
        case KbChangeKind::changed: return "changed";
    }
    return "";
}

std::vector<KbChange> diff_knowledgebases(const Knowledgebase& old_kb, const Knowledgebase& new_kb) {
    std::vector<KbChange> changes;
    diff_records<EvidenceItem>(
        pointers(old_kb.evidence()), pointers(new_kb.evidence()), "evidence",
        [](const EvidenceItem& e) { return e.id; }, compare_evidence, changes);
    diff_records<Drug>(
        pointers(old_kb.drugs()), pointers(new_kb.drugs()), "drug", [](const Drug& d) { return d.name; },
        compare_drug, changes);
    diff_records<Approval>(
        approvals_of(old_kb), approvals_of(new_kb), "approval", [](const Approval& a) { return a.id; },
        compare_approval, changes);
    diff_records<Gene>(
        pointers(old_kb.genes()), pointers(new_kb.genes()), "gene", [](const Gene& g) { return g.symbol; },
        compare_gene, changes);
    diff_records<Trial>(
        pointers(old_kb.trials()), pointers(new_kb.trials()), "trial", [](const Trial& t) { return t.nct; },
        compare_trial, changes);
    std::sort(changes.begin(), changes.end(), [](const KbChange& a, const KbChange& b) {
        return std::make_tuple(to_string(a.kind), std::string_view(a.entity), std::string_view(a.id)) <
               std::make_tuple(to_string(b.kind), std::string_view(b.entity), std::string_view(b.id));
    });
    return changes;
}

std::string format_change(const KbChange& change) {
    return std::string(to_string(change.kind)) + "\t" + change.entity + "\t" + single_line(change.id) + "\t" +
           single_line(change.detail);
}

std::string format_diff_summary(const Knowledgebase& old_kb, const Knowledgebase& new_kb,
                                const std::vector<KbChange>& changes) {
    std::map<std::string, std::array<int, 3>> counts;
    for (const auto& change : changes) ++counts[change.entity][static_cast<std::size_t>(change.kind)];
    std::vector<std::string> parts;
    for (const char* entity : kEntities) {
        const auto& c = counts[entity];
        parts.push_back(std::string(entity) + " +" + std::to_string(c[0]) + " -" + std::to_string(c[1]) + " ~" +
                        std::to_string(c[2]));
    }
    return "summary\t" + old_kb.info().version + " -> " + new_kb.info().version + "\t" +
           std::to_string(changes.size()) + " change" + (changes.size() == 1 ? "" : "s") + ": " +
           join(parts, "; ");
}

}  // namespace pedtx
