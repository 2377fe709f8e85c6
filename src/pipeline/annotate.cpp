// The per-sample record loop: cheap position pre-filter first, full decoding
// only for records that can match the knowledge base. The sample's finishing (fusions, copy
// number, biomarkers, tiers) is in sample_finish.cpp.
#include "pedtx/pipeline/annotate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "batch_pipeline.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/io/structural_record.hpp"
#include "pedtx/io/transcript_choice.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/match/gene_disruption.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/split_mnv.hpp"
#include "pedtx/match/structural_collector.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/pipeline/germline.hpp"
#include "pedtx/util/text.hpp"
#include "sample_finish.hpp"

#include <tbb/task_arena.h>

namespace pedtx {

namespace {

// The knowledge base as the transcript choice's gene catalog.
class KnowledgebaseGenes final : public GeneCatalog {
public:
    explicit KnowledgebaseGenes(const Knowledgebase& kb) : kb_(kb) {}
    std::optional<std::string_view> canonical_gene(std::string_view name) const override {
        return kb_.canonical_gene(name);
    }
    const std::vector<std::string>& mane_transcripts(std::string_view symbol) const override {
        return kb_.mane_transcripts(symbol);
    }

private:
    const Knowledgebase& kb_;
};

// The best transcript consequence per knowledge-base gene for one allele.
std::vector<Variant> annotate_allele(VcfRecord& record, const AnnotationLayout& layout, const Knowledgebase& kb,
                                     const Variant& allele, std::size_t alt_index) {
    if (layout.format == AnnotationFormat::none) return {};
    return best_consequence_per_gene(record.info_string(layout.tag), layout, record.alleles(), alt_index, allele,
                                     KnowledgebaseGenes(kb));
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

}  // namespace

namespace {

// The build of the file: the header decides when its contig lengths or ##reference tell (a
// header naming a non-human or other-build reference is refused even with --genome); --genome
// or the sheet's genome column decides when the header says nothing.
GenomeBuild decide_build(VcfReader& reader, const SampleInput& input, const AnnotateOptions& options,
                         const std::string& file, std::string& source) {
    const std::optional<GenomeBuild> requested = input.genome ? input.genome : options.genome;
    const std::string requested_by = input.genome ? "the sample sheet's genome column" : "--genome";
    const BuildAssessment header = reader.assess_build();
    if (header.verdict == BuildVerdict::not_grch37_or_grch38)
        throw InputError(file +
                         ": the header describes a reference that is not human GRCh37 or GRCh38: " + header.reason +
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
                     (input.from_sample_sheet
                          ? "fill the sample sheet's genome column (GRCh37 or GRCh38) or give --genome"
                          : "give --genome GRCh37 or --genome GRCh38"));
}

constexpr std::size_t kRefMismatchExamples = 5;

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
    std::vector<std::vector<PredispositionFinding>> possible_germline;  // per column, in record order
    std::vector<std::vector<CodingSnv>> snvs;  // per column: coding SNVs in KB genes (split MNVs)
    std::string error;                         // the first record of the batch that could not be read

    void reset(std::size_t columns) {
        shared = QcCounts{};
        per_column.assign(columns, QcCounts{});
        findings.assign(columns, {});
        possible_germline.assign(columns, {});
        snvs.assign(columns, {});
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
        // The tumor-only scan only where its flags can be reported (not with a germline VCF, not
        // for --all-samples columns): no loci, no scan.
        const bool any_tumor_only =
            std::any_of(slots.begin(), slots.end(), [](const SampleSlot& slot) { return slot.may_be_tumor_only; });
        for (const auto& gene : kb.predisposition().genes)
            if (const GeneLocus* locus = any_tumor_only ? kb.any_gene_locus(build, gene.gene) : nullptr)
                predisposition_loci_.push_back({locus, &gene});
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
        if (!structural_record) scan_predisposition_genes(record, out);
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
                for (auto& snv : coding_snvs(kb_, build_, allele, record, columns_[i], alt_index))
                    out.snvs[i].push_back(std::move(snv));
            }
        }
    }

private:
    // A loss-of-function allele of a predisposition gene (any gene of the list, in the knowledge
    // base or not) at a germline-like VAF in a column: a tumor-only flag candidate. Needs the
    // record's consequence annotation; a record outside every such gene costs a span check.
    void scan_predisposition_genes(VcfRecord& record, BatchResult& out) const {
        if (layout_.format == AnnotationFormat::none) return;
        std::vector<const PredispositionGene*> genes;
        for (const auto& [locus, gene] : predisposition_loci_)
            if (locus->chrom == record.chrom_index() && record.pos() >= locus->span_start &&
                record.pos() <= locus->span_end)
                genes.push_back(gene);
        if (genes.empty() || !record.has_info(layout_.tag)) return;
        const auto& alleles = record.alleles();
        if (alleles.size() < 2) return;
        const std::string info(record.info_string(layout_.tag));
        for (std::size_t alt_index = 1; alt_index < alleles.size(); ++alt_index) {
            if (is_reference_block_allele(alleles[alt_index]) || is_symbolic(alleles[alt_index])) continue;
            for (const PredispositionGene* gene : genes) {
                const auto lof = loss_of_function_consequence(record, layout_, info, gene->gene, alt_index);
                if (!lof) continue;
                for (std::size_t i = 0; i < slots_.size(); ++i) {
                    const AlleleSupport support = record.allele_support(columns_[i], alt_index);
                    if (support.vaf < 0 || !germline_like_vaf(support.vaf) ||
                        !meets_read_support(support, options_, nullptr))
                        continue;
                    out.possible_germline[i].push_back(possible_germline_finding(
                        *gene,
                        std::string(record.chrom()) + ":" + std::to_string(record.pos()) + " " +
                            std::string(alleles[0]) + ">" + std::string(alleles[alt_index]),
                        lof->hgvsc, lof->hgvsp, lof->consequence, support.vaf));
                }
            }
        }
    }

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

