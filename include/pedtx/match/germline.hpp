// Germline calls from what a germline VCF (or the normal column of a tumor-normal VCF) says at
// the knowledge base's pharmacogenomic positions: TPMT / NUDT15 star-allele diplotypes and CPIC
// phenotypes with the thiopurine recommendations, and G6PD status with the rasburicase
// recommendation. Pure functions of the site observations, so they are tested without files.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/genome.hpp"
#include "pedtx/kb/pharmacogenomics.hpp"
#include "pedtx/kb/predisposition.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

enum class Sex { unknown, female, male };
std::string_view to_string(Sex sex);
// "female"/"F", "male"/"M", "unknown"/"NA"/"" (case-insensitive); nullopt otherwise.
std::optional<Sex> parse_sex(std::string_view text);

// What the germline VCF says at one tested variant's position.
enum class SiteStatus {
    carried,     // a called GT holds the variant's ALT
    reference,   // a called GT without it (a variant record, or a gVCF reference block covering it)
    no_call,     // a record with GT ./.
    filtered,    // a record whose GT holds the ALT but whose FILTER failed
    not_in_vcf,  // no record covers the position: not called (not the same as reference)
};
std::string_view to_string(SiteStatus status);

struct PgxSiteObservation {
    const PgxVariant* variant = nullptr;
    SiteStatus status = SiteStatus::not_in_vcf;
    int alt_copies = 0;  // copies of the variant's ALT in GT
    int ploidy = 2;      // alleles in GT (1: a haploid call, e.g. chrX in a male)
    bool phased = false;
    std::array<bool, 2> carried_on{};  // which GT allele holds the ALT (meaningful when phased)
    std::string detail;                // "gVCF reference block", "FILTER LowQual", ...
};

struct PgxDrugRecommendation {
    std::vector<std::string> drugs;
    std::string text;
    std::string strength;
    PgxGuideline guideline;
    std::string source;
};

// One gene's germline result, as every report prints it.
struct PgxGeneResult {
    std::string gene;
    std::string diplotype;  // "*1/*3A", "A- (hemizygous)", "not determined"
    std::string phenotype;  // CPIC term: normal_metabolizer ... poor_metabolizer, indeterminate;
                            // G6PD: normal, deficient, variable, indeterminate
    std::string function;   // the alleles' functions ("*1: normal_function; *3A: no_function")
    std::vector<std::string> drugs;
    std::vector<PgxDrugRecommendation> recommendations;
    PgxGuideline guideline;
    std::vector<std::string> alleles_tested;        // "*3A (c.460G>A + c.719A>G)"
    std::vector<std::string> positions_tested;      // "6:18130687 T>C (c.719A>G, rs1142345): carried, 1 copy"
    std::vector<std::string> positions_not_called;  // "13:48045719 (c.415C>T, rs116855232): not in the VCF"
    std::vector<std::string> notes;                 // phase ambiguity, limits of the test
    bool actionable = false;                        // phenotype other than normal: the HTML marks it
};

// A variant in a pediatric cancer predisposition gene: a germline loss-of-function call (germline
// VCF or normal column), or, in a tumor-only run, a tumor variant whose VAF is near 0.5 or 1.0.
// Never a drug of its own: the action is a referral or a confirmation.
struct PredispositionFinding {
    std::string gene;
    std::string syndrome;
    std::string variant;  // "chrom:pos REF>ALT"
    std::string hgvsc;
    std::string hgvsp;
    std::string consequence;
    std::string zygosity;  // heterozygous, homozygous, hemizygous; empty for a tumor VAF
    std::string origin;    // "germline" or "possible germline"
    double vaf = -1;
    std::string action;  // "germline finding: refer to genetic counselling", "possible germline: ..."
    std::string source;
    std::string surveillance;
};

// Tumor-only runs: mutations in predisposition genes whose tumor VAF is near 0.5 (0.4-0.6) or 1.0
// (>= 0.9), each also noted on its finding ("possible germline: confirm with a normal sample").
std::vector<PredispositionFinding> flag_possible_germline(std::vector<Finding>& findings,
                                                          const PredispositionCatalog& catalog);

// A tumor VAF a germline variant would give: near 0.5 (0.4-0.6) or 1.0 (>= 0.9).
bool germline_like_vaf(double vaf);

// Stop-gained, frameshift, start-lost, or a splice donor / acceptor site (+/-1-2, not the wider
// splice region): the loss-of-function classes a predisposition gene's germline call takes.
bool is_loss_of_function(std::string_view consequence, VariantClass variant_class);

// The tumor-only flag for a variant of a predisposition gene at a germline-like VAF.
// variant: "chrom:pos REF>ALT".
PredispositionFinding possible_germline_finding(const PredispositionGene& gene, std::string variant, std::string hgvsc,
                                                std::string hgvsp, std::string consequence, double vaf);

// Appends the flags of `more` whose gene and variant `into` does not hold yet (a variant flagged
// from its finding and again from the record loop's scan of predisposition genes counts once).
void add_predisposition_flags(std::vector<PredispositionFinding>& into, std::vector<PredispositionFinding> more);

// Notes on checkpoint inhibitors and surveillance: biallelic mismatch-repair loss in the germline
// (CMMRD) or a TMB of 100/Mb or more.
std::vector<std::string> cmmrd_notes(const std::vector<PredispositionFinding>& germline,
                                     std::optional<double> tmb_per_mb, const PredispositionCatalog& catalog);

struct GermlineResult {
    bool assessed = false;
    std::string not_assessed_reason;  // when !assessed
    std::string source;               // "germline VCF FILE (column NAME)" / "normal column NAME of FILE"
    Sex sex = Sex::unknown;
    std::string sex_source;  // "sample sheet", "--sex", "not given"
    std::vector<PgxGeneResult> pharmacogenomics;
    std::vector<std::string> notes;
    std::vector<PredispositionFinding> predisposition;  // germline LoF, or possible germline (tumor-only)
    std::vector<std::string> predisposition_notes;      // CMMRD / TMB >= 100, unannotated input
};

// TPMT or NUDT15: haplotypes from the observations (phased GT when given; unphased: every
// assignment whose two haplotypes are named alleles, the most parsimonious first, the others
// stated), CPIC phenotype and the recommendations for mercaptopurine, azathioprine, thioguanine.
PgxGeneResult call_thiopurine_gene(const PharmacogenomicsCatalog& catalog, const std::string& gene,
                                   const std::vector<PgxSiteObservation>& sites, GenomeBuild build);

// G6PD (X-linked): hemizygous male, homozygous / compound heterozygous female -> deficient;
// heterozygous female -> variable; with sex unknown a heterozygous call is taken as female.
PgxGeneResult call_g6pd(const PharmacogenomicsCatalog& catalog, const std::vector<PgxSiteObservation>& sites, Sex sex,
                        GenomeBuild build);

// Every gene of the catalog, in the order TPMT, NUDT15, G6PD, plus the combined TPMT + NUDT15
// intermediate-metabolizer recommendation when both are (possible) intermediate metabolizers.
std::vector<PgxGeneResult> call_pharmacogenomics(const PharmacogenomicsCatalog& catalog,
                                                 const std::vector<PgxSiteObservation>& sites, Sex sex,
                                                 GenomeBuild build);

}  // namespace pedtx
