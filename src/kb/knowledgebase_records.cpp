// The knowledge-base loader, part two: the gene, drug, trial and evidence records (alteration
// rules, tumor-type scopes, approvals, age bounds), the derived genomic keys, and the checks
// across files (unknown genes, drugs, approvals and trials; drugs no item uses).
#include "knowledgebase_loader.hpp"

#include "pedtx/core/hgvs.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using kb_loader::all_digits;
using kb_loader::is_nct;
using nlohmann::json;

namespace {

bool is_date(std::string_view text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
           all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2));
}

RuleType parse_rule_type(const std::string& name, bool& ok) {
    static const std::vector<std::pair<std::string, RuleType>> names = {
        {"protein_change", RuleType::protein_change},
        {"codon", RuleType::codon},
        {"codon_range", RuleType::codon_range},
        {"exon", RuleType::exon},
        {"loss_of_function", RuleType::loss_of_function},
        {"fusion", RuleType::fusion},
        {"amplification", RuleType::amplification},
        {"deletion", RuleType::deletion},
        {"genomic", RuleType::genomic},
        {"itd", RuleType::itd},
        {"biomarker", RuleType::biomarker},
    };
    for (const auto& [known, type] : names)
        if (known == name) {
            ok = true;
            return type;
        }
    ok = false;
    return RuleType::protein_change;
}

std::optional<Response> parse_response(const std::string& name) {
    if (name == "sensitive") return Response::sensitive;
    if (name == "resistant") return Response::resistant;
    if (name == "not_effective") return Response::not_effective;
    if (name == "prognostic") return Response::prognostic;
    if (name == "diagnostic") return Response::diagnostic;
    return std::nullopt;
}

}  // namespace

void KnowledgebaseLoader::parse_genes(const JsonFile& f) {
    if (!f.ok) return;
    std::set<std::string> seen;
    const auto& items = f.doc["genes"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& g = items[i];
        if (!g.is_object()) {
            problem(f.path, line_for(f, i), "a gene must be an object");
            continue;
        }
        Gene gene;
        gene.symbol = get_string(f, i, g, "symbol", true);
        gene.hgnc_id = get_string(f, i, g, "hgnc_id", true);
        gene.aliases = get_strings(f, i, g, "aliases", false);
        gene.role = get_string(f, i, g, "role", false);
        if (!seen.insert(gene.symbol).second)
            problem(f.path, line_for(f, i, "symbol"), "duplicate gene \"" + gene.symbol + "\"");
        if (!gene.symbol.empty() && !records.loci[1].empty() && !has_locus(gene.symbol))
            problem(f.path, line_for(f, i, "symbol"),
                    "gene \"" + gene.symbol + "\" is not in the gene table (run scripts/derive_gene_table.py)");
        records.genes.push_back(std::move(gene));
    }
}

bool KnowledgebaseLoader::has_locus(const std::string& symbol) const {
    for (const auto& locus : records.loci[1])
        if (locus.symbol == symbol) return true;
    return false;
}