    // --reference: does the record's REF match the FASTA? Every record is checked (the FASTA is
    // read in windows that grow while records are close, so a genome-wide VCF costs large
    // sequential reads, not a read per record).
    void check_ref(VcfRecord& record, QcCounts& shared) const {
        if (shared.ref_checked < 0) shared.ref_checked = 0;
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
    std::vector<std::pair<const GeneLocus*, const PredispositionGene*>> predisposition_loci_;
};

// A tumor-normal VCF's normal column, given the batch's (decoded) records in file order.
void observe_normal_column_records(GermlineColumnObserver& observer, RecordBatch& batch, const std::string& file) {
    try {
        for (std::size_t i = 0; i < batch.size; ++i) observer.observe(batch.records[i]);
    } catch (const InputError&) {
        throw;
    } catch (const Error& e) {
        throw InputError(file + ": " + e.what());
    }
}

// The record loop over one file for one or more tumor columns, as a oneTBB pipeline: batches
// of records are read serially, decoded and matched in parallel, and merged into the samples
// in file order, so that the findings, counts and errors are those of a serial loop at any
// thread count. The position pre-filter and the annotation are shared by the columns; read
// support and findings are per column.
void scan_records_in_arena(VcfReader& reader, const Knowledgebase& kb, const AnnotateOptions& options,
                           const AnnotateHooks& hooks, std::vector<SampleSlot>& slots, QcCounts& shared) {
    const std::string file = reader.path().string();
    const bool header_has_svtype = [&] {
        for (const auto& line : reader.info_header_lines())
            if (line.id == "SVTYPE") return true;
        return false;
    }();
    const RecordMatcher matcher(kb, options, slots, reader.annotation_layout(), slots.front().result.build,
                                header_has_svtype);
    // Stage 1, serial: the next raw records off the file.
    const auto read_record = [&](RecordBatch& batch, std::size_t i) {
        if (i == batch.records.size()) batch.records.emplace_back();
        return reader.read_raw(batch.records[i]);
    };
    // Stage 2, parallel: decode and match; an unreadable record ends the batch, kept for stage 3.
    const auto match_batch = [&](RecordBatch& batch) {
        BatchResult& result = batch.result;
        result.reset(slots.size());
        try {
            for (std::size_t i = 0; i < batch.size; ++i) {
                reader.decode(batch.records[i]);
                matcher.match(batch.records[i], result);
            }
        } catch (const InputError& e) {
            result.error = e.what();
        }
    };
    // Stage 3, serial in file order: merge into the samples; the first error in the file wins.
    const auto merge_batch = [&](RecordBatch& batch) {
        const BatchResult& result = batch.result;
        // A file cut short also cuts its last record: the read error (truncation) explains both.
        if (!result.error.empty()) throw InputError(batch.read_error.empty() ? result.error : batch.read_error);
        shared.records_read += static_cast<std::int64_t>(batch.size);
        add_counts(shared, result.shared);
        for (auto& slot : slots)
            if (slot.normal_column) observe_normal_column_records(*slot.normal_column, batch, file);
        for (std::size_t i = 0; i < slots.size(); ++i) {
            QcCounts& qc = slots[i].result.qc;
            add_counts(qc, result.per_column[i]);
            auto& findings = slots[i].result.findings;
            findings.insert(findings.end(), std::make_move_iterator(result.findings[i].begin()),
                            std::make_move_iterator(result.findings[i].end()));
            slots[i].snvs.insert(slots[i].snvs.end(), result.snvs[i].begin(), result.snvs[i].end());
            for (const auto& sv : result.structural) slots[i].structural->add_record(sv, i, qc);
            auto& flags = slots[i].possible_germline;
            flags.insert(flags.end(), std::make_move_iterator(result.possible_germline[i].begin()),
                         std::make_move_iterator(result.possible_germline[i].end()));
        }
        end_merge(batch.size, batch.read_error, hooks, file);
    };
    run_batch_pipeline<RecordBatch>(kBatchRecords, read_record, match_batch, merge_batch);
}

// A BCF read with htslib decompression threads has spent its share of the thread budget on
// them: its records are decoded on the reading thread. VCF text uses the caller's arena.
void scan_records(VcfReader& reader, const Knowledgebase& kb, const AnnotateOptions& options,
                  const AnnotateHooks& hooks, std::vector<SampleSlot>& slots, QcCounts& shared) {
    if (reader.decompression_threads() > 0) {
        tbb::task_arena one_thread(1);
        one_thread.execute([&] { scan_records_in_arena(reader, kb, options, hooks, slots, shared); });
    } else {
        scan_records_in_arena(reader, kb, options, hooks, slots, shared);
    }
}

}  // namespace

namespace {

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
    // A tumor-normal VCF's normal column is observed in the same pass; only a file without one
    // (and without a germline VCF) may turn out tumor-only.
    const auto normal_column = observe_normal_column(input, tumor, reader, kb, build);
    slots.front().may_be_tumor_only = input.germline.empty() && !normal_column;
    if (normal_column) slots.front().normal_column = normal_column->observer.get();
    QcCounts shared;
    if (options.reference) shared.ref_checked = 0;
    scan_records(reader, kb, options, hooks, slots, shared);
    finish_sample(slots.front(), kb, options, shared);
    assess_germline(input, tumor, kb, slots.front().result, std::move(slots.front().possible_germline),
                    normal_column.get());
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
        slot.result.germline.not_assessed_reason = "--all-samples: every column is a tumor; germline not assessed";
        results.push_back(std::move(slot.result));
    }
    return results;
}

}  // namespace pedtx
