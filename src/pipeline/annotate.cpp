// The per-sample record loop: cheap position pre-filter first, full decoding
// only for records that can match the knowledge base.
#include "pedtx/pipeline/annotate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "pedtx/core/error.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/match/gene_disruption.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/util/text.hpp"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

namespace pedtx {

namespace {

bool is_symbolic(std::string_view allele) {
    return allele.empty() || allele[0] == '<' || allele == "*" || allele.front() == '.' || allele.back() == '.' ||
           allele.find('[') != std::string_view::npos || allele.find(']') != std::string_view::npos;
}

// The best transcript consequence per knowledge-base gene for one allele.
std::vector<Variant> annotate_allele(VcfRecord& record, const AnnotationLayout& layout, const Knowledgebase& kb,
                                     const Variant& allele, std::size_t alt_index) {
    std::vector<Variant> variants;
    if (layout.format == AnnotationFormat::none) return variants;
    const std::string_view value = record.info_string(layout.tag);
    if (value.empty()) return variants;
    const auto& alleles = record.alleles();
    const std::vector<std::string_view> alts(alleles.begin() + 1, alleles.end());

    struct Best {
        TranscriptRank rank;
        Variant variant;
    };
    std::vector<std::pair<std::string, Best>> best_by_gene;
    for_each_consequence(value, layout, [&](const TranscriptConsequence& entry) {
        const auto gene = kb.canonical_gene(entry.gene);
        if (!gene) return;
        if (!consequence_matches_allele(entry, layout, alleles[0], alts, alt_index)) return;
        const TranscriptRank rank = rank_transcript(entry, kb.mane_transcripts(*gene));
        auto it = std::find_if(best_by_gene.begin(), best_by_gene.end(),
                               [&](const auto& pair) { return pair.first == *gene; });
        if (it != best_by_gene.end() && it->second.rank <= rank) return;
        Variant variant = allele;
        variant.gene = std::string(*gene);
        apply_consequence(entry, layout, rank, variant);
        if (it == best_by_gene.end())
            best_by_gene.emplace_back(std::string(*gene), Best{rank, std::move(variant)});
        else
            it->second = Best{rank, std::move(variant)};
    });
    for (auto& [gene, best] : best_by_gene) variants.push_back(std::move(best.variant));
    return variants;
}

std::string round_trip_filter(const std::vector<std::string_view>& failed) {
    if (failed.empty()) return "PASS";
    std::string text;
    for (std::size_t i = 0; i < failed.size(); ++i) {
        if (i) text += ';';
        text += failed[i];
    }
    return text;
}

// The fields of a structural record (breakend, symbolic SV, copy-number segment) that the
// collectors need, read off the record where it was decoded; read support and copy number
// per reported column.
struct StructuralRecord {
    std::string chrom;
    std::int64_t pos = 0;
    std::int64_t end = 0;
    std::string label;  // "chrom:pos ID"
    std::string svtype;
    std::vector<std::string> alts;
    std::vector<std::string> caller_genes;
    std::string mate_chrom;                          // INFO/CHR2
    std::string connection;                          // INFO/CT
    std::vector<std::int32_t> reads;                 // per column
    std::vector<std::optional<double>> copy_number;  // per column
    std::vector<std::int32_t> probes;                // per column: bins / probes of a CNV segment, -1 unknown
    // Per column, per ALT: does this column carry the event? (its GT; else its own supporting
    // reads; else its copy number against the event's direction). Empty for a sites-only VCF.
    std::vector<std::vector<bool>> carried;
};

// SnpEff writes "ALK&EML4" as the gene of a gene_fusion effect; VEP one SYMBOL per breakend.
std::vector<std::string> genes_named_by_caller(VcfRecord& record, const AnnotationLayout& layout) {
    std::vector<std::string> genes;
    if (layout.format == AnnotationFormat::none) return genes;
    const std::string_view value = record.info_string(layout.tag);
    if (value.empty()) return genes;
    for_each_consequence(value, layout, [&](const TranscriptConsequence& entry) {
        const bool fusion_effect = entry.consequence.find("fusion") != std::string_view::npos;
        if (layout.format != AnnotationFormat::vep && !fusion_effect) return;
        for (const auto gene : split_view(entry.gene, '&')) {
            const std::string name(trim_view(gene));
            if (!name.empty() && std::find(genes.begin(), genes.end(), name) == genes.end()) genes.push_back(name);
        }
    });
    return genes;
}

// Supporting reads written for this column only (FORMAT): Manta PR/SR, GRIDSS VF/BVF, Delly DV/RV.
// -1 when the column has none; site-level INFO counts say nothing about one sample.
std::int32_t column_supporting_reads(VcfRecord& record, int column) {
    if (column < 0) return -1;
    const auto pr = record.format_number("PR", column, 1);
    const auto sr = record.format_number("SR", column, 1);
    if (pr || sr) return static_cast<std::int32_t>(pr.value_or(0) + sr.value_or(0));
    // GRIDSS: VF for a breakpoint, BVF for a single breakend.
    const auto vf = record.format_number("VF", column);
    const auto bvf = record.format_number("BVF", column);
    if (vf || bvf) return static_cast<std::int32_t>(std::max(vf.value_or(0), bvf.value_or(0)));
    const auto dv = record.format_number("DV", column);
    const auto rv = record.format_number("RV", column);
    if (dv || rv) return static_cast<std::int32_t>(dv.value_or(0) + rv.value_or(0));
    return -1;
}

std::int32_t supporting_reads(VcfRecord& record, int tumor_index) {
    // The column's own counts (Manta PR/SR, GRIDSS VF / BVF, Delly DV/RV); else LUMPY INFO SU; Delly INFO PE + SR.
    if (const std::int32_t own = column_supporting_reads(record, tumor_index); own >= 0) return own;
    if (const auto su = record.info_number("SU")) return static_cast<std::int32_t>(*su);
    const auto pe = record.info_number("PE");
    const auto isr = record.info_number("SR");
    if (pe || isr) return static_cast<std::int32_t>(pe.value_or(0) + isr.value_or(0));
    return -1;
}

// The SV or CNV type an ALT stands for: "<DEL:ME>" -> DEL, else INFO/SVTYPE.
std::string symbolic_type(const std::string& alt, const std::string& svtype) {
    std::string type = svtype;
    if (alt.size() > 2 && alt.front() == '<' && alt.back() == '>') {
        type = alt.substr(1, alt.size() - 2);
        if (const auto colon = type.find(':'); colon != std::string::npos) type.resize(colon);
    }
    return to_upper(type);
}

std::optional<double> record_copy_number(VcfRecord& record, int tumor_index, double ploidy) {
    if (const auto cn = record.format_number("CN", tumor_index)) return *cn;
    if (const auto cn = record.info_number("CN")) return *cn;
    if (const auto log2 = record.info_number("FOLD_CHANGE_LOG")) return ploidy * std::pow(2.0, *log2);
    if (const auto fold = record.info_number("FOLD_CHANGE")) return ploidy * *fold;
    return std::nullopt;
}

StructuralRecord read_structural(VcfRecord& record, const AnnotationLayout& layout, const std::vector<int>& columns,
                                 double ploidy) {
    StructuralRecord sv;
    const auto& alleles = record.alleles();
    sv.chrom = std::string(record.chrom());
    sv.pos = record.pos();
    sv.end = record.end_pos();
    sv.label = sv.chrom + ":" + std::to_string(sv.pos) + " " + std::string(record.id());
    sv.svtype = std::string(record.info_string("SVTYPE"));
    for (std::size_t i = 1; i < alleles.size(); ++i) sv.alts.emplace_back(alleles[i]);
    sv.caller_genes = genes_named_by_caller(record, layout);
    sv.mate_chrom = std::string(record.info_string("CHR2"));
    sv.connection = std::string(record.info_string("CT"));
    for (const int column : columns) {
        sv.reads.push_back(supporting_reads(record, column));
        const auto cn = record_copy_number(record, column, ploidy);
        sv.copy_number.push_back(cn);
        std::int32_t probes = -1;
        if (const auto np = record.format_number("NP", column))
            probes = static_cast<std::int32_t>(*np);  // gCNV
        else if (const auto count = record.info_number("PROBES"))
            probes = static_cast<std::int32_t>(*count);  // CNVkit
        sv.probes.push_back(probes);
        std::vector<bool> carried;
        if (column >= 0) {
            const std::int32_t own_reads = column_supporting_reads(record, column);
            const auto own_cn = record.format_number("CN", column);
            for (std::size_t alt = 1; alt < alleles.size(); ++alt) {
                const AlleleSupport support = record.allele_support(column, alt);
                bool has = true;
                if (support.genotype_called) {
                    has = support.carried;
                } else if (own_reads >= 0) {
                    has = own_reads > 0;
                } else if (own_cn) {
                    // gCNV / CNV callers without a called GT: the column's copy number against the
                    // event's direction (a <DEL> at the ploidy's copy number is not this column's).
                    const std::string type = symbolic_type(sv.alts[alt - 1], sv.svtype);
                    if (type == "DEL")
                        has = *own_cn < ploidy - 0.5;
                    else if (type == "DUP")
                        has = *own_cn > ploidy + 0.5;
                }
                carried.push_back(has);
            }
        }
        sv.carried.push_back(std::move(carried));
    }
    return sv;
}

// Structural records of one sample, collected in file order during the record loop and
// turned into findings at the end.
class StructuralCollector {
public:
    StructuralCollector(const Knowledgebase& kb, GenomeBuild build) : kb_(kb), build_(build) {}