void KnowledgebaseLoader::parse_drugs(const JsonFile& f) {
    if (!f.ok) return;
    std::set<std::string> seen_drugs, seen_approvals;
    const auto& items = f.doc["drugs"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& d = items[i];
        if (!d.is_object()) {
            problem(f.path, line_for(f, i), "a drug must be an object");
            continue;
        }
        Drug drug;
        drug.name = get_string(f, i, d, "name", true);
        if (drug.name != to_lower(drug.name))
            problem(f.path, line_for(f, i, "name"), "drug names are lower-case generic names");
        drug.synonyms = get_strings(f, i, d, "synonyms", false);
        drug.drug_class = get_string(f, i, d, "class", false);
        drug.targets = get_strings(f, i, d, "targets", false);
        if (!seen_drugs.insert(drug.name).second)
            problem(f.path, line_for(f, i, "name"), "duplicate drug \"" + drug.name + "\"");
        if (d.contains("approvals")) {
            if (!d["approvals"].is_array()) {
                problem(f.path, line_for(f, i, "approvals"), "\"approvals\" must be an array");
            } else {
                for (const auto& a : d["approvals"]) {
                    Approval approval;
                    const LazyLine line{this, &f, i, "approvals"};
                    if (!a.is_object()) {
                        problem(f.path, line, "an approval must be an object");
                        continue;
                    }
                    approval.id = get_string(f, i, a, "id", true);
                    approval.drug = drug.name;
                    approval.agency = get_string(f, i, a, "agency", true);
                    if (approval.agency != "FDA" && approval.agency != "EMA")
                        problem(f.path, line, "approval agency must be FDA or EMA");
                    if (a.contains("year") && a["year"].is_number_integer()) approval.year = a["year"].get<int>();
                    if (approval.year < 1990 || approval.year > 2100)
                        problem(f.path, line, "approval \"" + approval.id + "\" needs a year");
                    approval.indication = get_string(f, i, a, "indication", true);
                    approval.tumor_types = get_strings(f, i, a, "tumor_types", false);
                    approval.biomarker = get_string(f, i, a, "biomarker", false);
                    approval.min_age_years = get_number(f, i, a, "min_age_years");
                    if (approval.min_age_years && (*approval.min_age_years < 0 || *approval.min_age_years > 30))
                        problem(f.path, line, "approval \"" + approval.id + "\" has an implausible minimum age");
                    approval.under_age_years = get_number(f, i, a, "under_age_years");
                    if (approval.under_age_years && (*approval.under_age_years <= approval.min_age_years.value_or(0) ||
                                                     *approval.under_age_years > 120))
                        problem(f.path, line,
                                "approval \"" + approval.id +
                                    "\": under_age_years must be above min_age_years (and at most 120)");
                    approval.min_weight_kg = get_number(f, i, a, "min_weight_kg");
                    if (approval.min_weight_kg && (*approval.min_weight_kg <= 0 || *approval.min_weight_kg > 200))
                        problem(f.path, line, "approval \"" + approval.id + "\" has an implausible min_weight_kg");
                    approval.pediatric_formulation = get_string(f, i, a, "pediatric_formulation", false);
                    approval.references = get_references(f, i, a, true);
                    for (const auto& code : approval.tumor_types) check_tumor_code(f.path, line, code);
                    if (!seen_approvals.insert(approval.id).second)
                        problem(f.path, line, "duplicate approval id \"" + approval.id + "\"");
                    drug.approvals.push_back(std::move(approval));
                }
            }
        }
        records.drugs.push_back(std::move(drug));
    }
}

void KnowledgebaseLoader::parse_trials(const JsonFile& f) {
    if (!f.ok) return;
    std::set<std::string> seen;
    const auto& items = f.doc["trials"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& t = items[i];
        if (!t.is_object()) {
            problem(f.path, line_for(f, i), "a trial must be an object");
            continue;
        }
        Trial trial;
        trial.nct = get_string(f, i, t, "nct", true);
        if (!is_nct(trial.nct))
            problem(f.path, line_for(f, i, "nct"), "malformed NCT id \"" + trial.nct + "\" (NCT + 8 digits)");
        trial.title = get_string(f, i, t, "title", true);
        trial.phase = get_string(f, i, t, "phase", false);
        trial.min_age_years = get_number(f, i, t, "min_age_years");
        trial.max_age_years = get_number(f, i, t, "max_age_years");
        trial.status = get_string(f, i, t, "status", false);
        trial.status_date = get_string(f, i, t, "status_date", false);
        trial.references = get_references(f, i, t, false);
        check_age_bounds(f.path, line_for(f, i, "min_age_years"), trial.min_age_years, trial.max_age_years);
        if (!seen.insert(trial.nct).second)
            problem(f.path, line_for(f, i, "nct"), "duplicate trial \"" + trial.nct + "\"");
        records.trials.push_back(std::move(trial));
    }
}

