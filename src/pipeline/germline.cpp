// The germline assessment of one sample: choose the germline genotypes, observe the tested
// pharmacogenomic positions (variant records, multi-allelic records, gVCF reference blocks, no
// calls, filtered calls, positions absent from the file), and call the genes.
#include "pedtx/pipeline/germline.hpp"

#include <algorithm>

#include "pedtx/core/error.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// Precedence when several records cover one position (split multi-allelic records, a block and
// a variant record): what the GT says about the ALT wins over silence.
int rank(SiteStatus status) {
    switch (status) {
        case SiteStatus::carried:
            return 4;
        case SiteStatus::filtered:
            return 3;
        case SiteStatus::reference:
            return 2;
        case SiteStatus::no_call:
            return 1;
        case SiteStatus::not_in_vcf:
            return 0;
    }
    return 0;
}

bool symbolic_reference(std::string_view alt) {
    return alt == "<NON_REF>" || alt == "<*>" || alt == ".";
}

PgxSiteObservation observe_site(VcfRecord& record, int column, const PgxVariant& variant, const PgxPosition& target,
                                bool use_filter) {
    PgxSiteObservation obs;
    obs.variant = &variant;
    const auto& alleles = record.alleles();
    const SampleGenotype gt = record.genotype(column);
    obs.ploidy = gt.alleles.empty() ? 2 : static_cast<int>(gt.alleles.size());
    obs.phased = gt.phased;
    const bool missing =
        gt.alleles.empty() || std::all_of(gt.alleles.begin(), gt.alleles.end(), [](int a) { return a < 0; });
    const bool block = alleles.size() >= 2 &&
                       std::all_of(alleles.begin() + 1, alleles.end(), [](auto a) { return symbolic_reference(a); });
    if (alleles.size() < 2 || block) {
        // A reference block (gVCF <NON_REF> / <*>, or an all-sites record with ALT "."): its GT
        // says reference or nothing.
        if (missing) {
            obs.status = SiteStatus::no_call;
            obs.detail = gt.alleles.empty() ? "reference block without GT" : "reference block, GT ./.";
        } else {
            obs.status = std::all_of(gt.alleles.begin(), gt.alleles.end(), [](int a) { return a <= 0; })
                             ? SiteStatus::reference
                             : SiteStatus::no_call;
            obs.detail = "gVCF reference block";
        }
        return obs;
    }
    // The ALT allele that carries the variant: same-length REF/ALT (SNV or MNP) with the
    // variant's bases at its offset.
    const std::size_t offset = static_cast<std::size_t>(target.pos - record.pos());
    const std::string_view ref = alleles[0];
    int index = -1;
    if (offset < ref.size() && ref[offset] == target.ref[0]) {
        for (std::size_t j = 1; j < alleles.size(); ++j) {
            const std::string_view alt = alleles[j];
            if (alt.size() == ref.size() && alt[offset] == target.alt[0]) index = static_cast<int>(j);
        }
    } else if (offset < ref.size()) {
        obs.detail =
            "REF at this position is " + std::string(1, ref[offset]) + ", expected " + target.ref + " (wrong build?)";
    }
    if (missing) {
        obs.status = SiteStatus::no_call;
        if (obs.detail.empty()) obs.detail = gt.alleles.empty() ? "record without GT" : "GT ./.";
        return obs;
    }
    for (std::size_t i = 0; i < gt.alleles.size() && i < 2; ++i)
        if (index > 0 && gt.alleles[i] == index) {
            ++obs.alt_copies;
            obs.carried_on[i] = true;
        }
    if (obs.alt_copies == 0) {
        obs.status = SiteStatus::reference;
        const bool other = std::any_of(gt.alleles.begin(), gt.alleles.end(), [](int a) { return a > 0; });
        if (other && obs.detail.empty()) obs.detail = "GT holds another allele at this position";
        return obs;
    }
    if (use_filter && !record.passes_filter()) {
        obs.status = SiteStatus::filtered;
        std::vector<std::string> names;
        for (const auto name : record.failed_filters()) names.emplace_back(name);
        obs.detail = "FILTER " + join(names, ";");
        return obs;
    }
    obs.status = SiteStatus::carried;
    return obs;
}