    // column: this sample's position in the record's per-column values.
    void add_record(const StructuralRecord& sv, std::size_t column, QcCounts& qc) {
        ++qc.structural_records;
        const std::int32_t reads = sv.reads[column];
        const auto& carried = sv.carried[column];
        // An event of another sample of a multi-sample SV / CNV VCF (GT 0/0, no reads, CN 2).
        if (!carried.empty() && std::none_of(carried.begin(), carried.end(), [](bool c) { return c; })) {
            ++qc.filtered["structural_not_in_tumor"];
            return;
        }
        for (std::size_t i = 0; i < sv.alts.size(); ++i) {
            const auto& alt = sv.alts[i];
            if (is_reference_block_allele(alt)) continue;
            if (!carried.empty() && !carried[i]) continue;
            if (auto junction = junction_from_breakend(sv.chrom, sv.pos, alt)) {
                add_junction(std::move(*junction), sv.label, reads, sv.caller_genes);
                continue;
            }
            const std::string type = symbolic_type(alt, sv.svtype);
            if (type.empty() || type == "BND") {
                ++qc.filtered["single_breakend_or_unreadable_sv"];
                continue;
            }
            if (const auto& cn = sv.copy_number[column]) {
                CopyNumberSegment segment{sv.chrom, sv.pos + 1, sv.end, *cn, "vcf_symbolic", sv.label};
                segment.probes = sv.probes[column];
                segments_.push_back(std::move(segment));
                ++qc.copy_number_segments;
            }
            if (type == "CNV" || type == "INS") continue;
            for (auto& junction : junctions_from_symbolic(type, sv.chrom, sv.pos, sv.mate_chrom, sv.end, sv.connection))
                add_junction(std::move(junction), sv.label, reads, sv.caller_genes);
        }
    }