void KnowledgebaseLoader::check_age_bounds(const std::string& path, long line, std::optional<double> min_age,
                                           std::optional<double> max_age) {
    if (min_age && (*min_age < 0 || *min_age > 100)) problem(path, line, "minimum age out of range 0-100");
    if (max_age && (*max_age < 0 || *max_age > 130)) problem(path, line, "maximum age out of range 0-130");
    if (min_age && max_age && *min_age > *max_age) problem(path, line, "minimum age is above the maximum age");
}

void KnowledgebaseLoader::check_tumor_code(const std::string& path, long line, const std::string& code) {
    if (records.tumor_types.size() > 0 && !records.tumor_types.find(code))
        problem(path, line, records.tumor_types.why_unusable(code));
}

std::set<std::string> KnowledgebaseLoader::gene_symbols() const {
    std::set<std::string> symbols;
    for (const auto& g : records.genes) symbols.insert(g.symbol);
    return symbols;
}

std::vector<VariantClass> KnowledgebaseLoader::parse_classes(const JsonFile& f, std::size_t i, const json& rule) {
    std::vector<VariantClass> classes;
    for (const auto& name : get_strings(f, i, rule, "classes", false)) {
        if (name == "any") return {};
        if (auto cls = parse_variant_class(name))
            classes.push_back(*cls);
        else
            problem(f.path, line_for(f, i, "classes"), "unknown variant class \"" + name + "\"");
    }
    return classes;
}

