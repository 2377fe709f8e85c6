// Matching tumor alleles to knowledge-base evidence through the KB's indexes
// (by gene, by genomic key): never a scan of the whole KB per variant.
#pragma once

#include <string>
#include <vector>

#include "pedtx/core/variant.hpp"
#include "pedtx/io/reference_genome.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/finding.hpp"

namespace pedtx {

// Does an annotated variant satisfy a rule? (Genomic keys are checked separately.) Rules that
// need position facts (exon, splice site, frame, inserted length) read them from the variant's
// fields and, when present, from variant.facts.
bool rule_matches(const AlterationRule& rule, const Variant& variant);

// The variant with what pedtx's transcript tables (and the reference translation) add: the exon,
// the class and the protein change where the annotation gave none. The annotation's own values
// always stay. notes: disagreements between the annotation and the tables on the same (MANE)
// transcript, for the report.
Variant complete_from_facts(const Variant& annotated, const TranscriptFacts& facts,
                            const std::optional<ProteinChange>& translated, VariantClass translated_class,
                            std::vector<std::string>& notes);

// A genomic key the allele carries: the key and its evidence item, and a note when the record
// changes more bases than the key (an MNV holding a listed allele of one codon beside changes in
// others; each such base is named). The record itself (REF and ALT as written) matches a key
// exactly; a substitution of equal-length alleles also matches a key inside it (a padding base,
// or changes at least 3 bases away, hence outside the key's codon).
struct GenomicKeyHit {
    const GenomicKey* key = nullptr;
    const EvidenceItem* item = nullptr;
    std::string note;
};
std::vector<GenomicKeyHit> genomic_key_hits(const Knowledgebase& kb, GenomeBuild build, const Variant& allele);

class Matcher {
public:
    // reference: the --reference FASTA, or nullptr; used to translate substitutions.
    Matcher(const Knowledgebase& kb, GenomeBuild build, const ReferenceGenome* reference = nullptr)
        : kb_(kb), build_(build), reference_(reference) {}

    // allele: the genomic allele (no consequence); annotated: one Variant per KB gene
    // with its selected transcript consequence. Returns the findings for this allele:
    // matched evidence, or tier-III candidates (protein-altering, KB gene, no evidence).
    // Knowledge-base genes the allele touches get position facts from the MANE tables: evidence
    // the annotation alone matched keeps matched_by "annotation"; evidence that needed the
    // facts is "transcript_tables", or "reference_translation" when it needed the translation.
    std::vector<Finding> match_allele(const Variant& allele, const std::vector<Variant>& annotated) const;

private:
    const Knowledgebase& kb_;
    GenomeBuild build_;
    const ReferenceGenome* reference_;
};

}  // namespace pedtx