    std::vector<CopyNumberSegment>& segments() { return segments_; }

    std::vector<Finding> fusion_findings(QcCounts& qc) const {
        std::vector<Finding> findings;
        std::map<std::string, std::vector<FusionCall>> by_record;
        std::set<std::string> disrupting_records;  // records that break a tumor suppressor
        std::set<std::string> structural_seen;
        for (const auto& [key, junction] : junctions_) {
            // Deletions within a gene or out of it into no gene, and breakpoints in a tumor
            // suppressor's coding region: what the junction does to the gene, not a fusion.
            JunctionGeneEffects effects = junction_gene_effects(junction, kb_, build_);
            if (!effects.skipped_reason.empty() && effects.findings.empty()) ++qc.filtered[effects.skipped_reason];
            for (auto& finding : effects.findings) {
                disrupting_records.insert(junction.record);
                if (structural_seen.insert(finding.gene + "|" + finding.alteration + "|" + junction.record).second)
                    findings.push_back(std::move(finding));
            }
            if (effects.not_a_fusion) continue;
            auto call = resolve_junction(junction, kb_, build_);
            if (!call) continue;
            // Both ends in one gene: an intragenic rearrangement, not a fusion.
            if (!call->five_prime.gene.empty() && call->five_prime.gene == call->three_prime.gene) {
                ++qc.filtered["intragenic_rearrangement"];
                continue;
            }
            by_record[junction.record].push_back(std::move(*call));
        }
        for (auto& [record, calls] : by_record) {
            // An inversion gives two junctions (the fusion and its reciprocal): keep those
            // that can form a transcript and, among them, those the evidence is about.
            std::vector<Finding> candidates;
            const bool any_oncogenic =
                std::any_of(calls.begin(), calls.end(), [](const FusionCall& c) { return c.oncogenic_orientation; });
            for (const auto& call : calls) {
                if (any_oncogenic && !call.oncogenic_orientation) continue;
                if (auto finding = fusion_finding(call, kb_)) candidates.push_back(std::move(*finding));
            }
            const bool any_evidence =
                std::any_of(candidates.begin(), candidates.end(), [](const Finding& f) { return !f.evidence.empty(); });
            // A junction reported as the disruption of a tumor suppressor is a fusion only with evidence.
            const bool disrupts = disrupting_records.count(record) > 0;
            for (auto& finding : candidates)
                if ((!any_evidence && !disrupts) || !finding.evidence.empty()) findings.push_back(std::move(finding));
        }
        return findings;
    }

private:
    void add_junction(Junction junction, const std::string& record, std::int32_t reads,
                      const std::vector<std::string>& caller_genes) {
        // The two records of a breakend pair describe one junction: key it by its ends.
        auto first = std::make_tuple(chrom_index(junction.first.chrom), junction.first.pos, junction.first.keeps_left);
        auto second =
            std::make_tuple(chrom_index(junction.second.chrom), junction.second.pos, junction.second.keeps_left);
        if (second < first) std::swap(first, second);
        const std::string key = std::to_string(std::get<0>(first)) + ":" + std::to_string(std::get<1>(first)) +
                                (std::get<2>(first) ? "L" : "R") + "|" + std::to_string(std::get<0>(second)) + ":" +
                                std::to_string(std::get<1>(second)) + (std::get<2>(second) ? "L" : "R");
        auto it = junctions_.find(key);
        if (it == junctions_.end()) {
            junction.record = record;
            junction.supporting_reads = reads;
            junction.caller_genes = caller_genes;
            junctions_.emplace(key, std::move(junction));
            return;
        }
        it->second.record += "; " + record;
        it->second.supporting_reads = std::max(it->second.supporting_reads, reads);
        for (const auto& gene : caller_genes)
            if (std::find(it->second.caller_genes.begin(), it->second.caller_genes.end(), gene) ==
                it->second.caller_genes.end())
                it->second.caller_genes.push_back(gene);
    }

