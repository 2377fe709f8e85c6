// pedtx annotate: options -> SampleInputs -> run_batch -> exit code.
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include <unistd.h>
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/io/gene_annotation.hpp"
#include "pedtx/io/reference_genome.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/run/batch.hpp"
#include "pedtx/util/text.hpp"

namespace po = boost::program_options;

namespace pedtx::cli {

namespace {

// Set by SIGINT/SIGTERM; the record loops look at it and stop. A lock-free atomic is
// safe to store from a signal handler.
std::atomic<bool> g_stop_requested{false};
std::atomic<int> g_stop_signal{0};

extern "C" void request_stop(int signal_number) {
    g_stop_requested.store(true);
    g_stop_signal.store(signal_number);
    std::signal(signal_number, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct AnnotateArguments {
    std::vector<std::string> vcfs;
    std::string out;
    std::string kb;
    std::string samples;
    std::string tumor_type;
    std::string age;
    std::string sample;
    std::string genome = "auto";
    double min_vaf = kDefaultMinVaf;
    int min_alt_reads = kDefaultMinAltReads;
    int min_depth = kDefaultMinDepth;
    bool include_filtered = false;
    std::string format = "json,tsv,html";
    int threads = 0;
    bool no_timestamp = false;
    std::string fusions;
    std::string cna;
    std::string cna_sample;
    std::string tmb;
    std::string msi;
    std::string germline;
    std::string normal_sample;
    std::string sex;
    std::string agency = "any";
    std::optional<double> tmb_territory_mb;
    double tmb_high_cutoff = kDefaultTmbHighCutoff;
    bool resume = false;
    bool quiet = false;
    bool all_samples = false;
    std::string gene_annotation;
    std::string reference;
    CopyNumberThresholds copy_number;
    double amp_min_ratio = 0;
    std::string maf;
    std::string clinical;
    bool skip_bad_rows = false;
};

double parse_age(const std::string& text) {
    if (const auto years = parse_number(text, 0, 120)) return *years;
    throw UsageError("--age: \"" + text + "\" is not an age in years (decimal, 0-120; 0.5 = six months)");
}

// Every numeric option goes through parse_number (Boost would take nan and inf): the value must
// be a finite decimal number in [min, max].
double number_option_value(const std::string& text, const char* name, double min, double max) {
    const auto value = parse_number(text, min, max);
    if (!value)
        throw UsageError(std::string("--") + name + ": \"" + text + "\" is not a number from " + format_decimal(min) +
                         " to " + format_decimal(max));
    return *value;
}

template <typename Target>
po::typed_value<std::string>* number_option(Target& target, const char* name, double min, double max) {
    return po::value<std::string>()->notifier(
        [&target, name, min, max](const std::string& text) { target = number_option_value(text, name, min, max); });
}

}  // namespace

void print_error(const std::string& message) {
    std::cerr << "pedtx: error: " << message << "\n";
}

std::filesystem::path default_kb_directory() {
    if (const char* env = std::getenv("PEDTX_KB"); env && *env) return env;
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        const auto dir = exe.parent_path();
        for (const auto& candidate : {dir / "knowledgebase", dir / ".." / "share" / "pedtx" / "knowledgebase",
                                      dir / ".." / ".." / "knowledgebase"})
            if (std::filesystem::exists(candidate / "manifest.json")) return candidate;
    }
    return "knowledgebase";
}

namespace {

void describe_options(po::options_description& options, AnnotateArguments& a) {
    // clang-format off
    options.add_options()
        ("help,h", "show this help")
        ("out,o", po::value(&a.out), "output folder (required)")
        ("kb", po::value(&a.kb), "knowledge-base folder (default: the bundled knowledgebase/)")
        ("samples", po::value(&a.samples), "sample sheet (TSV: sample_id, vcf, optional tumor_type, age_years, vcf_sample, fusions, cna, cna_sample, tmb, msi, agency, genome, germline, normal_sample, sex)")
        ("tumor-type", po::value(&a.tumor_type), "OncoTree code of the tumor, e.g. NBL, PAST, CML")
        ("age", po::value(&a.age), "patient age in years (decimal; 0.5 = six months)")
        ("sample", po::value(&a.sample), "VCF column of the tumor in a multi-sample VCF")
        ("genome", po::value(&a.genome), "GRCh37, GRCh38 or auto (from ##contig lengths or ##reference)")
        ("min-vaf", number_option(a.min_vaf, "min-vaf", 0, 1), "skip alleles with a lower tumor VAF (when the VCF gives one)")
        ("min-alt-reads", po::value(&a.min_alt_reads), "skip alleles with fewer ALT reads")
        ("min-depth", po::value(&a.min_depth), "skip alleles with a lower read depth")
        ("include-filtered", po::bool_switch(&a.include_filtered), "also use records failing FILTER")
        ("format", po::value(&a.format), "comma-separated output formats: json, tsv, html, vcf (the input annotated with INFO/PEDTX), "
                                         "maf (cohort.pedtx.maf: the MAF's rows, or vcf2maf-like rows, with pedtx's columns), "
                                         "cbioportal (a cBioPortal study folder cbioportal/); default json,tsv,html")
        ("threads", po::value(&a.threads), "worker threads, at most 256 (default: all cores)")
        ("no-timestamp", po::bool_switch(&a.no_timestamp), "keep the run date out of every output")
        ("resume", po::bool_switch(&a.resume), "skip samples whose reports in --out match their inputs, options and KB")
        ("quiet,q", po::bool_switch(&a.quiet), "no progress line on stderr")
        ("gene-annotation", po::value(&a.gene_annotation), "your own gene annotation for every gene (UCSC refGene/genePred "
                                                          "or GTF, may be gzipped) to name fusion partners; needs --genome")
        ("reference", po::value(&a.reference), "reference genome FASTA of the VCFs' build (plain or bgzipped, indexed "
                                              "with samtools faidx): every record's REF is checked against it, and "
                                              "SNVs/MNVs in knowledge-base genes are translated on the MANE transcript")
        ("all-samples", po::bool_switch(&a.all_samples), "one report per sample column of each (joint-called) VCF/BCF, "
                                                         "in one pass; --samples then gives tumor type and age per column")
        ("fusions", po::value(&a.fusions), "RNA fusion calls for the sample (Arriba fusions.tsv, STAR-Fusion predictions)")
        ("cna", po::value(&a.cna), "copy number for the sample (segments, or a gene table with -2..2 / calls)")
        ("cna-sample", po::value(&a.cna_sample), "the sample's id in a multi-sample --cna file (SEG ID column, "
                                                 "gene-table column); default: the sample id")
        ("tmb", po::value(&a.tmb), "measured tumor mutational burden of the sample (mutations/Mb, e.g. from the lab's panel)")
        ("msi", po::value(&a.msi), "MSI / mismatch-repair status of the sample: MSI-H, MSI-L, MSS, dMMR or pMMR")
        ("germline", po::value(&a.germline), "germline VCF/BCF of the patient (HaplotypeCaller, DeepVariant, gVCF...): "
                                             "TPMT/NUDT15/G6PD pharmacogenomics (sheet column germline)")
        ("normal-sample", po::value(&a.normal_sample), "the germline column: of --germline when it has several, or the "
                                                       "normal column of a tumor-normal VCF (default: ##normal_sample, "
                                                       "then a column named NORMAL)")
        ("sex", po::value(&a.sex), "patient sex for X-linked G6PD: female, male or unknown (sheet column sex)")
        ("agency", po::value(&a.agency), "whose approvals give tier IA: FDA, EMA or any (default any); "
                                         "the sheet column agency sets it per sample. Reports show every agency's approval")
        ("tmb-territory-mb", number_option(a.tmb_territory_mb, "tmb-territory-mb", 0, 1e6),
                             "estimate TMB from the VCF: SNVs and indels counted, divided by this territory (Mb) "
                             "the somatic calls were made over (samples with a given TMB keep theirs)")
        ("tmb-high-cutoff", number_option(a.tmb_high_cutoff, "tmb-high-cutoff", 0, 1e5), "TMB-high at or above this many mutations/Mb (default 10)")
        ("amp-min-cn", number_option(a.copy_number.amp_min_cn, "amp-min-cn", 0, 1000), "amplification at this copy number or above (default 5)")
        ("amp-min-ratio", number_option(a.amp_min_ratio, "amp-min-ratio", 0, 1000), "amplification at this multiple of --ploidy (overrides --amp-min-cn)")
        ("del-max-cn", number_option(a.copy_number.del_max_cn, "del-max-cn", 0, 1000), "homozygous deletion at this copy number or below (default 0)")
        ("ploidy", number_option(a.copy_number.ploidy, "ploidy", 0, 100), "tumor ploidy for log2 ratios and --amp-min-ratio (default 2)")
        ("focal-max-size", po::value(&a.copy_number.focal_max_size), "segments up to this size (bp) are focal (default 10000000)")
        ("cn-min-probes", po::value(&a.copy_number.min_probes), "call a segment only with at least this many probes / "
                                                                 "bins, when the file gives the count (default 3)")
        ("cn-min-size", po::value(&a.copy_number.min_size), "call a segment only when it spans at least this many bp "
                                                             "(default 1000)")
        ("maf", po::value(&a.maf), "a MAF (plain or gzipped; GDC, cBioPortal data_mutations.txt, vcf2maf): one report "
                                   "per Tumor_Sample_Barcode, in one pass; --fusions / --cna then take cBioPortal "
                                   "data_sv.txt / data_fusions.txt / data_cna.txt, matched by sample id")
        ("clinical", po::value(&a.clinical), "with --maf: cBioPortal clinical sample file (SAMPLE_ID, ONCOTREE_CODE, "
                                             "AGE / AGE_AT_DIAGNOSIS in years or AGE_IN_DAYS)")
        ("skip-bad-rows", po::bool_switch(&a.skip_bad_rows), "with --maf: count a row that cannot be read in QC and go on "
                                                             "(default: the file fails, naming the line)")
        ("vcf", po::value(&a.vcfs), "input VCF/BCF files");
    // clang-format on
}

// The values of the per-sample options given on the command line.
struct CommandLineSample {
    Sex sex = Sex::unknown;
    std::optional<double> tmb;
    MsiStatus msi = MsiStatus::not_given;
};

// Refuses options that do not combine and values out of range (UsageError, in a fixed order, so
// the first problem is the one named); parses the per-sample values.
CommandLineSample check_arguments(AnnotateArguments& a) {
    if (a.out.empty()) throw UsageError("--out DIR is required");
    const bool maf_input = !a.maf.empty();
    CommandLineSample given;
    if (maf_input && (!a.vcfs.empty() || a.all_samples || !a.sample.empty() || !a.cna_sample.empty() ||
                      !a.tmb.empty() || !a.msi.empty()))
        throw UsageError(
            "--maf takes every sample from the MAF: it does not combine with VCF files, --all-samples, --sample, "
            "--cna-sample, --tmb or --msi (give TMB and MSI per sample in the --samples sheet)");
    if (!maf_input && (!a.clinical.empty() || a.skip_bad_rows))
        throw UsageError("--clinical and --skip-bad-rows are for MAF input: give --maf FILE");
    if (maf_input && !a.clinical.empty() && !a.samples.empty())
        throw UsageError("give the samples' tumor type and age with --clinical or with --samples, not both");
    if (!maf_input && a.vcfs.empty() && a.samples.empty())
        throw UsageError("give at least one VCF, --samples SHEET or --maf FILE");
    if (a.all_samples && a.vcfs.empty()) throw UsageError("--all-samples needs the cohort VCF/BCF files");
    if (a.all_samples && (!a.sample.empty() || !a.fusions.empty() || !a.cna.empty() || !a.cna_sample.empty() ||
                          !a.tmb.empty() || !a.msi.empty()))
        throw UsageError(
            "--all-samples does not combine with --sample, --fusions, --cna, --tmb or --msi "
            "(give them per column in the --samples sheet)");
    if (!maf_input && !a.samples.empty() &&
        (!a.tumor_type.empty() || !a.age.empty() || !a.sample.empty() || !a.fusions.empty() || !a.cna.empty() ||
         !a.tmb.empty() || !a.msi.empty()))
        throw UsageError(
            "--tumor-type, --age, --sample, --fusions, --cna, --tmb and --msi are per-sample: put them in "
            "the --samples sheet (columns tumor_type, age_years, vcf_sample, fusions, cna, tmb, msi)");
    if (!a.samples.empty() && (!a.germline.empty() || !a.normal_sample.empty() || !a.sex.empty()))
        throw UsageError(
            "--germline, --normal-sample and --sex are per-sample: put them in the --samples sheet "
            "(columns germline, normal_sample, sex)");
    if ((!a.germline.empty() || !a.normal_sample.empty() || !a.sex.empty()) && (a.all_samples || a.vcfs.size() > 1))
        throw UsageError(
            "--germline, --normal-sample and --sex belong to one sample: give one VCF, or use a "
            "--samples sheet");
    if (!a.sex.empty()) {
        const auto parsed = parse_sex(a.sex);
        if (!parsed) throw UsageError("--sex: \"" + a.sex + "\" is not female, male or unknown");
        given.sex = *parsed;
    }
    if ((!a.fusions.empty() || !a.cna.empty() || !a.tmb.empty() || !a.msi.empty()) && a.vcfs.size() > 1)
        throw UsageError(
            "--fusions, --cna, --tmb and --msi belong to one sample: give one VCF, or use a --samples sheet");
    if (!a.tmb.empty() && !(given.tmb = parse_tmb(a.tmb)))
        throw UsageError("--tmb: \"" + a.tmb + "\" is not " + kTmbExpected);
    if (!a.msi.empty()) {
        const auto status = parse_msi_status(a.msi);
        if (!status) throw UsageError("--msi: \"" + a.msi + "\" is not " + kMsiExpected);
        given.msi = *status;
    }
    if (a.tmb_territory_mb && !(*a.tmb_territory_mb > 0))
        throw UsageError("--tmb-territory-mb must be > 0 (the size of the territory the calls were made over, in Mb)");
    if (!(a.tmb_high_cutoff > 0)) throw UsageError("--tmb-high-cutoff must be > 0");
    if (a.copy_number.ploidy <= 0) throw UsageError("--ploidy must be > 0");
    if (a.amp_min_ratio < 0) throw UsageError("--amp-min-ratio must be > 0");
    if (a.amp_min_ratio > 0) a.copy_number.amp_min_ratio = a.amp_min_ratio;
    if (a.copy_number.focal_max_size <= 0) throw UsageError("--focal-max-size must be > 0");
    if (a.copy_number.min_probes < 0) throw UsageError("--cn-min-probes must be >= 0");
    if (a.copy_number.min_size < 0) throw UsageError("--cn-min-size must be >= 0");
    if (!a.cna_sample.empty() && a.cna.empty())
        throw UsageError("--cna-sample names a sample of the --cna file: give --cna");
    if (a.min_vaf < 0 || a.min_vaf > 1) throw UsageError("--min-vaf must be between 0 and 1");
    if (a.min_alt_reads < 0 || a.min_depth < 0) throw UsageError("--min-alt-reads and --min-depth must be >= 0");
    if (a.threads < 0 || a.threads > kMaxThreads)
        throw UsageError("--threads must be from 1 to " + std::to_string(kMaxThreads) +
                         " (0 or absent: all cores, at most " + std::to_string(kMaxThreads) + ")");
    return given;
}

// Output formats and the matching options (before the knowledge base is loaded).
BatchOptions batch_options(const AnnotateArguments& a) {
    const bool maf_input = !a.maf.empty();
    BatchOptions batch;
    batch.write_json = batch.write_tsv = batch.write_html = false;
    for (const auto format : split_view(a.format, ',')) {
        const auto name = trim_view(format);
        if (name == "json")
            batch.write_json = true;
        else if (name == "tsv")
            batch.write_tsv = true;
        else if (name == "html")
            batch.write_html = true;
        else if (name == "vcf")
            batch.write_vcf = true;
        else if (name == "maf")
            batch.write_maf = true;
        else if (name == "cbioportal")
            batch.cbioportal = true;
        else
            throw UsageError("--format: unknown format \"" + std::string(name) +
                             "\" (json, tsv, html, vcf, maf, cbioportal)");
    }
    if ((batch.write_maf || batch.cbioportal) && !batch.write_json)
        throw UsageError("--format maf and cbioportal are built from the JSON reports: include json in --format");
    if (batch.write_vcf && maf_input)
        throw UsageError(
            "--format vcf annotates a VCF; with --maf use --format maf (the MAF's rows with pedtx's columns)");
    if (batch.write_vcf && a.all_samples)
        throw UsageError("--format vcf annotates one sample's VCF; it does not combine with --all-samples");
    AnnotateOptions& annotate = batch.annotate;
    if (a.genome != "auto") {
        const auto build = parse_genome_build(a.genome);
        if (!build) throw UsageError("--genome must be GRCh37, GRCh38 or auto, not \"" + a.genome + "\"");
        annotate.genome = build;
    }
    annotate.min_vaf = a.min_vaf;
    annotate.min_alt_reads = a.min_alt_reads;
    annotate.min_depth = a.min_depth;
    annotate.include_filtered = a.include_filtered;
    annotate.copy_number = a.copy_number;
    annotate.tmb_territory_mb = a.tmb_territory_mb;
    annotate.tmb_high_cutoff = a.tmb_high_cutoff;
    const auto agency = parse_agency(a.agency);
    if (!agency) throw UsageError("--agency must be FDA, EMA or any, not \"" + a.agency + "\"");
    annotate.agency = *agency;
    annotate.skip_bad_rows = a.skip_bad_rows;
    return batch;
}

// One SampleInput per VCF on the command line, with the command line's per-sample options.
std::vector<SampleInput> command_line_inputs(const AnnotateArguments& a, const CommandLineSample& given,
                                             const std::string& tumor_type, std::optional<double> age) {
    std::vector<SampleInput> inputs;
    for (const auto& vcf : a.all_samples ? std::vector<std::string>{} : a.vcfs) {
        SampleInput input;
        input.vcf = vcf;
        input.tumor_type = tumor_type;
        input.age_years = age;
        if (!a.sample.empty()) input.vcf_sample = a.sample;
        input.fusions = a.fusions;
        input.cna = a.cna;
        input.cna_sample = a.cna_sample;
        input.tmb = given.tmb;
        input.msi = given.msi;
        input.germline = a.germline;
        if (!a.normal_sample.empty()) input.normal_sample = a.normal_sample;
        input.sex = given.sex;
        inputs.push_back(std::move(input));
    }
    return inputs;
}

// Errors, warnings and the summary line on stderr; the exit code.
int report_outcome(const BatchOutcome& outcome, const BatchOptions& batch, const AnnotateArguments& a,
                   const Knowledgebase& kb) {
    for (const auto& error : outcome.output_errors)
        if (outcome.interrupted) print_error(error);
    if (outcome.interrupted) {
        std::cerr << "pedtx: interrupted; finished reports are complete, run.json lists what was not done "
                     "(run again with --resume)\n";
        return 128 + g_stop_signal.load();
    }
    if (!a.quiet)
        for (const auto& note : outcome.notes) std::cerr << "pedtx: warning: " << note << "\n";
    for (const auto& error : outcome.errors) print_error(error);
    for (const auto& error : outcome.output_errors) print_error(error);
    const std::size_t ok = outcome.samples.size() - static_cast<std::size_t>(outcome.failed);
    std::cerr << "pedtx: " << ok << " of " << outcome.samples.size() << " samples reported in "
              << batch.out_dir.string();
    if (outcome.resumed > 0) std::cerr << " (" << outcome.resumed << " kept from an earlier run)";
    std::cerr << " (knowledge base " << kb.info().name << " " << kb.info().version << ")\n";
    if (outcome.internal_errors > 0) return kExitInternal;
    return outcome.failed > 0 || !outcome.output_errors.empty() ? kExitInput : kExitOk;
}

}  // namespace

int run_annotate(const std::vector<std::string>& args, const std::string& command_line) {
    AnnotateArguments a;
    po::options_description options("pedtx annotate [options] VCF...\n\nOptions");
    describe_options(options, a);
    po::positional_options_description positional;
    positional.add("vcf", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (try pedtx annotate --help)");
    }
    if (vm.count("help")) {
        std::cout << options << "\n";
        return kExitOk;
    }
    const CommandLineSample given = check_arguments(a);
    const bool maf_input = !a.maf.empty();
    BatchOptions batch = batch_options(a);
    AnnotateOptions& annotate = batch.annotate;
    const std::filesystem::path kb_dir = a.kb.empty() ? default_kb_directory() : std::filesystem::path(a.kb);
    auto kb = Knowledgebase::load(kb_dir);
    if (!a.gene_annotation.empty()) {
        if (!annotate.genome)
            throw UsageError("--gene-annotation is for one genome build: give --genome GRCh37 or GRCh38");
        kb = kb->with_gene_annotation(*annotate.genome, read_gene_annotation(a.gene_annotation));
    }

    if (!a.reference.empty()) {
        try {
            annotate.reference = std::make_shared<const ReferenceGenome>(a.reference);
        } catch (const InputError& e) {
            throw UsageError(std::string("--reference: ") + e.what());
        }
    }

    std::vector<SampleInput> inputs;
    if (!a.samples.empty()) {
        try {
            inputs = read_sample_sheet(a.samples, kb->tumor_types(), !a.all_samples && !maf_input);
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
    }
    std::optional<double> age;
    if (!a.age.empty()) age = parse_age(a.age);
    std::string tumor_type;
    if (!a.tumor_type.empty()) {
        const TumorType* type = kb->tumor_types().find(a.tumor_type);
        if (!type) throw UsageError("--tumor-type: " + kb->tumor_types().why_unusable(a.tumor_type));
        tumor_type = type->code;
    }
    for (auto& input : command_line_inputs(a, given, tumor_type, age)) inputs.push_back(std::move(input));
    batch.out_dir = a.out;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    batch.threads = a.threads > 0 ? a.threads : static_cast<int>(std::min(cores, static_cast<unsigned>(kMaxThreads)));
    if (const int usable = usable_threads(batch.threads); usable < batch.threads) {
        if (a.threads > 0 && !a.quiet)
            std::cerr << "pedtx: --threads " << a.threads << " is more than the " << usable
                      << " cores this process may use; using " << usable << "\n";
        batch.threads = usable;
    }
    batch.no_timestamp = a.no_timestamp;
    batch.resume = a.resume;
    batch.quiet = a.quiet;
    batch.stop_requested = &g_stop_requested;
    batch.command_line = command_line;
    batch.sample_sheet = a.samples;
    batch.gene_annotation = a.gene_annotation;
    batch.command_line_sample = {tumor_type, age, given.tmb,
                                 a.msi.empty() ? std::nullopt : std::optional<MsiStatus>(given.msi)};

    try {
        std::filesystem::create_directories(batch.out_dir);
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError(batch.out_dir.string() + ": cannot create output folder: " + e.code().message());
    }
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    batch.maf = a.maf;
    batch.clinical = a.clinical;
    MafCohortInputs cohort{a.maf, a.clinical, inputs, a.fusions, a.cna, tumor_type, age};
    const BatchOutcome outcome = maf_input ? run_maf_batch(cohort, *kb, batch)
                                 : a.all_samples
                                     ? run_all_samples_batch({a.vcfs.begin(), a.vcfs.end()}, inputs, *kb, batch)
                                     : run_batch(inputs, *kb, batch);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return report_outcome(outcome, batch, a, *kb);
}

}  // namespace pedtx::cli