void KnowledgebaseLoader::parse_rule(const JsonFile& f, std::size_t i, const json& rule, AlterationRule& out,
                                     const std::set<std::string>& genes) {
    const LazyLine line{this, &f, i, "alteration"};
    if (!rule.is_object()) {
        problem(f.path, line, "\"alteration\" must be an object");
        return;
    }
    const std::string type = get_string(f, i, rule, "type", true);
    bool ok = false;
    out.type = parse_rule_type(type, ok);
    if (!ok) {
        problem(f.path, line, "unknown alteration type \"" + type + "\"");
        return;
    }
    const auto require_gene = [&](const std::string& symbol, bool allow_any) {
        if (allow_any && symbol == "*") return;
        if (symbol.empty())
            problem(f.path, line, "alteration needs a gene");
        else if (genes_ok_ && !genes.count(symbol))
            problem(f.path, line, "unknown gene \"" + symbol + "\" (not in genes.json)");
    };
    const auto get_int = [&](const char* key, std::int32_t& value) {
        if (!rule.contains(key) || !rule[key].is_number_integer()) {
            problem(f.path, line, std::string("alteration needs an integer \"") + key + "\"");
            return;
        }
        value = rule[key].get<std::int32_t>();
    };
    if (out.type != RuleType::fusion && out.type != RuleType::biomarker) {
        out.gene = get_string(f, i, rule, "gene", true);
        require_gene(out.gene, false);
    }
    switch (out.type) {
        case RuleType::protein_change: {
            const std::string change = get_string(f, i, rule, "change", true);
            auto parsed = parse_hgvsp(change);
            if (!parsed)
                problem(f.path, line, "cannot read protein change \"" + change + "\"");
            else
                out.change = parsed->normalized;
            if (parsed && parsed->normalized != change)
                problem(f.path, line, "write the protein change as \"" + parsed->normalized + "\"");
            out.legacy_name = get_string(f, i, rule, "legacy_name", false);
            out.hgvsc = get_strings(f, i, rule, "hgvsc", false);
            if (parsed) {
                out.start = parsed->start;
                out.ref_aa = parsed->ref_aa;
            }
            break;
        }
        case RuleType::codon: {
            get_int("codon", out.codon);
            const std::string ref = get_string(f, i, rule, "ref_aa", false);
            if (ref.size() > 1) problem(f.path, line, "ref_aa is one amino-acid letter");
            if (!ref.empty()) out.ref_aa = ref[0];
            break;
        }
        case RuleType::codon_range:
            get_int("start", out.start);
            get_int("end", out.end);
            if (out.start > out.end) problem(f.path, line, "codon range start is after its end");
            out.classes = parse_classes(f, i, rule);
            break;
        case RuleType::exon:
            get_int("exon", out.exon);
            out.classes = parse_classes(f, i, rule);
            break;
        case RuleType::itd:
            if (rule.contains("exons")) {
                if (!rule["exons"].is_array()) {
                    problem(f.path, line, "\"exons\" must be a list of exon numbers");
                } else {
                    for (const auto& e : rule["exons"]) {
                        if (!e.is_number_integer() || e.get<std::int64_t>() < 1)
                            problem(f.path, line, "\"exons\" must be a list of exon numbers (1 or more)");
                        else
                            out.exons.push_back(e.get<std::int32_t>());
                    }
                }
            }
            if (rule.contains("min_length")) {
                get_int("min_length", out.min_length);
                if (out.min_length < 1) problem(f.path, line, "\"min_length\" must be 1 or more bases");
            }
            break;
        case RuleType::loss_of_function:
            if (rule.contains("before_last_exon")) {
                if (!rule["before_last_exon"].is_boolean())
                    problem(f.path, line, "\"before_last_exon\" must be true or false");
                else
                    out.before_last_exon = rule["before_last_exon"].get<bool>();
            }
            break;
        case RuleType::fusion:
            out.five_prime = get_string(f, i, rule, "five_prime", true);
            out.three_prime = get_string(f, i, rule, "three_prime", true);
            require_gene(out.five_prime, true);
            require_gene(out.three_prime, true);
            if (out.five_prime == "*" && out.three_prime == "*")
                problem(f.path, line, "a fusion rule needs at least one named partner");
            break;
        case RuleType::genomic: {
            GenomicKey key;
            const auto build = parse_genome_build(get_string(f, i, rule, "build", true));
            if (!build)
                problem(f.path, line, "genomic rule needs build GRCh37 or GRCh38");
            else
                key.build = *build;
            key.chrom = chrom_index(get_string(f, i, rule, "chrom", true));
            if (key.chrom == kNoChrom) problem(f.path, line, "genomic rule has an unknown chromosome");
            std::int32_t pos = 0;
            get_int("pos", pos);
            key.pos = pos;
            key.ref = get_string(f, i, rule, "ref", true);
            key.alt = get_string(f, i, rule, "alt", true);
            out.change = get_string(f, i, rule, "change", false);
            out.genomic_keys.push_back(std::move(key));
            break;
        }
        case RuleType::biomarker:
            out.biomarker = get_string(f, i, rule, "name", true);
            if (out.biomarker != "TMB-high" && out.biomarker != "MSI-high")
                problem(f.path, line, "biomarker must be TMB-high or MSI-high");
            break;
        default:
            break;
    }
}