    const Knowledgebase& kb_;
    GenomeBuild build_;
    std::map<std::string, Junction> junctions_;
    std::vector<CopyNumberSegment> segments_;
};

bool has_structural_allele(const std::vector<std::string_view>& alleles) {
    for (std::size_t i = 1; i < alleles.size(); ++i)
        if (is_symbolic(alleles[i]) && alleles[i] != "*" && alleles[i] != "." && !is_reference_block_allele(alleles[i]))
            return true;
    return false;
}

}  // namespace

namespace {

// One tumor column being reported from the file.
struct SampleSlot {
    SampleResult result;
    int column = -1;
    std::unique_ptr<StructuralCollector> structural;
};

// The build of the file: the header decides when its contig lengths or ##reference tell (a
// header naming a non-human or other-build reference is refused even with --genome); --genome
// or the sheet's genome column decides when the header says nothing.
GenomeBuild decide_build(VcfReader& reader, const SampleInput& input, const AnnotateOptions& options,
                         const std::string& file, std::string& source) {
    const std::optional<GenomeBuild> requested = input.genome ? input.genome : options.genome;
    const std::string requested_by = input.genome ? "the sample sheet's genome column" : "--genome";
    const BuildAssessment header = reader.assess_build();
    if (header.verdict == BuildVerdict::not_grch37_or_grch38)
        throw InputError(file + ": the header describes a reference that is not human GRCh37 or GRCh38: " +
                         header.reason +
                         "; pedtx reads only GRCh37/GRCh38 coordinates (a header naming another reference is refused "
                         "even with --genome: call or lift the variants over to GRCh37 or GRCh38)");
    if (requested) {
        source = input.genome ? "sample sheet" : "--genome";
        if (const auto detected = header.build(); detected && *detected != *requested)
            throw InputError(file + ": " + requested_by + " says " + std::string(to_string(*requested)) +
                             " but the header's " + header.reason + " say " + std::string(to_string(*detected)));
        return *requested;
    }
    if (const auto detected = header.build()) {
        source = "header";
        return *detected;
    }
    throw InputError(file + ": cannot tell the genome build: the header has " + header.reason + "; " +
                     (input.from_sample_sheet ? "fill the sample sheet's genome column (GRCh37 or GRCh38) or give --genome"
                                              : "give --genome GRCh37 or --genome GRCh38"));
}

constexpr std::size_t kRefMismatchExamples = 5;
// Records outside knowledge-base genes whose REF is checked against --reference: one in this many.
constexpr std::uint64_t kRefSampleEvery = 16;

// Read-support thresholds; the reason is counted in qc (when given) for an allele that fails.
bool meets_read_support(const AlleleSupport& support, const AnnotateOptions& options, QcCounts* qc) {
    const char* reason = nullptr;
    if (!support.carried)
        reason = "allele_not_in_tumor";
    else if (options.min_depth > 0 && support.depth >= 0 && support.depth < options.min_depth)
        reason = "low_depth";
    else if (options.min_alt_reads > 0 && support.alt_reads >= 0 && support.alt_reads < options.min_alt_reads)
        reason = "low_alt_reads";
    else if (options.min_vaf > 0 && support.vaf >= 0 && support.vaf < options.min_vaf)
        reason = "low_vaf";
    if (reason && qc) ++qc->filtered[reason];
    return reason == nullptr;
}

// Adds the counts of `from` into `into` (record totals are the shared ones, not summed here).
void add_counts(QcCounts& into, const QcCounts& from) {
    if (from.ref_checked >= 0) {
        into.ref_checked = std::max<std::int64_t>(into.ref_checked, 0) + from.ref_checked;
        into.ref_mismatches += from.ref_mismatches;
        into.ref_not_in_fasta += from.ref_not_in_fasta;
        for (const auto& example : from.ref_mismatch_examples)
            if (into.ref_mismatch_examples.size() < kRefMismatchExamples) into.ref_mismatch_examples.push_back(example);
    }
    into.records_passed += from.records_passed;
    into.records_annotated += from.records_annotated;
    into.alleles_in_kb_genes += from.alleles_in_kb_genes;
    into.tmb_variants += from.tmb_variants;
    into.gvcf_variant_records += from.gvcf_variant_records;
    for (const auto& [reason, count] : from.filtered) into.filtered[reason] += count;
}

// What one batch of records gives, merged into the samples in file order.
struct BatchResult {
    QcCounts shared;                             // FILTER names, records passed / annotated
    std::vector<QcCounts> per_column;            // read-support reasons, alleles in KB genes, TMB counts
    std::vector<std::vector<Finding>> findings;  // per column, in record order
    std::vector<StructuralRecord> structural;    // in record order
    std::string error;                           // the first record of the batch that could not be read

    void reset(std::size_t columns) {
        shared = QcCounts{};
        per_column.assign(columns, QcCounts{});
        findings.assign(columns, {});
        structural.clear();
        error.clear();
    }
};

struct RecordBatch {
    std::vector<VcfRecord> records;
    std::size_t size = 0;
    BatchResult result;
    std::string read_error;  // the file could not be read past this batch
};

constexpr std::size_t kBatchRecords = 1024;
// Batches read ahead of the merge: enough to keep every thread of a large arena busy, and a
// bound on the memory of one file whatever the thread count.
constexpr std::size_t kMaxBatchesInFlight = 64;

// Everything one record gives every reported column: the work done in parallel.
class RecordMatcher {
public:
    RecordMatcher(const Knowledgebase& kb, const AnnotateOptions& options, const std::vector<SampleSlot>& slots,
                  const AnnotationLayout& layout, GenomeBuild build, bool header_has_svtype)
        : kb_(kb),
          options_(options),
          slots_(slots),
          layout_(layout),
          build_(build),
          matcher_(kb, build, options.reference.get()),
          header_has_svtype_(header_has_svtype) {
        for (const auto& slot : slots) columns_.push_back(slot.column);
        estimate_tmb_ = options.tmb_territory_mb && std::any_of(slots.begin(), slots.end(), [](const auto& slot) {
                            return !slot.result.input.tmb;
                        });
    }

