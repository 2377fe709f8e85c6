// Star-allele diplotypes, CPIC phenotypes and recommendations from germline site observations
// (TPMT, NUDT15: CPIC 2018 thiopurine guideline; G6PD: CPIC 2022 G6PD guideline).
#include "pedtx/match/germline.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "pedtx/util/text.hpp"

namespace pedtx {

std::string_view to_string(Sex sex) {
    switch (sex) {
        case Sex::female:
            return "female";
        case Sex::male:
            return "male";
        case Sex::unknown:
            return "unknown";
    }
    return "unknown";
}

std::optional<Sex> parse_sex(std::string_view text) {
    const std::string lower = to_lower(trim_view(text));
    if (lower == "female" || lower == "f") return Sex::female;
    if (lower == "male" || lower == "m") return Sex::male;
    if (lower.empty() || lower == "unknown" || lower == "na" || lower == "u") return Sex::unknown;
    return std::nullopt;
}

std::string_view to_string(SiteStatus status) {
    switch (status) {
        case SiteStatus::carried:
            return "carried";
        case SiteStatus::reference:
            return "reference";
        case SiteStatus::no_call:
            return "no call (GT ./.)";
        case SiteStatus::filtered:
            return "filtered";
        case SiteStatus::not_in_vcf:
            return "not in the VCF (not called)";
    }
    return "unknown";
}

namespace {

constexpr std::string_view kAbsenceNote =
    "Only the positions listed were tested: the absence of a tested allele is not proof of normal function, and "
    "alleles at other positions (rare or novel variants, structural variants) are not detected.";

std::string site_label(const PgxSiteObservation& s, GenomeBuild build) {
    const PgxPosition& p = s.variant->on(build);
    return p.chrom_name + ":" + std::to_string(p.pos) + " " + p.ref + ">" + p.alt + " (" + s.variant->hgvsc + ", " +
           s.variant->rsid + ")";
}

void describe_sites(PgxGeneResult& result, const std::vector<const PgxSiteObservation*>& sites, GenomeBuild build) {
    for (const auto* s : sites) {
        std::string text = site_label(*s, build) + ": " + std::string(to_string(s->status));
        if (s->status == SiteStatus::carried)
            text += ", " + std::to_string(s->alt_copies) + (s->alt_copies == 1 ? " copy" : " copies") +
                    (s->ploidy == 1 ? " (haploid call)" : "") + (s->phased ? " (phased)" : "");
        if (!s->detail.empty()) text += " [" + s->detail + "]";
        result.positions_tested.push_back(text);
        if (s->status == SiteStatus::no_call || s->status == SiteStatus::filtered ||
            s->status == SiteStatus::not_in_vcf)
            result.positions_not_called.push_back(site_label(*s, build) + ": " + std::string(to_string(s->status)) +
                                                  (s->detail.empty() ? "" : " [" + s->detail + "]"));
    }
}

std::vector<const PgxSiteObservation*> sites_of(const std::vector<PgxSiteObservation>& sites, std::string_view gene) {
    std::vector<const PgxSiteObservation*> out;
    for (const auto& s : sites)
        if (s.variant && s.variant->gene == gene) out.push_back(&s);
    return out;
}

void add_recommendations(PgxGeneResult& result, const PharmacogenomicsCatalog& catalog, const std::string& gene,
                         const std::string& phenotype) {
    for (const auto* r : catalog.recommendations_for(gene, phenotype)) {
        result.recommendations.push_back({r->drugs, r->text, r->strength, r->guideline, r->source});
        if (result.guideline.name.empty()) result.guideline = r->guideline;
    }
}

// A gene whose genotype cannot be called: diplotype as given, phenotype indeterminate, with the
// CPIC recommendations for an indeterminate phenotype and the reason as a note.
PgxGeneResult& indeterminate(PgxGeneResult& result, const PharmacogenomicsCatalog& catalog, const std::string& gene,
                             std::string diplotype, std::string note) {
    result.diplotype = std::move(diplotype);
    result.phenotype = "indeterminate";
    result.function = "not determined";
    result.notes.push_back(std::move(note));
    add_recommendations(result, catalog, gene, "indeterminate");
    result.actionable = true;
    return result;
}

// A haplotype is a set of defining variants (hgvsc); its name is the allele with exactly that set.
using Haplotype = std::set<std::string>;

const PgxAllele* named_allele(const std::vector<const PgxAllele*>& alleles, const Haplotype& hap) {
    for (const auto* a : alleles)
        if (Haplotype(a->variants.begin(), a->variants.end()) == hap) return a;
    return nullptr;
}

// Star-allele order: *1 < *2 < *3A < *3B < *10 (numeric part, then suffix).
bool star_less(const std::string& a, const std::string& b) {
    const auto key = [](const std::string& s) {
        std::size_t i = s.find_first_of("0123456789");
        std::size_t j = i;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        const int number = i == std::string::npos ? 0 : std::stoi(s.substr(i, j - i));
        return std::make_pair(number, j < s.size() ? s.substr(j) : std::string{});
    };
    return key(a) < key(b);
}

struct Diplotype {
    const PgxAllele* first = nullptr;
    const PgxAllele* second = nullptr;
    std::string name() const {
        std::string a = first->name, b = second->name;
        if (star_less(b, a)) std::swap(a, b);
        return a + "/" + b;
    }
};

std::string thiopurine_phenotype(const Diplotype& d) {
    int no = 0, normal = 0, uncertain = 0;
    for (const auto* a : {d.first, d.second}) {
        if (a->function == AlleleFunction::no_function)
            ++no;
        else if (a->function == AlleleFunction::normal_function)
            ++normal;
        else
            ++uncertain;
    }
    if (no == 2) return "poor_metabolizer";
    if (no == 1 && normal == 1) return "intermediate_metabolizer";
    if (no == 1 && uncertain == 1) return "possible_intermediate_metabolizer";
    if (normal == 2) return "normal_metabolizer";
    return "indeterminate";
}

}  // namespace

PgxGeneResult call_thiopurine_gene(const PharmacogenomicsCatalog& catalog, const std::string& gene,
                                   const std::vector<PgxSiteObservation>& all_sites, GenomeBuild build) {
    PgxGeneResult result;
    result.gene = gene;
    result.drugs = {"mercaptopurine", "azathioprine", "thioguanine"};
    const auto alleles = catalog.alleles_of(gene);
    const auto sites = sites_of(all_sites, gene);
    for (const auto* a : alleles) {
        if (a->variants.empty()) continue;
        result.alleles_tested.push_back(a->name + " (" + join(a->variants, " + ") + ")");
    }
    describe_sites(result, sites, build);
    const bool any_called = std::any_of(sites.begin(), sites.end(), [](const auto* s) {
        return s->status == SiteStatus::carried || s->status == SiteStatus::reference;
    });
    if (sites.empty() || !any_called) {
        return indeterminate(result, catalog, gene, "not determined",
                             "None of the tested " + gene +
                                 " positions was called in the germline VCF: the genotype is unknown (a missing "
                                 "record is not a reference call).");
    }
    // Fixed variants (on both haplotypes) and heterozygous ones, with their phase when given.
    Haplotype both;
    std::vector<const PgxSiteObservation*> hets;
    for (const auto* s : sites) {
        if (s->status != SiteStatus::carried) continue;
        if (s->alt_copies >= 2 || (s->ploidy == 1 && s->alt_copies == 1))
            both.insert(s->variant->hgvsc);
        else
            hets.push_back(s);
    }
    const bool all_phased =
        !hets.empty() && std::all_of(hets.begin(), hets.end(), [](const auto* s) { return s->phased; });
    // Candidate assignments of the heterozygous variants to the two haplotypes.
    std::vector<std::pair<Haplotype, Haplotype>> assignments;
    if (all_phased) {
        Haplotype h0 = both, h1 = both;
        for (const auto* s : hets) (s->carried_on[0] ? h0 : h1).insert(s->variant->hgvsc);
        assignments.emplace_back(h0, h1);
    } else {
        // The first het variant on haplotype 0 (the two haplotypes are interchangeable); at most
        // 2^(n-1) assignments, n being a handful of variants at most.
        const std::size_t n = hets.size();
        const std::size_t count = n == 0 ? 1 : (std::size_t{1} << (n - 1));
        for (std::size_t mask = 0; mask < count && mask < 4096; ++mask) {
            Haplotype h0 = both, h1 = both;
            for (std::size_t i = 0; i < n; ++i) {
                const bool on_second = i > 0 && ((mask >> (i - 1)) & 1U);
                (on_second ? h1 : h0).insert(hets[i]->variant->hgvsc);
            }
            assignments.emplace_back(h0, h1);
        }
    }
    // Keep the assignments whose haplotypes are both named alleles; most parsimonious first (more
    // reference haplotypes, i.e. variants together in cis: CPIC calls *3B + *3C heterozygotes
    // most likely *1/*3A).
    struct Candidate {
        Diplotype diplotype;
        int reference_haplotypes = 0;
    };
    std::vector<Candidate> candidates;
    for (const auto& [h0, h1] : assignments) {
        const PgxAllele* a = named_allele(alleles, h0);
        const PgxAllele* b = named_allele(alleles, h1);
        if (!a || !b) continue;
        candidates.push_back({{a, b}, static_cast<int>(h0.empty()) + static_cast<int>(h1.empty())});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
        return x.reference_haplotypes > y.reference_haplotypes;
    });
    if (candidates.empty()) {
        // Variants that form no pair of named alleles (e.g. a defining variant on both copies
        // plus others): every carried variant here defines a no-function allele.
        std::vector<std::string> carried;
        for (const auto* s : sites)
            if (s->status == SiteStatus::carried)
                carried.push_back(s->variant->hgvsc + " (" + std::to_string(s->alt_copies) + ")");
        return indeterminate(result, catalog, gene, "unresolved (" + join(carried, ", ") + ")",
                             "The carried " + gene +
                                 " variants form no pair of CPIC alleles; confirm by an orthogonal test (enzyme "
                                 "activity or targeted genotyping).");
    }
    const Diplotype chosen = candidates.front().diplotype;
    result.diplotype = chosen.name();
    result.phenotype = thiopurine_phenotype(chosen);
    {
        std::vector<std::string> functions;
        std::set<std::string> seen;
        for (const auto* a : {chosen.first, chosen.second})
            if (seen.insert(a->name).second) functions.push_back(a->name + ": " + std::string(to_string(a->function)));
        std::sort(functions.begin(), functions.end(), [](const std::string& x, const std::string& y) {
            return star_less(x.substr(0, x.find(':')), y.substr(0, y.find(':')));
        });
        result.function = join(functions, "; ");
    }
    if (!all_phased && hets.size() >= 2) {
        std::vector<std::string> others;
        for (std::size_t i = 1; i < candidates.size(); ++i) {
            const auto& d = candidates[i].diplotype;
            if (d.name() == result.diplotype) continue;
            others.push_back(d.name() + " (" + thiopurine_phenotype(d) + ")");
        }
        std::string note = "Unphased genotype: " + std::to_string(hets.size()) +
                           " heterozygous variants; reported as the most likely diplotype " + result.diplotype;
        if (!others.empty())
            note += "; also consistent with " + join(others, ", ") +
                    ". Phase (e.g. long reads or family testing) or enzyme activity resolves it";
        if (gene == "TPMT" && result.diplotype == "*1/*3A")
            note += ". CPIC: a c.460G>A + c.719A>G double heterozygote is most likely *1/*3A";
        result.notes.push_back(note + ".");
    }
    if (gene == "NUDT15" && (chosen.first->name == "*3" || chosen.second->name == "*3"))
        result.notes.push_back(
            "NUDT15 *2 and *3 share c.415C>T (p.Arg139Cys); *2 also carries a 6-bp in-frame insertion in exon 1 "
            "(p.Val18_Val19insGlyVal) that pedtx does not test. Both are no-function alleles, so the phenotype is the "
            "same.");
    if (!result.positions_not_called.empty())
        result.notes.push_back(std::to_string(result.positions_not_called.size()) + " of " +
                               std::to_string(sites.size()) +
                               " tested positions were not called: an allele defined there would not be seen.");
    result.notes.push_back(std::string(kAbsenceNote));
    add_recommendations(result, catalog, gene, result.phenotype);
    result.actionable = result.phenotype != "normal_metabolizer";
    return result;
}

