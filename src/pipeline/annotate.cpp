// The per-sample record loop: cheap position pre-filter first, full decoding
// only for records that can match the knowledge base.
#include "pedtx/pipeline/annotate.hpp"

#include <algorithm>
#include <unordered_map>

#include "pedtx/core/error.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/match/tiering.hpp"

namespace pedtx {

namespace {

bool is_symbolic(std::string_view allele) {
    return allele.empty() || allele[0] == '<' || allele == "*" || allele == "." ||
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
        if (it == best_by_gene.end()) best_by_gene.emplace_back(std::string(*gene), Best{rank, std::move(variant)});
        else it->second = Best{rank, std::move(variant)};
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

}  // namespace

SampleResult annotate_sample(const SampleInput& input, const Knowledgebase& kb, const AnnotateOptions& options) {
    SampleResult result;
    result.input = input;
    VcfReader reader(input.vcf, options.decompression_threads);
    const std::string file = input.vcf.string();

    const TumorSampleChoice tumor = reader.choose_tumor_sample(input.vcf_sample);
    result.tumor_column = tumor.name;
    result.tumor_column_reason = tumor.reason;
    result.sample_id = input.sample_id.empty() ? tumor.name : input.sample_id;

    if (options.genome) {
        result.build = *options.genome;
        result.build_source = "--genome";
        if (const auto detected = reader.detect_build(); detected && *detected != *options.genome)
            throw InputError(file + ": --genome " + std::string(to_string(*options.genome)) +
                             " but the header's contigs say " + std::string(to_string(*detected)));
    } else if (const auto detected = reader.detect_build()) {
        result.build = *detected;
        result.build_source = "header";
    } else {
        throw InputError(file + ": cannot tell the genome build (no ##contig lengths or ##reference); "
                                "give --genome GRCh37 or --genome GRCh38");
    }

    const AnnotationLayout& layout = reader.annotation_layout();
    result.annotation_source = layout.format == AnnotationFormat::none ? "none" : std::string(to_string(layout.format));
    result.annotation_tag = layout.tag;
    const Matcher matcher(kb, result.build);
    QcCounts& qc = result.qc;

    while (reader.next()) {
        ++qc.records_read;
        if (!reader.passes_filter()) {
            if (!options.include_filtered) {
                for (const auto name : reader.failed_filters()) ++qc.filtered[std::string(name)];
                continue;
            }
        }
        ++qc.records_passed;
        if (layout.format != AnnotationFormat::none && reader.has_info(layout.tag)) ++qc.records_annotated;
        const ChromIndex chrom = reader.chrom_index();
        if (!kb.may_match(result.build, chrom, reader.pos())) continue;

        const auto& alleles = reader.alleles();
        if (alleles.empty()) continue;
        for (std::size_t alt_index = 1; alt_index < alleles.size(); ++alt_index) {
            const std::string_view alt = alleles[alt_index];
            if (is_symbolic(alt)) {
                ++qc.filtered["symbolic_or_breakend_allele"];
                continue;
            }
            const AlleleSupport support = reader.allele_support(tumor.index, alt_index);
            if (!support.carried) {
                ++qc.filtered["allele_not_in_tumor"];
                continue;
            }
            if (options.min_depth > 0 && support.depth >= 0 && support.depth < options.min_depth) {
                ++qc.filtered["low_depth"];
                continue;
            }
            if (options.min_alt_reads > 0 && support.alt_reads >= 0 && support.alt_reads < options.min_alt_reads) {
                ++qc.filtered["low_alt_reads"];
                continue;
            }
            if (options.min_vaf > 0 && support.vaf >= 0 && support.vaf < options.min_vaf) {
                ++qc.filtered["low_vaf"];
                continue;
            }
            ++qc.alleles_in_kb_genes;
            Variant base;
            base.chrom = std::string(reader.chrom());
            base.chrom_index = chrom;
            base.pos = reader.pos();
            base.ref = std::string(alleles[0]);
            base.alt = std::string(alt);
            base.filter = round_trip_filter(reader.failed_filters());
            base.vaf = support.vaf;
            base.depth = support.depth;
            base.alt_reads = support.alt_reads;
            const auto annotated = annotate_allele(reader, layout, kb, base, alt_index);
            for (auto& finding : matcher.match_allele(base, annotated)) result.findings.push_back(std::move(finding));
        }
    }

    assign_tiers(result.findings, kb, PatientContext{input.tumor_type, input.age_years});
    qc.findings = static_cast<std::int64_t>(result.findings.size());
    qc.findings_with_evidence = std::count_if(result.findings.begin(), result.findings.end(),
                                              [](const Finding& f) { return !f.evidence.empty(); });
    return result;
}

}  // namespace pedtx