    void match(VcfRecord& record, BatchResult& out) const {
        QcCounts& shared = out.shared;
        if (!record.passes_filter()) {
            if (!options_.include_filtered) {
                for (const auto name : record.failed_filters()) ++shared.filtered[std::string(name)];
                return;
            }
        }
        ++shared.records_passed;
        if (options_.reference) check_ref(record, shared);
        if (layout_.format != AnnotationFormat::none && record.has_info(layout_.tag)) ++shared.records_annotated;
        if (count_gvcf_alleles(record, shared)) return;  // a reference block holds no variant
        const bool structural_record = header_has_svtype_ && record.has_info("SVTYPE");
        if (estimate_tmb_ && !structural_record) count_for_tmb(record, out);
        if (!structural_record && !kb_.may_match(build_, record.chrom_index(), record.pos())) return;
        const auto& alleles = record.alleles();
        if (alleles.empty()) return;
        if (structural_record || has_structural_allele(alleles)) {
            out.structural.push_back(read_structural(record, layout_, columns_, options_.copy_number.ploidy));
            return;
        }
        for (std::size_t alt_index = 1; alt_index < alleles.size(); ++alt_index) {
            const std::string_view alt = alleles[alt_index];
            if (is_reference_block_allele(alt)) continue;  // gVCF: "any other allele", not a variant
            if (is_symbolic(alt)) {
                for (auto& qc : out.per_column) ++qc.filtered["symbolic_or_breakend_allele"];
                continue;
            }
            Variant base;
            bool base_ready = false;
            std::optional<std::vector<Variant>> annotated;  // decoded once, for the first carrier
            for (std::size_t i = 0; i < slots_.size(); ++i) {
                QcCounts& qc = out.per_column[i];
                const AlleleSupport support = record.allele_support(columns_[i], alt_index);
                if (!meets_read_support(support, options_, &qc)) continue;
                ++qc.alleles_in_kb_genes;
                if (!base_ready) {
                    base.chrom = std::string(record.chrom());
                    base.chrom_index = record.chrom_index();
                    base.pos = record.pos();
                    base.ref = std::string(alleles[0]);
                    base.alt = std::string(alt);
                    base.filter = round_trip_filter(record.failed_filters());
                    annotated = annotate_allele(record, layout_, kb_, base, alt_index);
                    base_ready = true;
                }
                Variant allele = base;
                allele.vaf = support.vaf;
                allele.depth = support.depth;
                allele.alt_reads = support.alt_reads;
                std::vector<Variant> with_support = *annotated;
                for (auto& v : with_support) {
                    v.vaf = support.vaf;
                    v.depth = support.depth;
                    v.alt_reads = support.alt_reads;
                }
                for (auto& finding : matcher_.match_allele(allele, with_support))
                    out.findings[i].push_back(std::move(finding));
            }
        }
    }

private:
    // gVCF records: true for a reference block (every ALT is <NON_REF> / <*>), which is
    // counted and skipped; a variant record beside such an allele is counted too.
    static bool count_gvcf_alleles(VcfRecord& record, QcCounts& shared) {
        const auto& alleles = record.alleles();
        std::size_t blocks = 0;
        for (std::size_t i = 1; i < alleles.size(); ++i)
            if (is_reference_block_allele(alleles[i])) ++blocks;
        if (blocks == 0) return false;
        if (blocks + 1 == alleles.size()) {
            ++shared.filtered["gvcf_reference_block"];
            return true;
        }
        ++shared.gvcf_variant_records;
        return false;
    }

    // --reference: does the record's REF match the FASTA? Every record that can match the
    // knowledge base (in a gene span or at a genomic key), and a fixed sample of one in
    // kRefSampleEvery of the others (by a hash of the position, so the same records at any
    // thread count): a wrong build or an unnormalised file shows in thousands of mismatches
    // either way, and a genome-wide VCF does not pay a read of the whole genome.
    void check_ref(VcfRecord& record, QcCounts& shared) const {
        if (shared.ref_checked < 0) shared.ref_checked = 0;
        const auto hashed = static_cast<std::uint64_t>(record.pos()) * 0x9E3779B97F4A7C15ULL;
        if ((hashed >> 60) % kRefSampleEvery != 0 && !kb_.may_match(build_, record.chrom_index(), record.pos())) return;
        const auto& alleles = record.alleles();
        if (alleles.empty() || alleles[0].empty() || alleles[0] == ".") return;
        const std::string_view ref = alleles[0];
        const auto bases = options_.reference->bases(record.chrom_index(), record.pos(),
                                                     record.pos() + static_cast<std::int64_t>(ref.size()) - 1);
        if (!bases) {
            ++shared.ref_not_in_fasta;
            return;
        }
        ++shared.ref_checked;
        bool same = true;
        for (std::size_t i = 0; i < ref.size() && same; ++i) {
            const char c = ref[i] >= 'a' && ref[i] <= 'z' ? static_cast<char>(ref[i] - 'a' + 'A') : ref[i];
            // IUPAC codes in the FASTA (N and others) agree with anything.
            const char r = (*bases)[i];
            same = c == r || c == 'N' || (r != 'A' && r != 'C' && r != 'G' && r != 'T');
        }
        if (same) return;
        ++shared.ref_mismatches;
        if (shared.ref_mismatch_examples.size() < kRefMismatchExamples)
            shared.ref_mismatch_examples.push_back(std::string(record.chrom()) + ":" + std::to_string(record.pos()) +
                                                   " REF " + std::string(ref) + " (reference " + *bases + ")");
    }

