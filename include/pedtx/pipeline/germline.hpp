// One sample's germline assessment: find the germline genotypes (a --germline VCF, or the normal
// column of the tumor-normal VCF), read what they say at the knowledge base's pharmacogenomic
// positions, and call TPMT, NUDT15 and G6PD.
#pragma once

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

// Fills result.germline. `tumor` is the tumor column chosen in input.vcf (the normal column must
// be another one). No germline input gives assessed = false with the reason. Throws InputError
// (FILE: ...) for an unreadable germline VCF or a --normal-sample that names no column.
// tumor_only_flags: loss-of-function variants of predisposition genes at a germline-like tumor
// VAF found by the record loop (any gene of the list, in the knowledge base or not); reported
// only when the run turns out tumor-only, beside the flags taken from the findings.
void assess_germline(const SampleInput& input, const TumorSampleChoice& tumor, const Knowledgebase& kb,
                     SampleResult& result, std::vector<PredispositionFinding> tumor_only_flags = {});

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

// What the VCF's column says at every tested position of the catalog on `build` (one
// observation per variant, in catalog order), and, with `scan`, the germline loss-of-function
// calls in predisposition genes. Reads the whole file; exposed for tests.
std::vector<PgxSiteObservation> observe_pharmacogenomic_sites(VcfReader& reader, int column,
                                                              const PharmacogenomicsCatalog& catalog, GenomeBuild build,
                                                              PredispositionScan* scan = nullptr);

}  // namespace pedtx