void KnowledgebaseLoader::parse_evidence(const JsonFile& f) {
    if (!f.ok) return;
    const auto genes = gene_symbols();
    std::set<std::string> seen;
    const auto& items = f.doc["evidence"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& e = items[i];
        if (!e.is_object()) {
            problem(f.path, line_for(f, i), "an evidence item must be an object");
            continue;
        }
        EvidenceItem item;
        item.id = get_string(f, i, e, "id", true);
        if (!seen.insert(item.id).second)
            problem(f.path, line_for(f, i, "id"), "duplicate evidence id \"" + item.id + "\"");
        if (!e.contains("alteration"))
            problem(f.path, line_for(f, i), "missing field \"alteration\"");
        else
            parse_rule(f, i, e["alteration"], item.alteration, genes);

        const LazyLine tt_line{this, &f, i, "tumor_types"};
        if (!e.contains("tumor_types") || !e["tumor_types"].is_object()) {
            problem(f.path, tt_line, "\"tumor_types\" must be an object with \"codes\" or \"group\"");
        } else {
            const json& tt = e["tumor_types"];
            item.tumor_types.codes = get_strings(f, i, tt, "codes", false);
            item.tumor_types.group = get_string(f, i, tt, "group", false);
            item.tumor_types.exclude = get_strings(f, i, tt, "exclude", false);
            if (item.tumor_types.codes.empty() == item.tumor_types.group.empty())
                problem(f.path, tt_line, "give either \"codes\" or a tumor-agnostic \"group\"");
            if (!item.tumor_types.group.empty() && item.tumor_types.group != "solid" &&
                item.tumor_types.group != "hematologic" && item.tumor_types.group != "all")
                problem(f.path, tt_line, "group must be solid, hematologic or all");
            for (const auto& code : item.tumor_types.codes) check_tumor_code(f.path, tt_line, code);
            for (const auto& code : item.tumor_types.exclude) check_tumor_code(f.path, tt_line, code);
        }

        item.drugs = get_strings(f, i, e, "drugs", true);
        const std::string response = get_string(f, i, e, "response", true);
        if (auto r = parse_response(response))
            item.response = *r;
        else
            problem(f.path, line_for(f, i, "response"), "unknown response \"" + response + "\"");
        const bool needs_drug = item.response == Response::sensitive || item.response == Response::resistant ||
                                item.response == Response::not_effective;
        if (needs_drug && item.drugs.empty())
            problem(f.path, line_for(f, i, "drugs"), "a " + response + " item needs at least one drug");
        for (const auto& drug : item.drugs) {
            used_drugs_.insert(drug);
            if (drugs_ok_ && !find_drug(drug))
                problem(f.path, line_for(f, i, "drugs"), "unknown drug \"" + drug + "\" (not in drugs.json)");
        }
        const std::string level = get_string(f, i, e, "level", true);
        if (level.size() != 1 || level[0] < 'A' || level[0] > 'D')
            problem(f.path, line_for(f, i, "level"), "level must be A, B, C or D");
        else
            item.level = level[0];
        // "approval": one id; "approvals": several (one label per agency). Not both.
        if (e.contains("approval") && e.contains("approvals"))
            problem(f.path, line_for(f, i, "approvals"),
                    "give either \"approval\" (one id) or \"approvals\" (a list), not both");
        if (const std::string one = get_string(f, i, e, "approval", false); !one.empty())
            item.approval_ids.push_back(one);
        for (auto& id : get_strings(f, i, e, "approvals", false)) {
            if (std::find(item.approval_ids.begin(), item.approval_ids.end(), id) != item.approval_ids.end())
                problem(f.path, line_for(f, i, "approvals"), "approval \"" + id + "\" is listed twice");
            else
                item.approval_ids.push_back(std::move(id));
        }
        for (const auto& id : item.approval_ids)
            if (drugs_ok_ && !find_approval(id))
                problem(f.path, line_for(f, i, e.contains("approvals") ? "approvals" : "approval"),
                        "unknown approval \"" + id + "\"");
        if (e.contains("age")) {
            if (!e["age"].is_object()) {
                problem(f.path, line_for(f, i, "age"), "\"age\" must be an object");
            } else {
                item.min_age_years = get_number(f, i, e["age"], "min_years");
                item.max_age_years = get_number(f, i, e["age"], "max_years");
                check_age_bounds(f.path, line_for(f, i, "age"), item.min_age_years, item.max_age_years);
            }
        }
        item.summary = get_string(f, i, e, "summary", false);
        item.references = get_references(f, i, e, true);
        item.trials = get_strings(f, i, e, "trials", false);
        for (const auto& nct : item.trials) {
            if (!is_nct(nct))
                problem(f.path, line_for(f, i, "trials"), "malformed NCT id \"" + nct + "\" (NCT + 8 digits)");
            else if (trials_ok_ && !find_trial(nct))
                problem(f.path, line_for(f, i, "trials"), "trial " + nct + " is not described in trials.json");
        }
        item.last_reviewed = get_string(f, i, e, "last_reviewed", true);
        if (!item.last_reviewed.empty() && !is_date(item.last_reviewed))
            problem(f.path, line_for(f, i, "last_reviewed"), "last_reviewed must be YYYY-MM-DD");
        records.evidence.push_back(std::move(item));
    }
}

