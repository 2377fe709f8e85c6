// The curated knowledge base: loaded once from knowledgebase/, validated,
// indexed by gene and by genomic key, and immutable afterwards (safe to share
// between threads).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pedtx/core/gene_locus.hpp"
#include "pedtx/core/genome.hpp"
#include "pedtx/core/variant.hpp"
#include "pedtx/kb/pharmacogenomics.hpp"
#include "pedtx/kb/predisposition.hpp"
#include "pedtx/kb/tumor_types.hpp"

namespace pedtx {

struct Reference {
    std::string type;  // pmid, nct, fda_label, ema_label, guideline
    std::string id;
    int year = 0;
    std::string url;
};

struct Approval {
    std::string id;
    std::string drug;
    std::string agency;
    int year = 0;
    std::string indication;
    std::vector<std::string> tumor_types;
    std::string biomarker;
    std::optional<double> min_age_years;
    // Upper age bound of the label, exclusive: the label covers patients younger than this
    // (EMA Xalkori ALCL: "age >= 1 to < 18 years" gives 18). nullopt: no upper bound.
    std::optional<double> under_age_years;
    // Minimum body weight the label sets beside the age (EMA Voranigo: at least 40 kg).
    std::optional<double> min_weight_kg;
    std::string pediatric_formulation;
    std::vector<Reference> references;
    // True when the label is for adults only (minimum age 18 years or more).
    bool adults_only() const { return min_age_years && *min_age_years >= 18.0 - 1e-9; }
};

struct Drug {
    std::string name;
    std::vector<std::string> synonyms;
    std::string drug_class;
    std::vector<std::string> targets;
    std::vector<Approval> approvals;
};

struct Gene {
    std::string symbol;
    std::string hgnc_id;
    std::vector<std::string> aliases;
    std::string role;
};

struct Trial {
    std::string nct;
    std::string title;
    std::string phase;
    std::optional<double> min_age_years;
    std::optional<double> max_age_years;
    std::string status;
    std::string status_date;
    std::vector<Reference> references;
};

enum class RuleType {
    protein_change,
    codon,
    codon_range,
    exon,
    loss_of_function,
    fusion,
    amplification,
    deletion,
    genomic,
    itd,
    biomarker,
};
std::string_view to_string(RuleType type);

struct GenomicKey {
    GenomeBuild build = GenomeBuild::GRCh38;
    ChromIndex chrom = kNoChrom;
    std::int64_t pos = 0;
    std::string ref;
    std::string alt;
    // The protein change the key stands for (R132H), from genomic_keys.json; empty for a
    // `genomic` rule. Reports name a codon or range rule's finding by it.
    std::string change;
};

// A recurrent allele listed by a codon or codon_range rule, with its c. changes on the MANE
// Select transcript, so that genomic keys are derived for it (unannotated VCFs match).
struct RuleAllele {
    std::string change;  // canonical 1-letter protein change at the rule's codon / in its range
    std::vector<std::string> hgvsc;
};

struct AlterationRule {
    RuleType type = RuleType::protein_change;
    std::string gene;
    std::string change;       // protein_change: canonical 1-letter change
    std::string legacy_name;  // e.g. K27M for H3-3A K28M
    std::vector<std::string> hgvsc;
    std::int32_t codon = 0;
    char ref_aa = 0;
    std::int32_t start = 0;
    std::int32_t end = 0;
    std::int32_t exon = 0;
    std::vector<VariantClass> classes;  // empty = any protein-altering class
    // itd: optional exons (MANE numbering) the insertion must lie in, and a minimum inserted
    // length in bases (0 = any).
    std::vector<std::int32_t> exons;
    std::int32_t min_length = 0;
    // loss_of_function: only truncations that leave the last exon untouched (a frameshift or stop
    // in an earlier exon, or a splice site), i.e. those expected to undergo nonsense-mediated decay.
    bool before_last_exon = false;
    std::string five_prime;
    std::string three_prime;
    std::string biomarker;
    std::vector<RuleAllele> alleles;       // codon / codon_range: recurrent alleles with hgvsc
    std::vector<GenomicKey> genomic_keys;  // genomic rule, or keys derived for protein changes
    // Name shown in reports ("V600E", "D816 (any)", "exon 19 inframe_deletion", ...).
    std::string display_name() const;
};

struct TumorTypeScope {
    std::vector<std::string> codes;
    std::string group;  // "solid", "hematologic", "all" for tumor-agnostic items
    std::vector<std::string> exclude;
};

enum class Response { sensitive, resistant, not_effective, prognostic, diagnostic };
std::string_view to_string(Response response);

struct EvidenceItem {
    std::string id;
    AlterationRule alteration;
    TumorTypeScope tumor_types;
    std::vector<std::string> drugs;
    Response response = Response::sensitive;
    char level = 'D';
    // Approvals this (level A) item rests on, one per agency label (FDA, EMA), in file order.
    std::vector<std::string> approval_ids;
    std::optional<double> min_age_years;
    std::optional<double> max_age_years;
    std::string summary;
    std::vector<Reference> references;
    std::vector<std::string> trials;
    std::string last_reviewed;
};

struct KnowledgebaseInfo {
    std::string name;
    std::string version;
    std::string release_date;
    std::string sha256;  // of manifest.json, which lists every file's sha256
    std::filesystem::path directory;
};

// Immutable after load and shared between threads through shared_ptr<const Knowledgebase>.
// Not copyable and not movable: the indexes hold pointers into the records, so a copy would
// point into the original (a new knowledge base is built from a copy of the records instead,
// as with_gene_annotation does).
class Knowledgebase {
public:
    Knowledgebase(const Knowledgebase&) = delete;
    Knowledgebase& operator=(const Knowledgebase&) = delete;
    Knowledgebase(Knowledgebase&&) = delete;
    Knowledgebase& operator=(Knowledgebase&&) = delete;
    ~Knowledgebase() = default;

