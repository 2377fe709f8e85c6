// Predisposition genes: possible germline variants of tumor-only runs (VAF near 0.5 or 1.0) and
// the CMMRD / ultra-hypermutation note. Germline loss-of-function calls are made where the
// germline genotypes are read (pipeline/germline.cpp).
#include <algorithm>
#include <cstdio>

#include "pedtx/match/germline.hpp"

namespace pedtx {

namespace {

constexpr double kHeterozygousLow = 0.4;
constexpr double kHeterozygousHigh = 0.6;
constexpr double kHomozygousLow = 0.9;

std::string vaf_text(double vaf) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", vaf);
    return buffer;
}

}  // namespace

bool germline_like_vaf(double vaf) {
    return (vaf >= kHeterozygousLow && vaf <= kHeterozygousHigh) || vaf >= kHomozygousLow;
}

bool is_loss_of_function(std::string_view consequence, VariantClass variant_class) {
    if (variant_class == VariantClass::stop_gained || variant_class == VariantClass::frameshift ||
        variant_class == VariantClass::start_lost)
        return true;
    return variant_class == VariantClass::splice && (consequence.find("splice_acceptor") != std::string_view::npos ||
                                                     consequence.find("splice_donor") != std::string_view::npos);
}

PredispositionFinding possible_germline_finding(const PredispositionGene& gene, std::string variant, std::string hgvsc,
                                                std::string hgvsp, std::string consequence, double vaf) {
    PredispositionFinding p;
    p.gene = gene.gene;
    p.syndrome = gene.syndrome;
    p.variant = std::move(variant);
    p.hgvsc = std::move(hgvsc);
    p.hgvsp = std::move(hgvsp);
    p.consequence = std::move(consequence);
    p.origin = "possible germline";
    p.vaf = vaf;
    p.action = "possible germline: confirm with a normal sample (tumor VAF " + vaf_text(vaf) + ", near " +
               (vaf >= kHomozygousLow ? "1.0" : "0.5") + ", in " + gene.gene + ", " + gene.syndrome + ")";
    p.source = gene.source;
    p.surveillance = gene.surveillance;
    return p;
}

void add_predisposition_flags(std::vector<PredispositionFinding>& into, std::vector<PredispositionFinding> more) {
    for (auto& flag : more) {
        const bool known = std::any_of(into.begin(), into.end(), [&](const PredispositionFinding& f) {
            return f.gene == flag.gene && f.variant == flag.variant;
        });
        if (!known) into.push_back(std::move(flag));
    }
}

std::vector<PredispositionFinding> flag_possible_germline(std::vector<Finding>& findings,
                                                          const PredispositionCatalog& catalog) {
    std::vector<PredispositionFinding> out;
    for (auto& finding : findings) {
        if (finding.category != FindingCategory::mutation) continue;
        const PredispositionGene* gene = catalog.gene(finding.gene);
        const double vaf = finding.variant.vaf;
        if (!gene || vaf < 0 || !germline_like_vaf(vaf)) continue;
        const Variant& v = finding.variant;
        PredispositionFinding p =
            possible_germline_finding(*gene, v.chrom + ":" + std::to_string(v.pos) + " " + v.ref + ">" + v.alt, v.hgvsc,
                                      v.hgvsp, v.consequence, vaf);
        finding.notes.push_back(p.action);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<std::string> cmmrd_notes(const std::vector<PredispositionFinding>& germline,
                                     std::optional<double> tmb_per_mb, const PredispositionCatalog& catalog) {
    std::vector<std::string> notes;
    if (catalog.cmmrd_note.empty()) return notes;
    // Biallelic: a homozygous loss-of-function call, or two in the same mismatch-repair gene.
    std::vector<std::string> biallelic;
    for (const auto& g : catalog.genes) {
        if (!g.mismatch_repair) continue;
        int hits = 0;
        bool homozygous = false;
        for (const auto& f : germline)
            if (f.gene == g.gene && f.origin == "germline") {
                ++hits;
                homozygous = homozygous || f.zygosity == "homozygous";
            }
        if (homozygous || hits >= 2) biallelic.push_back(g.gene);
    }
    if (!biallelic.empty())
        notes.push_back("Biallelic germline mismatch-repair loss (" + biallelic.front() +
                        "): constitutional mismatch-repair deficiency (CMMRD) is likely. " + catalog.cmmrd_note);
    else if (tmb_per_mb && *tmb_per_mb >= 100)
        notes.push_back("Ultra-hypermutation (TMB " + vaf_text(*tmb_per_mb) +
                        " mut/Mb >= 100): consider germline mismatch-repair testing for CMMRD. " + catalog.cmmrd_note);
    return notes;
}

}  // namespace pedtx