const Drug* KnowledgebaseLoader::find_drug(const std::string& name) const {
    for (const auto& d : records.drugs)
        if (d.name == name) return &d;
    return nullptr;
}

const Approval* KnowledgebaseLoader::find_approval(const std::string& id) const {
    for (const auto& d : records.drugs)
        for (const auto& a : d.approvals)
            if (a.id == id) return &a;
    return nullptr;
}

const Trial* KnowledgebaseLoader::find_trial(const std::string& nct) const {
    for (const auto& t : records.trials)
        if (t.nct == nct) return &t;
    return nullptr;
}

void KnowledgebaseLoader::attach_genomic_keys() {
    const auto path = dir_ / "genomic_keys.json";
    if (!std::filesystem::exists(path)) {
        problem(path.string(), 0, "missing genomic keys (run scripts/derive_genomic_keys.py)");
        return;
    }
    const std::string text = read_text_file(path);
    const auto parsed = parse_json(path, text);
    if (!parsed) return;
    json doc = *parsed;
    if (!doc.contains("keys") || !doc["keys"].is_array()) {
        problem(path.string(), 1, "expected an array \"keys\"");
        return;
    }
    for (const auto& k : doc["keys"]) {
        const std::string gene = k.value("gene", "");
        const std::string change = k.value("change", "");
        for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
            const std::string build_name(to_string(build));
            if (!k.contains(build_name) || !k[build_name].is_object()) continue;
            const auto& c = k[build_name];
            GenomicKey key;
            key.build = build;
            key.chrom = chrom_index(c.value("chrom", ""));
            key.pos = c.value("pos", 0);
            key.ref = c.value("ref", "");
            key.alt = c.value("alt", "");
            if (key.chrom == kNoChrom || key.pos <= 0 || key.ref.empty() || key.alt.empty()) {
                problem(path.string(), line_of_offset(text, text.find("\"" + change + "\"")),
                        "incomplete genomic key for " + gene + " " + change);
                continue;
            }
            for (auto& item : records.evidence)
                if (item.alteration.type == RuleType::protein_change && item.alteration.gene == gene &&
                    item.alteration.change == change)
                    item.alteration.genomic_keys.push_back(key);
        }
    }
}

void KnowledgebaseLoader::cross_check(const JsonFile& drugs, const JsonFile& evidence) {
    if (!drugs.ok || !evidence.ok) return;
    for (std::size_t i = 0; i < records.drugs.size(); ++i)
        if (!used_drugs_.count(records.drugs[i].name))
            problem(drugs.path, line_for(drugs, i, "name"),
                    "drug \"" + records.drugs[i].name + "\" is not used by any evidence item");
    for (std::size_t i = 0; i < records.evidence.size(); ++i) {
        const auto& item = records.evidence[i];
        const char* key = item.approval_ids.size() > 1 ? "approvals" : "approval";
        for (const auto& id : item.approval_ids) {
            const Approval* approval = find_approval(id);
            if (approval && std::find(item.drugs.begin(), item.drugs.end(), approval->drug) == item.drugs.end())
                problem(evidence.path, line_for(evidence, i, key),
                        "approval \"" + id + "\" is for " + approval->drug + ", which this item does not list");
        }
    }
}

}  // namespace pedtx