    // Counts the record's SNV/indel alleles that each TMB-estimating column carries (read
    // thresholds applied, symbolic and '*' alleles left out), for --tmb-territory-mb.
    void count_for_tmb(VcfRecord& record, BatchResult& out) const {
        const auto& alleles = record.alleles();
        for (std::size_t alt_index = 1; alt_index < alleles.size(); ++alt_index) {
            if (is_symbolic(alleles[alt_index])) continue;
            for (std::size_t i = 0; i < slots_.size(); ++i)
                if (!slots_[i].result.input.tmb &&
                    meets_read_support(record.allele_support(columns_[i], alt_index), options_, nullptr))
                    ++out.per_column[i].tmb_variants;
        }
    }

    const Knowledgebase& kb_;
    const AnnotateOptions& options_;
    const std::vector<SampleSlot>& slots_;
    const AnnotationLayout& layout_;
    GenomeBuild build_;
    Matcher matcher_;
    bool header_has_svtype_;
    bool estimate_tmb_ = false;
    std::vector<int> columns_;
};

// The record loop over one file for one or more tumor columns, as a oneTBB pipeline: batches
// of records are read serially, decoded and matched in parallel, and merged into the samples
// in file order, so that the findings, counts and errors are those of a serial loop at any
// thread count. The position pre-filter and the annotation are shared by the columns; read
// support and findings are per column.
void scan_records_in_arena(VcfReader& reader, const Knowledgebase& kb, const AnnotateOptions& options, const AnnotateHooks& hooks,
                           std::vector<SampleSlot>& slots, QcCounts& shared) {
    const std::string file = reader.path().string();
    const bool header_has_svtype = [&] {
        for (const auto& line : reader.info_header_lines())
            if (line.id == "SVTYPE") return true;
        return false;
    }();
    const RecordMatcher matcher(kb, options, slots, reader.annotation_layout(), slots.front().result.build,
                                header_has_svtype);
    const std::size_t tokens = std::min(
        kMaxBatchesInFlight, 2 * static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency())));
    // As many batches as tokens, used in turn: items leave the last (in-order) stage in file
    // order and at most `tokens` are in flight, so the batch item k reuses, that of item
    // k - tokens, has left the pipeline. Batches and their records are made as the file needs
    // them, so that memory follows the work (a small file holds one short batch at any thread count).
    std::vector<std::unique_ptr<RecordBatch>> batches(tokens);
    std::size_t items = 0;
    // Stage 1, serial: the next batch of raw records off the file.
    bool input_done = false;
    const auto read_batch = [&](tbb::flow_control& control) -> RecordBatch* {
        if (input_done) {
            control.stop();
            return nullptr;
        }
        auto& slot = batches[items++ % tokens];
        if (!slot) slot = std::make_unique<RecordBatch>();
        RecordBatch* batch = slot.get();
        batch->size = 0;
        batch->read_error.clear();
        try {
            while (batch->size < kBatchRecords) {
                if (batch->size == batch->records.size()) batch->records.emplace_back();
                if (!reader.read_raw(batch->records[batch->size])) break;
                ++batch->size;
            }
        } catch (const InputError& e) {
            batch->read_error = e.what();
        }
        if (batch->size < kBatchRecords) input_done = true;
        return batch;
    };
    // Stage 2, parallel: decode and match; an unreadable record ends the batch, kept for stage 3.
    const auto match_batch = [&](RecordBatch* batch) {
        BatchResult& result = batch->result;
        result.reset(slots.size());
        try {
            for (std::size_t i = 0; i < batch->size; ++i) {
                reader.decode(batch->records[i]);
                matcher.match(batch->records[i], result);
            }
        } catch (const InputError& e) {
            result.error = e.what();
        }
        return batch;
    };
    // Stage 3, serial in file order: merge into the samples; the first error in the file wins.
    const auto merge_batch = [&](RecordBatch* batch) {
        const BatchResult& result = batch->result;
        // A file cut short also cuts its last record: the read error (truncation) explains both.
        if (!result.error.empty()) throw InputError(batch->read_error.empty() ? result.error : batch->read_error);
        shared.records_read += static_cast<std::int64_t>(batch->size);
        add_counts(shared, result.shared);
        for (std::size_t i = 0; i < slots.size(); ++i) {
            QcCounts& qc = slots[i].result.qc;
            add_counts(qc, result.per_column[i]);
            auto& findings = slots[i].result.findings;
            findings.insert(findings.end(), std::make_move_iterator(result.findings[i].begin()),
                            std::make_move_iterator(result.findings[i].end()));
            for (const auto& sv : result.structural) slots[i].structural->add_record(sv, i, qc);
        }
        if (!batch->read_error.empty()) throw InputError(batch->read_error);
        if (hooks.records_counter)
            hooks.records_counter->fetch_add(static_cast<std::int64_t>(batch->size), std::memory_order_relaxed);
        if (hooks.stop_requested && hooks.stop_requested->load(std::memory_order_relaxed))
            throw Interrupted(file + ": interrupted");
    };
    tbb::parallel_pipeline(tokens,
                           tbb::make_filter<void, RecordBatch*>(tbb::filter_mode::serial_in_order, read_batch) &
                               tbb::make_filter<RecordBatch*, RecordBatch*>(tbb::filter_mode::parallel, match_batch) &
                               tbb::make_filter<RecordBatch*, void>(tbb::filter_mode::serial_in_order, merge_batch));
}

