// One sample's germline assessment: find the germline genotypes (a --germline VCF, or the normal
// column of the tumor-normal VCF), read what they say at the knowledge base's pharmacogenomic
// positions, and call TPMT, NUDT15 and G6PD.
#pragma once

#include <vector>

#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/sample_result.hpp"

namespace pedtx {

// Fills result.germline. `tumor` is the tumor column chosen in input.vcf (the normal column must
// be another one). No germline input gives assessed = false with the reason. Throws InputError
// (FILE: ...) for an unreadable germline VCF or a --normal-sample that names no column.
void assess_germline(const SampleInput& input, const TumorSampleChoice& tumor, const Knowledgebase& kb,
                     SampleResult& result);

// What the VCF's column says at every tested position of the catalog on `build` (one
// observation per variant, in catalog order). Reads the whole file; exposed for tests.
std::vector<PgxSiteObservation> observe_pharmacogenomic_sites(VcfReader& reader, int column,
                                                              const PharmacogenomicsCatalog& catalog,
                                                              GenomeBuild build);

}  // namespace pedtx
