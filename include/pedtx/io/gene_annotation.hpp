// A user-supplied gene annotation for every gene (UCSC refGene / genePred, or GTF),
// plain or gzipped: spans, strands and exons used to name and number fusion partners
// outside the knowledge base (--gene-annotation).
#pragma once

#include <filesystem>
#include <vector>

#include "pedtx/core/gene_locus.hpp"

namespace pedtx {

// One locus per gene and chromosome: the union span of its transcripts, with the exons of
// its longest coding transcript (transcript order). Throws InputError "FILE:LINE: ...".
std::vector<GeneLocus> read_gene_annotation(const std::filesystem::path& path);

}  // namespace pedtx