void scan_predisposition(VcfRecord& record, int column, const AnnotationLayout& layout, GenomeBuild build,
                         PredispositionScan& scan) {
    const auto genes = scan.kb->partner_genes_overlapping(build, record.chrom_index(), record.pos());
    std::vector<const PredispositionGene*> hits;
    for (const auto* locus : genes)
        if (const auto* g = scan.genes->gene(locus->symbol)) hits.push_back(g);
    if (hits.empty() || (!scan.ignore_filter && !record.passes_filter())) return;
    const auto& alleles = record.alleles();
    if (alleles.size() < 2) return;
    const SampleGenotype gt = record.genotype(column);
    for (std::size_t j = 1; j < alleles.size(); ++j) {
        if (is_reference_block_allele(alleles[j])) continue;
        const int copies = static_cast<int>(std::count(gt.alleles.begin(), gt.alleles.end(), static_cast<int>(j)));
        if (copies == 0) continue;
        if (layout.format == AnnotationFormat::none) {
            ++scan.unannotated_in_genes;
            continue;
        }
        const std::string info(record.info_string(layout.tag));
        for (const auto* gene : hits) {
            auto lof = loss_of_function_consequence(record, layout, info, gene->gene, j);
            if (!lof) continue;
            PredispositionFinding f;
            f.gene = gene->gene;
            f.syndrome = gene->syndrome;
            f.variant = std::string(record.chrom()) + ":" + std::to_string(record.pos()) + " " +
                        std::string(alleles[0]) + ">" + std::string(alleles[j]);
            f.hgvsc = std::move(lof->hgvsc);
            f.hgvsp = std::move(lof->hgvsp);
            f.consequence = std::move(lof->consequence);
            f.zygosity = gt.alleles.size() == 1 ? "hemizygous" : (copies >= 2 ? "homozygous" : "heterozygous");
            f.origin = "germline";
            f.action = "germline finding: refer to genetic counselling (" + gene->syndrome + ")";
            f.source = gene->source;
            f.surveillance = gene->surveillance;
            scan.found.push_back(std::move(f));
        }
    }
}

}  // namespace

std::optional<LossOfFunction> loss_of_function_consequence(VcfRecord& record, const AnnotationLayout& layout,
                                                           const std::string& info, std::string_view gene,
                                                           std::size_t alt_index) {
    const auto& alleles = record.alleles();
    const std::vector<std::string_view> alts(alleles.begin() + 1, alleles.end());
    std::optional<LossOfFunction> found;
    for_each_consequence(info, layout, [&](const TranscriptConsequence& entry) {
        if (found || entry.gene != gene || !consequence_matches_allele(entry, layout, alleles[0], alts, alt_index) ||
            !is_loss_of_function(entry.consequence, classify_consequence(entry.consequence)))
            return;
        found = LossOfFunction{std::string(entry.consequence), strip_hgvs_prefix(entry.hgvsc),
                               strip_hgvs_prefix(entry.hgvsp)};
    });
    return found;
}

GermlineColumnObserver::GermlineColumnObserver(int column, const PharmacogenomicsCatalog& catalog, GenomeBuild build,
                                               const AnnotationLayout& layout, PredispositionScan* scan)
    : column_(column), build_(build), layout_(layout), scan_(scan) {
    for (const auto& v : catalog.variants) {
        PgxSiteObservation obs;
        obs.variant = &v;
        sites_.push_back(obs);
    }
}

void GermlineColumnObserver::observe(VcfRecord& record) {
    const ChromIndex chrom = record.chrom_index();
    if (chrom == kNoChrom) return;
    const std::int64_t pos = record.pos();
    if (scan_ && column_ >= 0) scan_predisposition(record, column_, layout_, build_, *scan_);
    std::int64_t end = -1;
    for (auto& site : sites_) {
        const PgxPosition& target = site.variant->on(build_);
        if (target.chrom != chrom || target.pos < pos) continue;
        if (end < 0) end = record.end_pos();
        if (target.pos > end) continue;
        PgxSiteObservation obs = observe_site(record, column_, *site.variant, target, !(scan_ && scan_->ignore_filter));
        if (rank(obs.status) > rank(site.status) ||
            (obs.status == SiteStatus::carried && obs.alt_copies > site.alt_copies))
            site = std::move(obs);
    }
}

std::vector<PgxSiteObservation> observe_pharmacogenomic_sites(VcfReader& reader, int column,
                                                              const PharmacogenomicsCatalog& catalog, GenomeBuild build,
                                                              PredispositionScan* scan) {
    GermlineColumnObserver observer(column, catalog, build, reader.annotation_layout(), scan);
    while (reader.next()) observer.observe(reader.record());
    return std::move(observer.sites());
}

namespace {

bool knowledge_base_has_germline_tables(const Knowledgebase& kb) {
    return !kb.pharmacogenomics().variants.empty() || !kb.predisposition().genes.empty();
}

// The germline loss-of-function scan of one column; ignore_filter for the normal column of a
// somatic VCF (see PredispositionScan).
PredispositionScan predisposition_scan(const Knowledgebase& kb, bool ignore_filter) {
    PredispositionScan scan;
    scan.ignore_filter = ignore_filter;
    scan.kb = &kb;
    scan.genes = &kb.predisposition();
    return scan;
}

std::string normal_sample_how(const SampleInput& input) {
    return input.from_sample_sheet ? "the sample sheet's normal_sample column" : "--normal-sample";
}

}  // namespace

std::unique_ptr<NormalColumnObservation> observe_normal_column(const SampleInput& input, const TumorSampleChoice& tumor,
                                                               const VcfReader& reader, const Knowledgebase& kb,
                                                               GenomeBuild build) {
    if (!input.germline.empty()) return nullptr;
    auto choice = reader.choose_normal_sample(input.normal_sample, tumor.index, normal_sample_how(input));
    if (!choice) return nullptr;
    auto observation = std::make_unique<NormalColumnObservation>();
    observation->column = std::move(*choice);
    if (!knowledge_base_has_germline_tables(kb)) return observation;
    observation->scan = predisposition_scan(kb, true);
    observation->observer = std::make_unique<GermlineColumnObserver>(
        observation->column.index, kb.pharmacogenomics(), build, reader.annotation_layout(), &observation->scan);
    return observation;
}