    // Loads and validates; throws KnowledgebaseError ("FILE:LINE: ...") on the first problems.
    static std::shared_ptr<const Knowledgebase> load(const std::filesystem::path& directory);
    // The same knowledge base with a user's genome-wide gene annotation (--gene-annotation)
    // in place of the bundled partner span table, for the given build.
    std::shared_ptr<const Knowledgebase> with_gene_annotation(GenomeBuild build, std::vector<GeneLocus> loci) const;
    // Every problem found, each as "FILE:LINE: message"; empty when the KB is valid.
    static std::vector<std::string> validate(const std::filesystem::path& directory);

    const KnowledgebaseInfo& info() const { return records_.info; }
    const std::vector<Gene>& genes() const { return records_.genes; }
    const std::vector<Drug>& drugs() const { return records_.drugs; }
    const std::vector<EvidenceItem>& evidence() const { return records_.evidence; }
    const std::vector<Trial>& trials() const { return records_.trials; }
    const TumorTypeTree& tumor_types() const { return records_.tumor_types; }
    // pharmacogenomics/: tested variants, CPIC alleles and recommendations (germline input).
    const PharmacogenomicsCatalog& pharmacogenomics() const { return records_.pharmacogenomics; }
    // germline/: pediatric cancer predisposition genes (syndrome, source, surveillance).
    const PredispositionCatalog& predisposition() const { return records_.predisposition; }

