// One sample's germline assessment: find the germline genotypes (a --germline VCF, or the normal
// column of the tumor-normal VCF), read what they say at the knowledge base's pharmacogenomic
// positions, and call TPMT, NUDT15 and G6PD.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx {

// A loss-of-function consequence (stop-gained, frameshift, start-lost, splice site) the record's
// annotation gives `gene` for ALT alt_index (1-based); info: the annotation tag's value.
struct LossOfFunction {
    std::string consequence;
    std::string hgvsc;
    std::string hgvsp;
};
std::optional<LossOfFunction> loss_of_function_consequence(VcfRecord& record, const AnnotationLayout& layout,
                                                           const std::string& info, std::string_view gene,
                                                           std::size_t alt_index);

struct NormalColumnObservation;

// Fills result.germline. `tumor` is the tumor column chosen in input.vcf (the normal column must
// be another one). No germline input gives assessed = false with the reason. Throws InputError
// (FILE: ...) for an unreadable germline VCF or a --normal-sample that names no column.
// tumor_only_flags: loss-of-function variants of predisposition genes at a germline-like tumor
// VAF found by the record loop (any gene of the list, in the knowledge base or not); reported
// only when the run turns out tumor-only, beside the flags taken from the findings.
// normal_column: the normal column of input.vcf as the tumor pass observed it
// (observe_normal_column); without it a tumor-normal VCF is read again for its normal column.
void assess_germline(const SampleInput& input, const TumorSampleChoice& tumor, const Knowledgebase& kb,
                     SampleResult& result, std::vector<PredispositionFinding> tumor_only_flags = {},
                     NormalColumnObservation* normal_column = nullptr);

// Germline loss-of-function calls in predisposition genes, collected while the sites are observed:
// the genes are found by position (the knowledge base's genome-wide spans), the consequence from
// the VCF's annotation (VEP, SnpEff, bcftools csq): stop gained, frameshift, start lost, splice
// acceptor / donor (+/-1-2).
struct PredispositionScan {
    const Knowledgebase* kb = nullptr;
    const PredispositionCatalog* genes = nullptr;
    std::vector<PredispositionFinding> found;
    std::int64_t unannotated_in_genes = 0;  // carried alleles in the genes without a usable annotation
    // The normal column of a somatic VCF: FILTER judges the tumor call (Mutect2 "germline",
    // "normal_artifact"), not the normal genotype, so it is not applied.
    bool ignore_filter = false;
};

// What one VCF column says at every tested position of the catalog on `build` (one observation
// per variant, in catalog order), and, with `scan`, the germline loss-of-function calls in
// predisposition genes: given the file's records in order.
class GermlineColumnObserver {
public:
    GermlineColumnObserver(int column, const PharmacogenomicsCatalog& catalog, GenomeBuild build,
                           const AnnotationLayout& layout, PredispositionScan* scan);
    void observe(VcfRecord& record);
    std::vector<PgxSiteObservation>& sites() { return sites_; }

private:
    int column_;
    GenomeBuild build_;
    const AnnotationLayout& layout_;
    PredispositionScan* scan_;
    std::vector<PgxSiteObservation> sites_;
};

// A tumor-normal VCF's normal column, observed during the tumor pass so that the file is read
// once (annotate_sample gives each record to observer, in file order).
struct NormalColumnObservation {
    TumorSampleChoice column;  // the normal column and how it was chosen
    PredispositionScan scan;
    std::unique_ptr<GermlineColumnObserver> observer;  // null when the knowledge base has nothing to look for
};
// The normal column of input.vcf, or nullptr: a germline VCF is given (read on its own) or the VCF
// has no normal column (tumor-only). Reads the header only; throws InputError for a
// --normal-sample that names no column.
std::unique_ptr<NormalColumnObservation> observe_normal_column(const SampleInput& input, const TumorSampleChoice& tumor,
                                                               const VcfReader& reader, const Knowledgebase& kb,
                                                               GenomeBuild build);

// The observations of the whole file read by `reader`; exposed for tests.
std::vector<PgxSiteObservation> observe_pharmacogenomic_sites(VcfReader& reader, int column,
                                                              const PharmacogenomicsCatalog& catalog, GenomeBuild build,
                                                              PredispositionScan* scan = nullptr);

}  // namespace pedtx
