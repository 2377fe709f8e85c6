// The pharmacogenomic part of the knowledge base (knowledgebase/pharmacogenomics/): the variants
// pedtx tests (with their derived positions on both builds), the CPIC named alleles they define,
// and the CPIC recommendations per phenotype and drug. Loaded with the knowledge base, immutable.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pedtx/core/genome.hpp"

namespace pedtx {

// CPIC allele function (TPMT / NUDT15), or the G6PD class grouping CPIC uses.
enum class AlleleFunction { normal_function, no_function, uncertain_function, normal, deficient };
std::string_view to_string(AlleleFunction function);

struct PgxPosition {
    ChromIndex chrom = kNoChrom;
    std::string chrom_name;  // without chr
    std::int64_t pos = 0;
    std::string ref;
    std::string alt;
};

// One tested variant: HGVS c. on the MANE Select transcript, rsID, and its VCF allele per build.
struct PgxVariant {
    std::string gene;
    std::string hgvsc;
    std::string rsid;
    std::string protein;
    std::string transcript;
    std::string source;
    std::array<PgxPosition, 2> position;  // [GRCh37, GRCh38]
    const PgxPosition& on(GenomeBuild build) const { return position[build == GenomeBuild::GRCh38 ? 1 : 0]; }
};

// A named (star) allele: its function and the variants (hgvsc, in cis) that define it. The
// reference allele (*1, B) has none.
struct PgxAllele {
    std::string gene;
    std::string name;
    AlleleFunction function = AlleleFunction::normal_function;
    std::vector<std::string> variants;
    std::string source;
};

struct PgxGuideline {
    std::string name;
    int year = 0;
    std::string pmid;
};

// A recommendation for one drug at one phenotype ("intermediate_metabolizer"); gene may be
// "TPMT+NUDT15" for the combined phenotype "intermediate_metabolizer+intermediate_metabolizer".
struct PgxRecommendation {
    std::string gene;
    std::string phenotype;
    std::vector<std::string> drugs;
    std::string text;
    std::string strength;
    PgxGuideline guideline;
    std::string source;
};

struct PharmacogenomicsCatalog {
    std::vector<PgxVariant> variants;  // file order (by gene)
    std::vector<PgxAllele> alleles;
    std::vector<PgxRecommendation> recommendations;

    std::vector<const PgxVariant*> variants_of(std::string_view gene) const;
    std::vector<const PgxAllele*> alleles_of(std::string_view gene) const;
    const PgxVariant* variant(std::string_view gene, std::string_view hgvsc) const;
    // Recommendations for a gene (or "TPMT+NUDT15") at a phenotype, in file order.
    std::vector<const PgxRecommendation*> recommendations_for(std::string_view gene, std::string_view phenotype) const;
};

// Reads <kb>/pharmacogenomics/{variants,positions,alleles,recommendations}.tsv. Every problem is
// appended to `problems` as "FILE:LINE: message" (the knowledge base loader reports them all).
PharmacogenomicsCatalog load_pharmacogenomics(const std::filesystem::path& kb_directory,
                                              std::vector<std::string>& problems);

}  // namespace pedtx