    // Canonical symbol for a symbol or alias (case-insensitive); nullopt if not a KB gene.
    std::optional<std::string_view> canonical_gene(std::string_view name) const;
    // The gene record of a canonical symbol; nullptr if not a KB gene.
    const Gene* gene(std::string_view symbol) const;
    // In the knowledge base only as a fusion partner (role fusion_partner): its own point
    // mutations, amplifications and deletions are not candidates.
    bool is_fusion_partner_only(std::string_view symbol) const;
    // A tumor suppressor (role tumor_suppressor or both): structural disruption is loss of function.
    bool is_loss_of_function_gene(std::string_view symbol) const;
    // Evidence items whose rule names this gene (canonical symbol).
    const std::vector<const EvidenceItem*>& evidence_for_gene(std::string_view symbol) const;
    // Evidence items with a genomic key at this position (any ref/alt; caller compares alleles).
    const std::vector<std::pair<const GenomicKey*, const EvidenceItem*>>* evidence_at(GenomeBuild build,
                                                                                      ChromIndex chrom,
                                                                                      std::int64_t pos) const;
    // Knowledge-base gene whose span (padded) covers the position, if any.
    const GeneLocus* gene_at(GenomeBuild build, ChromIndex chrom, std::int64_t pos) const;
    // True when the position can possibly match: inside a KB gene span or at a genomic key.
    bool may_match(GenomeBuild build, ChromIndex chrom, std::int64_t pos) const;
    const GeneLocus* locus(GenomeBuild build, std::string_view symbol) const;
    // A knowledge-base gene's locus, else the genome-wide span table's (no exon structure); a
    // linear search: for setting up, not per record.
    const GeneLocus* any_gene_locus(GenomeBuild build, std::string_view symbol) const;
    // Knowledge-base genes whose (unpadded) span contains the position, by span start.
    std::vector<const GeneLocus*> genes_overlapping(GenomeBuild build, ChromIndex chrom, std::int64_t start,
                                                    std::int64_t end) const;
    // Any gene (genome-wide span table, no exon structure) containing the position: used
    // to name fusion partners outside the knowledge base. Sorted by span start.
    std::vector<const GeneLocus*> partner_genes_overlapping(GenomeBuild build, ChromIndex chrom,
                                                            std::int64_t pos) const;
    // MANE Select transcript ids (RefSeq and Ensembl) of a gene, for transcript choice.
    const std::vector<std::string>& mane_transcripts(std::string_view symbol) const;

    const Drug* drug(std::string_view name) const;
    const Approval* approval(std::string_view id) const;
    const Trial* trial(std::string_view nct) const;

private:
    // What the files say, as loaded (KnowledgebaseLoader fills it).
    struct Records {
        KnowledgebaseInfo info;
        std::vector<Gene> genes;
        std::vector<Drug> drugs;
        std::vector<EvidenceItem> evidence;
        std::vector<Trial> trials;
        TumorTypeTree tumor_types;
        PharmacogenomicsCatalog pharmacogenomics;
        PredispositionCatalog predisposition;
        std::array<std::vector<GeneLocus>, 2> loci;          // by build, sorted by chrom then start
        std::array<std::vector<GeneLocus>, 2> partner_loci;  // genome-wide spans, sorted by chrom then start
    };
    // Everything derived from the records, rebuilt as a whole by build_indexes(); the pointers
    // point into records_.
    struct Indexes {
        std::unordered_map<std::string, std::string> gene_by_upper_name;
        std::unordered_map<std::string, std::vector<const EvidenceItem*>> evidence_by_gene;
        std::unordered_map<std::uint64_t, std::vector<std::pair<const GenomicKey*, const EvidenceItem*>>>
            evidence_by_position;
        std::unordered_map<std::string, std::vector<std::string>> mane_by_gene;
        std::unordered_map<std::string, const Drug*> drug_by_name;
        std::unordered_map<std::string, const Approval*> approval_by_id;
        std::unordered_map<std::string, const Trial*> trial_by_nct;
        // Fast position pre-filter: per build and chromosome, sorted padded spans.
        std::array<std::array<std::vector<std::pair<std::int64_t, std::int64_t>>, kChromCount>, 2> spans;
    };

    // Takes the records and builds the indexes over them.
    explicit Knowledgebase(Records records);
    void build_indexes();
    // Slot of a build in the per-build arrays.
    static constexpr std::size_t build_slot(GenomeBuild build) { return build == GenomeBuild::GRCh38 ? 1 : 0; }

    Records records_;
    Indexes indexes_;

    friend class KnowledgebaseLoader;
};

// Padding around gene spans for the pre-filter (promoter / splice-region variants).
constexpr std::int64_t kGeneSpanPadding = 2000;

}  // namespace pedtx
