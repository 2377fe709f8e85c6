// The MAF row loop: batches of rows read serially, matched in parallel, merged into the samples
// in file order (the same three-stage oneTBB pipeline as the VCF record loop).
#include "pedtx/pipeline/annotate_maf.hpp"

#include <algorithm>
#include <unordered_map>

#include "batch_pipeline.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/core/hgvs.hpp"
#include "pedtx/io/maf_reader.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/util/text.hpp"
#include "sample_finish.hpp"

namespace pedtx {

namespace {

constexpr std::size_t kBatchRows = 1024;

// What one row gives its sample.
struct RowResult {
    int sample = -1;
    bool passed = false;                      // FILTER PASS (or --include-filtered)
    std::vector<std::string> filter_reasons;  // FILTER names, or the read-support / build reason
    bool in_kb = false;                       // a knowledge-base gene (by name or position)
    bool counts_for_tmb = false;
    bool unanchored_indel = false;  // an indel left in MAF form (no --reference)
    std::vector<Finding> findings;
};

struct RowBatch {
    std::vector<MafRow> rows;
    std::size_t size = 0;
    std::vector<RowResult> results;
    std::string read_error;   // the file could not be read past this batch
    std::string match_error;  // the first row of the batch that could not be matched
};

// Per sample: the counts finish_sample takes as the sample's records, and notes.
struct MafSampleState {
    QcCounts shared;
    std::int64_t unanchored_indels = 0;
    long first_unanchored_line = 0;
};

// The file's build: --genome, else the first NCBI_Build of a data row.
GenomeBuild decide_maf_build(const std::filesystem::path& maf, const AnnotateOptions& options, std::string& source) {
    const std::string file = maf.string();
    MafReader reader(maf, true);
    MafRow row;
    std::optional<GenomeBuild> found;
    std::string written;
    long line = 0;
    while (reader.next(row)) {
        if (row.build.empty()) continue;
        found = parse_maf_build(row.build);
        written = row.build;
        line = row.line;
        break;
    }
    if (!written.empty() && !found)
        throw InputError(at_line(file, line,
                                 "NCBI_Build \"" + written +
                                     "\" is not GRCh37 or GRCh38 (pedtx reads GRCh37/GRCh38 "
                                     "coordinates: lift the MAF over, or give --genome)"));
    if (options.genome) {
        if (found && *found != *options.genome)
            throw InputError(at_line(
                file, line,
                "--genome says " + std::string(to_string(*options.genome)) + " but NCBI_Build says " + written));
        source = "--genome";
        return *options.genome;
    }
    if (found) {
        source = "NCBI_Build";
        return *found;
    }
    throw InputError(file + ": cannot tell the genome build: no row gives NCBI_Build; give --genome GRCh37 or GRCh38");
}

// The knowledge base as a gene catalog (canonical symbols through aliases).
class RowMatcher {
public:
    RowMatcher(const Knowledgebase& kb, const AnnotateOptions& options, GenomeBuild build,
               const std::unordered_map<std::string, int>& sample_index, bool estimate_tmb, std::string file)
        : kb_(kb),
          options_(options),
          build_(build),
          matcher_(kb, build, options.reference.get()),
          sample_index_(sample_index),
          estimate_tmb_(estimate_tmb),
          file_(std::move(file)) {}

    // The row's sample (its index in the sample list). Throws InputError for a barcode the first
    // pass did not see.
    int sample_of(const MafRow& row) const {
        const auto it = sample_index_.find(row.sample);
        if (it == sample_index_.end())
            throw InputError(at_line(file_, row.line,
                                     "Tumor_Sample_Barcode \"" + row.sample +
                                         "\" was not in the file when its samples were listed (was the file changed "
                                         "during the run?)"));
        return it->second;
    }

