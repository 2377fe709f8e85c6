// The per-sample record loop: cheap position pre-filter first, full decoding
// only for records that can match the knowledge base.
#include "pedtx/pipeline/annotate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>

#include "pedtx/core/error.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/match/copy_number.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/tiering.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

bool is_symbolic(std::string_view allele) {
    return allele.empty() || allele[0] == '<' || allele == "*" || allele.front() == '.' || allele.back() == '.' ||
           allele.find('[') != std::string_view::npos || allele.find(']') != std::string_view::npos;
}

// The best transcript consequence per knowledge-base gene for one allele.
std::vector<Variant> annotate_allele(VcfReader& reader, const AnnotationLayout& layout, const Knowledgebase& kb,
                                     const Variant& allele, std::size_t alt_index) {
    std::vector<Variant> variants;
    if (layout.format == AnnotationFormat::none) return variants;
    const std::string_view value = reader.info_string(layout.tag);
    if (value.empty()) return variants;
    const auto& alleles = reader.alleles();
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

// Structural records (breakends, symbolic SVs, copy-number segments) of one sample,
// collected during the record loop and turned into findings at the end.
class StructuralCollector {
public:
    StructuralCollector(const Knowledgebase& kb, GenomeBuild build, const AnnotateOptions& options)
        : kb_(kb), build_(build), options_(options) {}

    void add_record(VcfReader& reader, const AnnotationLayout& layout, int tumor_index, QcCounts& qc) {
        ++qc.structural_records;
        const auto& alleles = reader.alleles();
        const std::string chrom(reader.chrom());
        const std::int64_t pos = reader.pos();
        const std::string record = chrom + ":" + std::to_string(pos) + " " + std::string(reader.id());
        std::string svtype(reader.info_string("SVTYPE"));
        const std::vector<std::string> caller_genes = genes_named_by_caller(reader, layout);
        const std::int32_t reads = supporting_reads(reader, tumor_index);
        for (std::size_t i = 1; i < alleles.size(); ++i) {
            const std::string_view alt = alleles[i];
            if (auto junction = junction_from_breakend(chrom, pos, alt)) {
                add_junction(std::move(*junction), record, reads, caller_genes);
                continue;
            }
            std::string type = svtype;
            if (alt.size() > 2 && alt.front() == '<' && alt.back() == '>') {
                type = std::string(alt.substr(1, alt.size() - 2));
                if (const auto colon = type.find(':'); colon != std::string::npos) type.resize(colon);
            }
            type = to_upper(type);
            if (type.empty() || type == "BND") {
                ++qc.filtered["single_breakend_or_unreadable_sv"];
                continue;
            }
            const std::int64_t end = reader.end_pos();
            if (const auto cn = copy_number(reader, tumor_index)) {
                segments_.push_back(CopyNumberSegment{chrom, pos + 1, end, *cn, "vcf_symbolic", record});
                ++qc.copy_number_segments;
            }
            if (type == "CNV" || type == "INS") continue;
            std::string mate_chrom(reader.info_string("CHR2"));
            const std::string connection(reader.info_string("CT"));
            for (auto& junction : junctions_from_symbolic(type, chrom, pos, mate_chrom, end, connection))
                add_junction(std::move(junction), record, reads, caller_genes);
        }
    }

    std::vector<CopyNumberSegment>& segments() { return segments_; }

    std::vector<Finding> fusion_findings(QcCounts& qc) const {
        std::vector<Finding> findings;
        std::map<std::string, std::vector<FusionCall>> by_record;
        for (const auto& [key, junction] : junctions_) {
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
            for (auto& finding : candidates)
                if (!any_evidence || !finding.evidence.empty()) findings.push_back(std::move(finding));
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

    // SnpEff writes "ALK&EML4" as the gene of a gene_fusion effect; VEP one SYMBOL per breakend.
    static std::vector<std::string> genes_named_by_caller(VcfReader& reader, const AnnotationLayout& layout) {
        std::vector<std::string> genes;
        if (layout.format == AnnotationFormat::none) return genes;
        const std::string_view value = reader.info_string(layout.tag);
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

    static std::int32_t supporting_reads(VcfReader& reader, int tumor_index) {
        // Manta: tumor PR/SR (ref, alt); LUMPY: INFO SU; Delly: INFO PE + SR.
        const auto pr = reader.format_number("PR", tumor_index, 1);
        const auto sr = reader.format_number("SR", tumor_index, 1);
        if (pr || sr) return static_cast<std::int32_t>(pr.value_or(0) + sr.value_or(0));
        if (const auto su = reader.info_number("SU")) return static_cast<std::int32_t>(*su);
        const auto pe = reader.info_number("PE");
        const auto isr = reader.info_number("SR");
        if (pe || isr) return static_cast<std::int32_t>(pe.value_or(0) + isr.value_or(0));
        return -1;
    }

    std::optional<double> copy_number(VcfReader& reader, int tumor_index) const {
        if (const auto cn = reader.format_number("CN", tumor_index)) return *cn;
        if (const auto cn = reader.info_number("CN")) return *cn;
        const double ploidy = options_.copy_number.ploidy;
        if (const auto log2 = reader.info_number("FOLD_CHANGE_LOG")) return ploidy * std::pow(2.0, *log2);
        if (const auto fold = reader.info_number("FOLD_CHANGE")) return ploidy * *fold;
        return std::nullopt;
    }

    const Knowledgebase& kb_;
    GenomeBuild build_;
    const AnnotateOptions& options_;
    std::map<std::string, Junction> junctions_;
    std::vector<CopyNumberSegment> segments_;
};

bool has_structural_allele(const std::vector<std::string_view>& alleles) {
    for (std::size_t i = 1; i < alleles.size(); ++i)
        if (is_symbolic(alleles[i]) && alleles[i] != "*" && alleles[i] != ".") return true;
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

GenomeBuild decide_build(VcfReader& reader, const AnnotateOptions& options, const std::string& file,
                         std::string& source) {
    if (options.genome) {
        source = "--genome";
        if (const auto detected = reader.detect_build(); detected && *detected != *options.genome)
            throw InputError(file + ": --genome " + std::string(to_string(*options.genome)) +
                             " but the header's contigs say " + std::string(to_string(*detected)));
        return *options.genome;
    }
    if (const auto detected = reader.detect_build()) {
        source = "header";
        return *detected;
    }
    throw InputError(file +
                     ": cannot tell the genome build (no ##contig lengths or ##reference); "
                     "give --genome GRCh37 or --genome GRCh38");
}

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

// Counts the record's SNV/indel alleles that each TMB-estimating column carries (read
// thresholds applied, symbolic and '*' alleles left out), for --tmb-territory-mb.
void count_for_tmb(VcfReader& reader, std::vector<SampleSlot>& slots, const AnnotateOptions& options) {
    const auto& alleles = reader.alleles();
    for (std::size_t alt_index = 1; alt_index < alleles.size(); ++alt_index) {
        if (is_symbolic(alleles[alt_index])) continue;
        for (auto& slot : slots)
            if (!slot.result.input.tmb &&
                meets_read_support(reader.allele_support(slot.column, alt_index), options, nullptr))
                ++slot.result.qc.tmb_variants;
    }
}

// The record loop over one file for one or more tumor columns: the position pre-filter
// and the annotation are shared, read support and findings are per column.
void scan_records(VcfReader& reader, const Knowledgebase& kb, const AnnotateOptions& options,
                  std::vector<SampleSlot>& slots, QcCounts& shared) {
    const std::string file = reader.path().string();
    const GenomeBuild build = slots.front().result.build;
    const AnnotationLayout& layout = reader.annotation_layout();
    const Matcher matcher(kb, build);
    const bool header_has_svtype = [&] {
        for (const auto& line : reader.info_header_lines())
            if (line.id == "SVTYPE") return true;
        return false;
    }();
    std::int64_t unreported = 0;
    const bool estimate_tmb = options.tmb_territory_mb && std::any_of(slots.begin(), slots.end(), [](const auto& slot) {
                                  return !slot.result.input.tmb;
                              });
    while (reader.next()) {
        ++shared.records_read;
        // Progress and Ctrl-C are looked at every 4096 records, not per record.
        if (++unreported == 4096) {
            if (options.records_counter) options.records_counter->fetch_add(unreported, std::memory_order_relaxed);
            unreported = 0;
            if (options.stop_requested && options.stop_requested->load(std::memory_order_relaxed))
                throw Interrupted(file + ": interrupted");
        }
        if (!reader.passes_filter()) {
            if (!options.include_filtered) {
                for (const auto name : reader.failed_filters()) ++shared.filtered[std::string(name)];
                continue;
            }
        }
        ++shared.records_passed;
        if (layout.format != AnnotationFormat::none && reader.has_info(layout.tag)) ++shared.records_annotated;
        const bool structural_record = header_has_svtype && reader.has_info("SVTYPE");
        if (estimate_tmb && !structural_record) count_for_tmb(reader, slots, options);
        if (!structural_record && !kb.may_match(build, reader.chrom_index(), reader.pos())) continue;
        const auto& alleles = reader.alleles();
        if (alleles.empty()) continue;
        if (structural_record || has_structural_allele(alleles)) {
            for (auto& slot : slots) slot.structural->add_record(reader, layout, slot.column, slot.result.qc);
            continue;
        }
        for (std::size_t alt_index = 1; alt_index < alleles.size(); ++alt_index) {
            const std::string_view alt = alleles[alt_index];
            if (is_symbolic(alt)) {
                for (auto& slot : slots) ++slot.result.qc.filtered["symbolic_or_breakend_allele"];
                continue;
            }
            Variant base;
            bool base_ready = false;
            std::optional<std::vector<Variant>> annotated;  // decoded once, for the first carrier
            for (auto& slot : slots) {
                QcCounts& qc = slot.result.qc;
                const AlleleSupport support = reader.allele_support(slot.column, alt_index);
                if (!meets_read_support(support, options, &qc)) continue;
                ++qc.alleles_in_kb_genes;
                if (!base_ready) {
                    base.chrom = std::string(reader.chrom());
                    base.chrom_index = reader.chrom_index();
                    base.pos = reader.pos();
                    base.ref = std::string(alleles[0]);
                    base.alt = std::string(alt);
                    base.filter = round_trip_filter(reader.failed_filters());
                    annotated = annotate_allele(reader, layout, kb, base, alt_index);
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
                for (auto& finding : matcher.match_allele(allele, with_support))
                    slot.result.findings.push_back(std::move(finding));
            }
        }
    }
    if (options.records_counter) options.records_counter->fetch_add(unreported, std::memory_order_relaxed);
}

// Fusions, copy number, tiers and QC totals for one finished column.
void finish_sample(SampleSlot& slot, const Knowledgebase& kb, const AnnotateOptions& options, const QcCounts& shared) {
    SampleResult& result = slot.result;
    const SampleInput& input = result.input;
    QcCounts& qc = result.qc;
    qc.records_read = shared.records_read;
    qc.records_passed = shared.records_passed;
    qc.records_annotated = shared.records_annotated;
    for (const auto& [reason, count] : shared.filtered) qc.filtered[reason] += count;
    // Fusions: DNA junctions from the VCF, then the RNA caller's table.
    for (auto& finding : slot.structural->fusion_findings(qc)) result.findings.push_back(std::move(finding));
    if (!input.fusions.empty()) {
        const FusionTable table = read_fusion_table(input.fusions, kb);
        result.warnings.insert(result.warnings.end(), table.warnings.begin(), table.warnings.end());
        for (const auto& named : table.fusions)
            if (auto finding = fusion_finding(resolve_named_fusion(named, kb, result.build), kb))
                result.findings.push_back(std::move(*finding));
    }
    // Copy number: symbolic VCF records, then the --cna file.
    std::vector<GeneCopyNumber> gene_calls;
    if (!input.cna.empty()) {
        CopyNumberInput cna = read_copy_number_file(input.cna, result.sample_id, options.copy_number.ploidy);
        result.warnings.insert(result.warnings.end(), cna.warnings.begin(), cna.warnings.end());
        qc.copy_number_segments += static_cast<std::int64_t>(cna.segments.size());
        slot.structural->segments().insert(slot.structural->segments().end(), cna.segments.begin(), cna.segments.end());
        gene_calls = std::move(cna.genes);
    }
    for (auto& finding :
         copy_number_findings(slot.structural->segments(), gene_calls, kb, result.build, options.copy_number))
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
                                    [](const Finding& f) { return f.category == "fusion"; });
    assign_tiers(result.findings, kb, PatientContext{input.tumor_type, input.age_years});
    qc.findings = static_cast<std::int64_t>(result.findings.size());
    qc.findings_with_evidence = std::count_if(result.findings.begin(), result.findings.end(),
                                              [](const Finding& f) { return !f.evidence.empty(); });
}

SampleSlot make_slot(const SampleInput& input, const TumorSampleChoice& column, GenomeBuild build,
                     const std::string& build_source, const AnnotationLayout& layout, const Knowledgebase& kb,
                     const AnnotateOptions& options) {
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
    slot.structural = std::make_unique<StructuralCollector>(kb, build, options);
    return slot;
}

}  // namespace

SampleResult annotate_sample(const SampleInput& input, const Knowledgebase& kb, const AnnotateOptions& options) {
    VcfReader reader(input.vcf, options.decompression_threads);
    const std::string file = input.vcf.string();
    const TumorSampleChoice tumor = reader.choose_tumor_sample(input.vcf_sample);
    std::string build_source;
    const GenomeBuild build = decide_build(reader, options, file, build_source);
    std::vector<SampleSlot> slots;
    slots.push_back(make_slot(input, tumor, build, build_source, reader.annotation_layout(), kb, options));
    QcCounts shared;
    scan_records(reader, kb, options, slots, shared);
    finish_sample(slots.front(), kb, options, shared);
    return std::move(slots.front().result);
}

std::vector<SampleResult> annotate_all_samples(const std::filesystem::path& vcf,
                                               const std::vector<SampleInput>& metadata, const Knowledgebase& kb,
                                               const AnnotateOptions& options) {
    VcfReader reader(vcf, options.decompression_threads);
    const std::string file = vcf.string();
    const auto names = reader.sample_names();
    if (names.empty()) throw InputError(file + ": --all-samples needs a VCF with sample columns");
    std::string build_source;
    const GenomeBuild build = decide_build(reader, options, file, build_source);
    std::vector<SampleSlot> slots;
    for (std::size_t i = 0; i < names.size(); ++i) {
        SampleInput input;
        input.vcf = vcf;
        input.sample_id = names[i];
        input.vcf_sample = names[i];
        // Tumor type and age from the sheet row naming this column (by vcf_sample or sample_id).
        for (const auto& row : metadata)
            if ((row.vcf_sample && *row.vcf_sample == names[i]) || (!row.vcf_sample && row.sample_id == names[i])) {
                input.sample_id = row.sample_id;
                input.tumor_type = row.tumor_type;
                input.age_years = row.age_years;
                input.fusions = row.fusions;
                input.cna = row.cna;
                input.tmb = row.tmb;
                input.msi = row.msi;
            }
        slots.push_back(make_slot(input, TumorSampleChoice{static_cast<int>(i), names[i], "--all-samples"}, build,
                                  build_source, reader.annotation_layout(), kb, options));
    }
    QcCounts shared;
    scan_records(reader, kb, options, slots, shared);
    std::vector<SampleResult> results;
    for (auto& slot : slots) {
        finish_sample(slot, kb, options, shared);
        results.push_back(std::move(slot.result));
    }
    return results;
}

}  // namespace pedtx