PgxGeneResult call_g6pd(const PharmacogenomicsCatalog& catalog, const std::vector<PgxSiteObservation>& all_sites,
                        Sex sex, GenomeBuild build) {
    PgxGeneResult result;
    result.gene = "G6PD";
    result.drugs = {"rasburicase"};
    const auto alleles = catalog.alleles_of("G6PD");
    const auto sites = sites_of(all_sites, "G6PD");
    for (const auto* a : alleles)
        if (!a->variants.empty())
            result.alleles_tested.push_back(a->name + " (" + join(a->variants, " + ") +
                                            "): " + std::string(to_string(a->function)));
    describe_sites(result, sites, build);
    const auto allele_of_variant = [&](const std::string& hgvsc) -> const PgxAllele* {
        for (const auto* a : alleles)
            if (a->variants.size() == 1 && a->variants.front() == hgvsc) return a;
        return nullptr;
    };
    const bool any_called = std::any_of(sites.begin(), sites.end(), [](const auto* s) {
        return s->status == SiteStatus::carried || s->status == SiteStatus::reference;
    });
    if (sites.empty() || !any_called) {
        result.diplotype = "not determined";
        result.phenotype = "indeterminate";
        result.function = "not determined";
        result.notes.push_back("None of the tested G6PD positions was called in the germline VCF.");
        add_recommendations(result, catalog, "G6PD", "indeterminate");
        result.actionable = true;
        return result;
    }
    // Deficient alleles carried, with their copies; a haploid call means one X chromosome.
    std::vector<std::pair<const PgxAllele*, const PgxSiteObservation*>> deficient;
    bool haploid = false, a376 = false;
    for (const auto* s : sites) {
        if (s->status != SiteStatus::carried) continue;
        if (s->ploidy == 1) haploid = true;
        const PgxAllele* a = allele_of_variant(s->variant->hgvsc);
        if (!a) continue;
        if (a->function == AlleleFunction::deficient)
            deficient.emplace_back(a, s);
        else if (a->name == "A")
            a376 = true;
    }
    Sex effective = sex;
    if (sex == Sex::unknown && haploid) {
        effective = Sex::male;
        result.notes.push_back("Sex not given; the haploid chrX genotype indicates one X chromosome (male).");
    }
    if (sex == Sex::female && haploid)
        result.notes.push_back(
            "A haploid chrX call in a sample given as female: check the sex and the caller's "
            "ploidy.");
    int copies = 0;
    for (const auto& [a, s] : deficient) copies += s->ploidy == 1 ? 2 : s->alt_copies;
    const std::string normal_name = "B";
    std::vector<std::string> names;
    for (const auto& [a, s] : deficient) {
        std::string name = a->name;
        if (name == "A-" && !a376) name += " (c.202G>A without c.376A>G)";
        names.push_back(name);
    }
    if (deficient.empty()) {
        result.phenotype = "normal";
        result.diplotype =
            effective == Sex::male ? std::string(a376 ? "A" : "B") + " (hemizygous)" : (a376 ? "B/A or A/A" : "B/B");
        if (effective == Sex::unknown) result.diplotype += " (sex unknown)";
    } else if (effective == Sex::male) {
        result.phenotype = "deficient";
        result.diplotype = join(names, " + ") + " (hemizygous)";
        for (const auto& [a, s] : deficient)
            if (s->ploidy == 2 && s->alt_copies == 1)
                result.notes.push_back("Heterozygous call of " + s->variant->hgvsc +
                                       " in a male sample (one X chromosome expected): treated as hemizygous; "
                                       "check for mosaicism, XXY or a calling artefact.");
    } else if (copies >= 2) {
        result.phenotype = "deficient";
        if (deficient.size() == 1) {
            result.diplotype = names.front() + "/" + names.front() + " (homozygous)";
            if (effective == Sex::unknown)
                result.notes.push_back(
                    "Sex not given: a homozygous chrX call is a hemizygous male or a homozygous "
                    "female; G6PD deficient either way.");
        } else {
            result.diplotype = join(names, "/") + " (compound heterozygous)";
            const bool all_phased =
                std::all_of(deficient.begin(), deficient.end(), [](const auto& p) { return p.second->phased; });
            if (!all_phased)
                result.notes.push_back(
                    "Unphased: the two deficient variants are taken to lie on different X "
                    "chromosomes (compound heterozygous); if in cis the status is variable.");
        }
    } else {
        result.phenotype = "variable";
        result.diplotype = normal_name + "/" + names.front() + " (heterozygous)";
        if (effective == Sex::unknown)
            result.notes.push_back(
                "Sex not given: a heterozygous chrX call implies two X chromosomes (female); "
                "give the sex (sample sheet column sex, or --sex) to confirm.");
    }
    {
        std::vector<std::string> functions;
        for (const auto& [a, s] : deficient) functions.push_back(a->name + ": deficient (WHO class II-III)");
        result.function = functions.empty() ? "no deficient allele found" : join(functions, "; ");
    }
    if (sex == Sex::unknown && effective == Sex::unknown) result.notes.push_back("Sex: unknown (not given).");
    if (!result.positions_not_called.empty())
        result.notes.push_back(std::to_string(result.positions_not_called.size()) + " of " +
                               std::to_string(sites.size()) + " tested G6PD positions were not called.");
    result.notes.push_back(std::string(kAbsenceNote) +
                           " Most of the many G6PD-deficient variants CPIC lists are not tested here.");
    add_recommendations(result, catalog, "G6PD", result.phenotype);
    result.actionable = result.phenotype != "normal";
    return result;
}

std::vector<PgxGeneResult> call_pharmacogenomics(const PharmacogenomicsCatalog& catalog,
                                                 const std::vector<PgxSiteObservation>& sites, Sex sex,
                                                 GenomeBuild build) {
    std::vector<PgxGeneResult> results;
    for (const std::string gene : {"TPMT", "NUDT15"})
        if (!catalog.variants_of(gene).empty()) results.push_back(call_thiopurine_gene(catalog, gene, sites, build));
    if (!catalog.variants_of("G6PD").empty()) results.push_back(call_g6pd(catalog, sites, sex, build));
    const auto intermediate = [](const std::string& p) {
        return p == "intermediate_metabolizer" || p == "possible_intermediate_metabolizer";
    };
    if (results.size() >= 2 && intermediate(results[0].phenotype) && intermediate(results[1].phenotype)) {
        for (auto* r : {&results[0], &results[1]}) {
            for (const auto* rec :
                 catalog.recommendations_for("TPMT+NUDT15", "intermediate_metabolizer+intermediate_metabolizer"))
                r->recommendations.push_back({rec->drugs, rec->text, rec->strength, rec->guideline, rec->source});
        }
    }
    return results;
}

}  // namespace pedtx