    // The row of sample (sample_of(row)). Throws InputError for a row of another build (unless
    // skip_bad_rows: counted instead). build_seen: an NCBI_Build spelling already found to be the
    // file's build (the caller's, kept across its rows).
    void match(const MafRow& row, int sample, RowResult& out, std::string& build_seen) const {
        // Cleared, not replaced: the batch's results keep their vectors' capacity.
        out.sample = -1;
        out.passed = false;
        out.filter_reasons.clear();
        out.in_kb = false;
        out.counts_for_tmb = false;
        out.unanchored_indel = false;
        out.findings.clear();
        out.sample = sample;
        // Rows of a file say the same NCBI_Build: its spelling is parsed once (per batch).
        if (!row.build.empty() && row.build != build_seen) {
            const auto build = parse_maf_build(row.build);
            if (build && *build == build_) build_seen = row.build;
            if (!build || *build != build_) {
                const std::string problem =
                    "NCBI_Build \"" + row.build + "\" differs from the file's build " + std::string(to_string(build_));
                if (!options_.skip_bad_rows) throw InputError(at_line(file_, row.line, problem));
                out.filter_reasons.push_back("maf_row_of_another_build");
                return;
            }
        }
        const bool filter_pass =
            row.filter.empty() || row.filter == "PASS" || row.filter == "." || iequals(row.filter, "pass");
        if (!filter_pass && !options_.include_filtered) {
            for (const auto name : split_view(row.filter, ';'))
                out.filter_reasons.emplace_back(trim_view(name).empty() ? "." : trim_view(name));
            return;
        }
        out.passed = true;
        AlleleSupport support;
        support.alt_reads = row.alt_count;
        support.depth = row.depth;
        if (row.alt_count >= 0 && row.depth > 0) support.vaf = static_cast<double>(row.alt_count) / row.depth;
        QcCounts reasons;
        if (!meets_read_support(support, options_, &reasons)) {
            for (const auto& [reason, count] : reasons.filtered) out.filter_reasons.push_back(reason);
            return;
        }
        out.counts_for_tmb = estimate_tmb_;
        // The allele in VCF form; an indel gets its left base from --reference, or stays in MAF form.
        Variant allele;
        VcfStyleAllele vcf;
        if (row.has_coordinates()) {
            std::optional<char> anchor;
            const ChromIndex chrom = chrom_index(row.chrom);
            if (const auto at = maf_anchor_position(row); at && options_.reference && *at > 0)
                if (const auto base = options_.reference->bases(chrom, *at, *at); base && base->size() == 1)
                    anchor = (*base)[0];
            vcf = maf_to_vcf_allele(row, anchor);
            allele.chrom = row.chrom;
            allele.chrom_index = vcf.anchored ? chrom : kNoChrom;  // no position facts for a MAF-form indel
            allele.pos = vcf.pos;
            allele.ref = vcf.ref;
            allele.alt = vcf.alt;
            out.unanchored_indel = !vcf.anchored;
        }
        allele.filter = filter_pass ? "PASS" : row.filter;
        allele.vaf = support.vaf;
        allele.depth = support.depth;
        allele.alt_reads = support.alt_reads;
        // The MAF's annotation is the allele's consequence when it gives a protein change, or
        // when the row has no usable position; a row with a position and no protein change is
        // matched like an unannotated VCF record (MANE-table facts, genomic keys), which name
        // the alteration from the position rather than from Variant_Classification alone.
        const auto gene = kb_.canonical_gene(row.gene);
        out.in_kb = gene || (allele.chrom_index != kNoChrom && kb_.may_match(build_, allele.chrom_index, allele.pos));
        if (!out.in_kb) return;
        std::vector<Variant> annotated;
        if (gene && (!row.protein_change.empty() || allele.chrom_index == kNoChrom))
            annotated.push_back(consequence(row, allele, *gene));
        out.findings = matcher_.match_allele(allele, annotated);
        if (out.unanchored_indel)
            for (auto& finding : out.findings)
                finding.notes.push_back(at_line(file_, row.line,
                                                "indel " + row.chrom + ":" + std::to_string(row.start) + " " + row.ref +
                                                    ">" + row.tumor_allele() +
                                                    " kept in MAF form: a VCF-style allele needs its left base, which "
                                                    "the MAF does not give (give --reference); matched by the MAF's "
                                                    "gene and protein change only, not by genomic key or MANE-table "
                                                    "position"));
    }

private:
    // The MAF's own annotation as the selected consequence of a knowledge-base gene.
    static Variant consequence(const MafRow& row, const Variant& allele, std::string_view gene) {
        Variant v = allele;
        v.gene = std::string(gene);
        v.transcript = row.transcript;
        v.transcript_selection = "maf";
        v.consequence = row.consequence.empty() ? row.variant_classification : row.consequence;
        v.variant_class = row.consequence.empty() ? maf_variant_class(row.variant_classification)
                                                  : classify_consequence(row.consequence);
        if (v.variant_class == VariantClass::other && !row.variant_classification.empty())
            v.variant_class = maf_variant_class(row.variant_classification);
        v.annotation_source = "MAF";
        v.hgvsc = row.hgvsc.empty() ? std::string{} : strip_hgvs_prefix(row.hgvsc);
        v.exon = v.variant_class == VariantClass::intronic ? 0 : parse_exon_number(row.exon);
        v.hgvsp.clear();
        v.protein = {};
        if (!row.protein_change.empty()) {
            v.hgvsp = strip_hgvs_prefix(row.protein_change);
            if (const auto change = parse_hgvsp(v.hgvsp)) {
                v.protein = *change;
                if (change->synonymous && v.variant_class == VariantClass::other)
                    v.variant_class = VariantClass::synonymous;
            }
        }
        return v;
    }