// A BCF read with htslib decompression threads has spent its share of the thread budget on
// them: its records are decoded on the reading thread. VCF text uses the caller's arena.
void scan_records(VcfReader& reader, const Knowledgebase& kb, const AnnotateOptions& options, const AnnotateHooks& hooks,
                  std::vector<SampleSlot>& slots, QcCounts& shared) {
    if (reader.decompression_threads() > 0) {
        tbb::task_arena one_thread(1);
        one_thread.execute([&] { scan_records_in_arena(reader, kb, options, hooks, slots, shared); });
    } else {
        scan_records_in_arena(reader, kb, options, hooks, slots, shared);
    }
}

// Fusions, copy number, tiers and QC totals for one finished column.
void finish_sample(SampleSlot& slot, const Knowledgebase& kb, const AnnotateOptions& options, const QcCounts& shared) {
    SampleResult& result = slot.result;
    const SampleInput& input = result.input;
    QcCounts& qc = result.qc;
    qc.records_read = shared.records_read;
    qc.records_passed = shared.records_passed;
    qc.records_annotated = shared.records_annotated;
    qc.gvcf_variant_records = shared.gvcf_variant_records;
    const auto blocks = shared.filtered.find("gvcf_reference_block");
    const std::int64_t reference_blocks = blocks == shared.filtered.end() ? 0 : blocks->second;
    if (reference_blocks > 0 || qc.gvcf_variant_records > 0)
        result.warnings.push_back(input.vcf.string() +
                                  ": looks like a gVCF (ALT <NON_REF> or <*>): " + std::to_string(reference_blocks) +
                                  " reference-block records (no variant) are counted in records_read and "
                                  "records_passed (filtered_by_reason.gvcf_reference_block); the <NON_REF>/<*> "
                                  "allele of " +
                                  std::to_string(qc.gvcf_variant_records) +
                                  " variant records was ignored and their other alleles matched. A gVCF lists "
                                  "every site, not somatic calls: give the caller's filtered VCF for a somatic "
                                  "report");
    qc.ref_checked = shared.ref_checked;
    qc.ref_mismatches = shared.ref_mismatches;
    qc.ref_not_in_fasta = shared.ref_not_in_fasta;
    qc.ref_mismatch_examples = shared.ref_mismatch_examples;
    for (const auto& [reason, count] : shared.filtered) qc.filtered[reason] += count;
    if (options.reference && shared.ref_mismatches > 0)
        result.warnings.push_back(input.vcf.string() + ": " + std::to_string(shared.ref_mismatches) + " of " +
                                  std::to_string(shared.ref_checked) +
                                  " records checked have a REF that differs from the reference " +
                                  options.reference->path().string() +
                                  " (the usual sign of another genome build or an unnormalised file; alleles whose "
                                  "REF differs are not translated), e.g. " +
                                  join(shared.ref_mismatch_examples, "; "));
    if (options.reference && shared.ref_not_in_fasta > 0)
        result.warnings.push_back(input.vcf.string() + ": " + std::to_string(shared.ref_not_in_fasta) +
                                  " record(s) lie on a chromosome the reference " + options.reference->path().string() +
                                  " lacks, or beyond its end: their REF was not checked");
    // Fusions: DNA junctions from the VCF, then the RNA caller's table.
    for (auto& finding : slot.structural->fusion_findings(qc)) result.findings.push_back(std::move(finding));
    if (!input.fusions.empty()) {
        const FusionTable table = read_fusion_table(input.fusions);
        qc.fusion_rows_read = table.rows_read;
        for (auto& finding : fusion_table_findings(table, kb, result.build, result.warnings))
            result.findings.push_back(std::move(finding));
    }
    // Copy number: symbolic VCF records, then the --cna file.
    std::vector<GeneCopyNumber> gene_calls;
    if (!input.cna.empty()) {
        CopyNumberInput cna =
            read_copy_number_file(input.cna, result.sample_id, options.copy_number.ploidy, input.cna_sample);
        result.warnings.insert(result.warnings.end(), cna.warnings.begin(), cna.warnings.end());
        qc.copy_number_segments += static_cast<std::int64_t>(cna.segments.size());
        slot.structural->segments().insert(slot.structural->segments().end(), cna.segments.begin(), cna.segments.end());
        gene_calls = std::move(cna.genes);
    }
    for (auto& finding : copy_number_findings(slot.structural->segments(), gene_calls, kb, result.build,
                                              options.copy_number, &qc.filtered))
        result.findings.push_back(std::move(finding));
    // Sample-level biomarkers: the given TMB, else the estimate from the VCF; MSI / MMR status.
    if (input.tmb) {
        result.biomarkers.tmb = TumorMutationalBurden{*input.tmb, "given", -1, 0, options.tmb_high_cutoff};
    } else if (options.tmb_territory_mb) {
        const double territory = *options.tmb_territory_mb;
        result.biomarkers.tmb = TumorMutationalBurden{static_cast<double>(qc.tmb_variants) / territory, "estimated",
                                                      qc.tmb_variants, territory, options.tmb_high_cutoff};
    }
    result.biomarkers.msi = input.msi;
    for (auto& finding : biomarker_findings(result.biomarkers, kb)) result.findings.push_back(std::move(finding));
    qc.fusion_calls = std::count_if(result.findings.begin(), result.findings.end(),
                                    [](const Finding& f) { return f.category == FindingCategory::fusion; });
    assign_tiers(result.findings, kb,
                 PatientContext{input.tumor_type, input.age_years, input.agency.value_or(options.agency)});
    qc.findings = static_cast<std::int64_t>(result.findings.size());
    qc.findings_with_evidence = std::count_if(result.findings.begin(), result.findings.end(),
                                              [](const Finding& f) { return !f.evidence.empty(); });
}