void assess_germline(const SampleInput& input, const TumorSampleChoice& tumor, const Knowledgebase& kb,
                     SampleResult& result, std::vector<PredispositionFinding> tumor_only_flags,
                     NormalColumnObservation* normal_column) {
    GermlineResult& germline = result.germline;
    std::optional<double> tmb;
    if (result.biomarkers.tmb) tmb = result.biomarkers.tmb->mutations_per_mb;
    germline.sex = input.sex;
    germline.sex_source =
        input.sex == Sex::unknown ? "not given" : (input.from_sample_sheet ? "sample sheet" : "--sex");
    const PharmacogenomicsCatalog& catalog = kb.pharmacogenomics();
    std::filesystem::path file;
    int column = -1;
    GenomeBuild build = result.build;
    std::unique_ptr<VcfReader> reader;
    if (!input.germline.empty()) {
        file = input.germline;
        reader = std::make_unique<VcfReader>(file);
        const auto names = reader->sample_names();
        const std::string how = normal_sample_how(input);
        if (input.normal_sample) {
            column = reader->choose_normal_sample(input.normal_sample, -1, how)->index;
        } else if (names.size() == 1) {
            column = 0;
        } else if (const auto choice = reader->choose_normal_sample(std::nullopt, -1, how)) {
            column = choice->index;
        } else {
            throw InputError(file.string() + ": the germline VCF has " + std::to_string(names.size()) +
                             " sample columns (" +
                             (names.empty() ? std::string("none: sites-only") : join(names, ", ")) +
                             "); name the germline column with " + how);
        }
        germline.source = "germline VCF " + file.string() + " (column " + names[column] + ")";
        const BuildAssessment header = reader->assess_build();
        if (header.verdict == BuildVerdict::not_grch37_or_grch38)
            throw InputError(file.string() +
                             ": the germline VCF header describes a reference that is not GRCh37 or "
                             "GRCh38: " +
                             header.reason);
        if (const auto own = header.build(); own && *own != result.build) {
            build = *own;
            germline.notes.push_back("The germline VCF is " + std::string(to_string(*own)) + " (" + header.reason +
                                     "), the tumor VCF " + std::string(to_string(result.build)) +
                                     ": each is read on its own build.");
        }
    } else {
        std::optional<TumorSampleChoice> choice;
        if (normal_column) {
            choice = normal_column->column;
        } else {
            reader = std::make_unique<VcfReader>(input.vcf);
            choice = reader->choose_normal_sample(input.normal_sample, tumor.index, normal_sample_how(input));
        }
        if (!choice) {
            // Tumor-only: variants in predisposition genes at a germline-like VAF are flagged.
            germline.predisposition = flag_possible_germline(result.findings, kb.predisposition());
            add_predisposition_flags(germline.predisposition, std::move(tumor_only_flags));
            germline.predisposition_notes = cmmrd_notes(germline.predisposition, tmb, kb.predisposition());
            germline.not_assessed_reason =
                "no germline input: give a germline VCF (--germline, sample sheet column germline) or a tumor-normal "
                "VCF with its normal column (##normal_sample, a column named NORMAL, or --normal-sample)";
            return;
        }
        file = input.vcf;
        column = choice->index;
        germline.source = "normal column " + choice->name + " (" + choice->reason + ") of " + file.string();
        germline.notes.push_back(
            "Genotypes from the normal column of a tumor-normal VCF: somatic callers write records mainly at "
            "candidate somatic sites, so most tested positions are usually absent (not called).");
    }
    if (!knowledge_base_has_germline_tables(kb)) {
        germline.not_assessed_reason = "the knowledge base has no pharmacogenomics tables";
        return;
    }
    PredispositionScan own_scan = predisposition_scan(kb, input.germline.empty());
    PredispositionScan& scan = normal_column ? normal_column->scan : own_scan;
    try {
        const auto sites = normal_column ? std::move(normal_column->observer->sites())
                                         : observe_pharmacogenomic_sites(*reader, column, catalog, build, &scan);
        germline.pharmacogenomics = call_pharmacogenomics(catalog, sites, input.sex, build);
        germline.predisposition = std::move(scan.found);
        if (scan.unannotated_in_genes > 0)
            germline.predisposition_notes.push_back(
                std::to_string(scan.unannotated_in_genes) +
                " germline variant(s) in predisposition genes could not be classified: the germline VCF has no "
                "consequence annotation (VEP, SnpEff, bcftools csq); annotate it to find loss-of-function variants.");
        for (auto& note : cmmrd_notes(germline.predisposition, tmb, kb.predisposition()))
            germline.predisposition_notes.push_back(std::move(note));
    } catch (const InputError&) {
        throw;
    } catch (const Error& e) {
        throw InputError(file.string() + ": " + e.what());
    }
    germline.assessed = true;
}

}  // namespace pedtx
