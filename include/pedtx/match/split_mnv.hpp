// Split MNVs: a change of two or three bases of one codon that a caller wrote as separate SNV
// records (Strelka2, VarScan and older Mutect write BRAF V600K c.1798_1799delinsAA as
// c.1798G>A and c.1799T>A; the second alone is the V600E key). The record loop keeps each
// sample's coding SNVs in knowledge-base genes; once the sample is read, SNVs that share a
// codon are joined into the allele they make together when they are on one copy of the gene,
// and otherwise the findings of that codon say that the protein change may differ.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pedtx/core/variant.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"
#include "pedtx/match/matcher.hpp"

namespace pedtx {

// One SNV record of a sample inside the coding sequence of a knowledge-base gene's MANE Select
// transcript, with what the record says about its phase.
struct CodingSnv {
    std::string gene;
    std::int32_t codon = 0;
    std::int64_t coding_position = 0;  // c. position
    Variant allele;                    // the record's allele: chrom, pos, REF, ALT, FILTER, read support
    bool phased = false;               // GT phased ('|') and carrying the ALT
    int haplotype = -1;                // phased: the GT place (0, 1, ...) that carries the ALT
    std::int64_t phase_set = -1;       // FORMAT/PS when given
};

// The coding SNVs of one allele (one per knowledge-base gene whose MANE CDS holds it); empty for
// an allele that is not a single-base substitution. Phase from the record's GT and PS of
// `column` for ALT number alt_index.
std::vector<CodingSnv> coding_snvs(const Knowledgebase& kb, GenomeBuild build, const Variant& allele, VcfRecord& record,
                                   int column, std::size_t alt_index);

// Joins the SNVs of one sample (in file order) that share a codon of one gene. When they are on
// one copy of the gene (phased in cis: same PS and GT place; or unphased and at adjacent coding
// positions) and pass the same filters, and the allele they make together matches the knowledge
// base by a genomic key (or by the --reference translation), that allele's finding replaces the
// single-SNV findings (matched_by genomic_key_assembled, the records named in a note). Otherwise
// every finding of those records gets a note naming the other change of the codon.
void resolve_split_mnvs(std::vector<Finding>& findings, const std::vector<CodingSnv>& snvs, const Matcher& matcher);

}  // namespace pedtx
