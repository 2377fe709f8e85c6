// Pediatric cancer predisposition genes (knowledgebase/germline/predisposition_genes.tsv): the
// gene, its syndrome and inheritance, the source naming it a predisposition gene, and the
// surveillance guideline. A germline finding in one is referred to genetic counselling, never
// matched to a drug of its own.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pedtx {

struct PredispositionGene {
    std::string gene;
    std::string syndrome;
    std::string inheritance;       // autosomal_dominant, autosomal_recessive, both
    bool mismatch_repair = false;  // MLH1, MSH2, MSH6, PMS2: biallelic loss is CMMRD
    std::string source;
    std::string surveillance;
};

struct PredispositionCatalog {
    std::vector<PredispositionGene> genes;
    std::string cmmrd_note;  // the checkpoint-inhibitor / surveillance note for CMMRD or TMB >= 100
    const PredispositionGene* gene(std::string_view symbol) const;
};

// Reads <kb>/germline/predisposition_genes.tsv (absent folder: empty catalog); problems are
// appended as "FILE:LINE: message".
PredispositionCatalog load_predisposition(const std::filesystem::path& kb_directory,
                                          std::vector<std::string>& problems);

}  // namespace pedtx