    const Knowledgebase& kb_;
    const AnnotateOptions& options_;
    GenomeBuild build_;
    Matcher matcher_;
    const std::unordered_map<std::string, int>& sample_index_;
    bool estimate_tmb_;
    std::string file_;
};

}  // namespace

std::vector<SampleResult> annotate_maf(const std::filesystem::path& maf, const std::vector<SampleInput>& samples,
                                       const Knowledgebase& kb, const AnnotateOptions& options,
                                       const AnnotateHooks& hooks) {
    const std::string file = maf.string();
    std::string build_source;
    const GenomeBuild build = decide_maf_build(maf, options, build_source);
    MafReader reader(maf, options.skip_bad_rows);
    const bool has_protein =
        reader.has_column("HGVSp_Short") || reader.has_column("HGVSp") || reader.has_column("Protein_Change");

    std::unordered_map<std::string, int> sample_index;
    std::vector<SampleSlot> slots(samples.size());
    std::vector<MafSampleState> states(samples.size());
    bool estimate_tmb = false;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        SampleSlot& slot = slots[i];
        SampleResult& result = slot.result;
        result.input = samples[i];
        result.sample_id = samples[i].sample_id;
        result.tumor_column = samples[i].sample_id;
        result.tumor_column_reason = "Tumor_Sample_Barcode of the MAF";
        result.build = build;
        result.build_source = build_source;
        result.annotation_source = "MAF";
        result.annotation_tag = has_protein ? "Variant_Classification, HGVSp" : "Variant_Classification";
        if (!has_protein)
            result.notes.push_back(file +
                                   ": the MAF has no HGVSp_Short, HGVSp or Protein_Change column: rows are matched by "
                                   "position only (genomic keys and MANE-table facts)");
        result.warnings.insert(result.warnings.end(), result.notes.begin(), result.notes.end());
        slot.structural = std::make_unique<StructuralCollector>(kb, build);
        sample_index.emplace(samples[i].sample_id, static_cast<int>(i));
        estimate_tmb = estimate_tmb || (options.tmb_territory_mb && !samples[i].tmb);
    }
    const RowMatcher matcher(kb, options, build, sample_index, estimate_tmb, file);

    const auto read_row = [&](RowBatch& batch, std::size_t i) {
        if (i == batch.rows.size()) batch.rows.emplace_back();
        return reader.next(batch.rows[i]);
    };
    const auto match_batch = [&](RowBatch& batch) {
        batch.match_error.clear();
        if (batch.results.size() < batch.size) batch.results.resize(batch.size);
        try {
            int sample = -1;         // of the row before: rows of one sample usually come together
            std::string build_seen;  // an NCBI_Build spelling already found to be the file's build
            for (std::size_t i = 0; i < batch.size; ++i) {
                const MafRow& row = batch.rows[i];
                if (sample < 0 || row.sample != batch.rows[i - 1].sample) sample = matcher.sample_of(row);
                matcher.match(row, sample, batch.results[i], build_seen);
            }
        } catch (const InputError& e) {
            batch.match_error = e.what();
        }
    };
    const auto merge_batch = [&](RowBatch& batch) {
        if (!batch.match_error.empty()) throw InputError(batch.match_error);
        for (std::size_t i = 0; i < batch.size; ++i) {
            RowResult& row = batch.results[i];
            MafSampleState& state = states[static_cast<std::size_t>(row.sample)];
            QcCounts& qc = slots[static_cast<std::size_t>(row.sample)].result.qc;
            ++state.shared.records_read;
            for (const auto& reason : row.filter_reasons) ++state.shared.filtered[reason];
            if (!row.passed) continue;
            ++state.shared.records_passed;
            ++state.shared.records_annotated;
            if (row.counts_for_tmb && row.filter_reasons.empty()) ++qc.tmb_variants;
            if (row.in_kb) ++qc.alleles_in_kb_genes;
            if (row.unanchored_indel && row.in_kb) {
                if (state.unanchored_indels++ == 0) state.first_unanchored_line = batch.rows[i].line;
            }
            auto& findings = slots[static_cast<std::size_t>(row.sample)].result.findings;
            findings.insert(findings.end(), std::make_move_iterator(row.findings.begin()),
                            std::make_move_iterator(row.findings.end()));
            row.findings.clear();
        }
        end_merge(batch.size, batch.read_error, hooks, file);
    };
    run_batch_pipeline<RowBatch>(kBatchRows, read_row, match_batch, merge_batch);

    std::vector<SampleResult> results;
    results.reserve(slots.size());
    for (std::size_t i = 0; i < slots.size(); ++i) {
        SampleResult& result = slots[i].result;
        if (reader.bad_rows() > 0) {
            states[i].shared.filtered["maf_unreadable_row_in_file"] = reader.bad_rows();
            result.warnings.push_back(file + ": " + std::to_string(reader.bad_rows()) +
                                      " row(s) of the file could not be read and were skipped (--skip-bad-rows; "
                                      "counted for every sample of the file), e.g. " +
                                      join(reader.bad_row_examples(), "; "));
        }
        if (states[i].unanchored_indels > 0)
            result.warnings.push_back(at_line(file, states[i].first_unanchored_line,
                                              std::to_string(states[i].unanchored_indels) +
                                                  " indel(s) in knowledge-base genes have no left base in the MAF "
                                                  "and were kept in MAF form (give --reference to convert them to "
                                                  "VCF-style alleles); the first is on this line"));
        finish_sample(slots[i], kb, options, states[i].shared);
        results.push_back(std::move(result));
    }
    return results;
}

}  // namespace pedtx