SampleSlot make_slot(const SampleInput& input, const TumorSampleChoice& column, GenomeBuild build,
                     const std::string& build_source, const AnnotationLayout& layout, const Knowledgebase& kb) {
    SampleSlot slot;
    slot.column = column.index;
    SampleResult& result = slot.result;
    result.input = input;
    result.tumor_column = column.name;
    result.tumor_column_reason = column.reason;
    result.sample_id = input.sample_id.empty() ? column.name : input.sample_id;
    result.build = build;
    result.build_source = build_source;
    result.annotation_source = layout.format == AnnotationFormat::none ? "none" : std::string(to_string(layout.format));
    result.annotation_tag = layout.tag;
    for (const auto& note : layout.notes) result.notes.push_back(input.vcf.string() + ": " + note);
    result.warnings.insert(result.warnings.end(), result.notes.begin(), result.notes.end());
    slot.structural = std::make_unique<StructuralCollector>(kb, build);
    return slot;
}

}  // namespace

SampleResult annotate_sample(const SampleInput& input, const Knowledgebase& kb, const AnnotateOptions& options,
                             const AnnotateHooks& hooks) {
    VcfReader reader(input.vcf, hooks.decompression_threads);
    const std::string file = input.vcf.string();
    const TumorSampleChoice tumor = reader.choose_tumor_sample(
        input.vcf_sample, input.from_sample_sheet ? "the sample sheet's vcf_sample column" : "--sample");
    std::string build_source;
    const GenomeBuild build = decide_build(reader, input, options, file, build_source);
    std::vector<SampleSlot> slots;
    slots.push_back(make_slot(input, tumor, build, build_source, reader.annotation_layout(), kb));
    QcCounts shared;
    if (options.reference) shared.ref_checked = 0;
    scan_records(reader, kb, options, hooks, slots, shared);
    finish_sample(slots.front(), kb, options, shared);
    return std::move(slots.front().result);
}

std::vector<SampleInput> column_inputs(const std::filesystem::path& vcf, const std::vector<std::string>& sample_names,
                                       const std::vector<SampleInput>& metadata) {
    std::vector<SampleInput> inputs;
    for (const auto& name : sample_names) {
        SampleInput input;
        input.vcf = vcf;
        input.sample_id = name;
        input.vcf_sample = name;
        for (const auto& row : metadata)
            if ((row.vcf_sample && *row.vcf_sample == name) || (!row.vcf_sample && row.sample_id == name)) {
                input.sample_id = row.sample_id;
                input.tumor_type = row.tumor_type;
                input.age_years = row.age_years;
                input.fusions = row.fusions;
                input.cna = row.cna;
                input.cna_sample = row.cna_sample;
                input.tmb = row.tmb;
                input.msi = row.msi;
                input.agency = row.agency;
            }
        inputs.push_back(std::move(input));
    }
    return inputs;
}

std::vector<SampleResult> annotate_all_samples(const std::filesystem::path& vcf,
                                               const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                               const AnnotateOptions& options, const AnnotateHooks& hooks) {
    VcfReader reader(vcf, hooks.decompression_threads);
    const std::string file = vcf.string();
    const auto names = reader.sample_names();
    if (names.empty()) throw InputError(file + ": --all-samples needs a VCF with sample columns");
    std::string build_source;
    const GenomeBuild build = decide_build(reader, SampleInput{}, options, file, build_source);
    const auto inputs = column_inputs(vcf, names, metadata);
    std::vector<SampleSlot> slots;
    for (std::size_t i = 0; i < names.size(); ++i)
        slots.push_back(make_slot(inputs[i], TumorSampleChoice{static_cast<int>(i), names[i], "--all-samples"}, build,
                                  build_source, reader.annotation_layout(), kb));
    QcCounts shared;
    if (options.reference) shared.ref_checked = 0;
    scan_records(reader, kb, options, hooks, slots, shared);
    std::vector<SampleResult> results;
    for (auto& slot : slots) {
        finish_sample(slot, kb, options, shared);
        results.push_back(std::move(slot.result));
    }
    return results;
}

}  // namespace pedtx
