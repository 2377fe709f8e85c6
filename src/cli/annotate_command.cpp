// pedtx annotate: options -> SampleInputs -> run_batch -> exit code.
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "commands.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/batch.hpp"
#include "pedtx/util/text.hpp"

namespace po = boost::program_options;

namespace pedtx::cli {

namespace {

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
};

double parse_age(const std::string& text) {
    try {
        std::size_t used = 0;
        const double years = std::stod(text, &used);
        if (used == text.size() && years >= 0 && years <= 120) return years;
    } catch (const std::exception&) {
    }
    throw UsageError("--age: \"" + text + "\" is not an age in years (decimal, 0-120; 0.5 = six months)");
}

}  // namespace

void print_error(const std::string& message) { std::cerr << "pedtx: error: " << message << "\n"; }

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

int run_annotate(const std::vector<std::string>& args, const std::string& command_line) {
    AnnotateArguments a;
    po::options_description options("pedtx annotate [options] VCF...\n\nOptions");
    // clang-format off
    options.add_options()
        ("help,h", "show this help")
        ("out,o", po::value(&a.out), "output folder (required)")
        ("kb", po::value(&a.kb), "knowledge-base folder (default: the bundled knowledgebase/)")
        ("samples", po::value(&a.samples), "sample sheet (TSV: sample_id, vcf, tumor_type, age_years, vcf_sample)")
        ("tumor-type", po::value(&a.tumor_type), "OncoTree code of the tumor, e.g. NBL, PAST, CML")
        ("age", po::value(&a.age), "patient age in years (decimal; 0.5 = six months)")
        ("sample", po::value(&a.sample), "VCF column of the tumor in a multi-sample VCF")
        ("genome", po::value(&a.genome), "GRCh37, GRCh38 or auto (from ##contig lengths or ##reference)")
        ("min-vaf", po::value(&a.min_vaf), "skip alleles with a lower tumor VAF (when the VCF gives one)")
        ("min-alt-reads", po::value(&a.min_alt_reads), "skip alleles with fewer ALT reads")
        ("min-depth", po::value(&a.min_depth), "skip alleles with a lower read depth")
        ("include-filtered", po::bool_switch(&a.include_filtered), "also use records failing FILTER")
        ("format", po::value(&a.format), "comma-separated output formats: json, tsv, html (default json,tsv,html)")
        ("threads", po::value(&a.threads), "worker threads (default: all cores)")
        ("no-timestamp", po::bool_switch(&a.no_timestamp), "keep the run date out of every output")
        ("vcf", po::value(&a.vcfs), "input VCF/BCF files");
    // clang-format on
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
    if (a.out.empty()) throw UsageError("--out DIR is required");
    if (a.vcfs.empty() && a.samples.empty()) throw UsageError("give at least one VCF, or --samples SHEET");
    if (!a.samples.empty() && (!a.tumor_type.empty() || !a.age.empty() || !a.sample.empty()))
        throw UsageError("--tumor-type, --age and --sample are per-sample: put them in the --samples sheet");
    if (a.min_vaf < 0 || a.min_vaf > 1) throw UsageError("--min-vaf must be between 0 and 1");
    if (a.min_alt_reads < 0 || a.min_depth < 0) throw UsageError("--min-alt-reads and --min-depth must be >= 0");
    if (a.threads < 0) throw UsageError("--threads must be >= 1");

    BatchOptions batch;
    batch.write_json = batch.write_tsv = batch.write_html = false;
    for (const auto format : split_view(a.format, ',')) {
        const auto name = trim_view(format);
        if (name == "json") batch.write_json = true;
        else if (name == "tsv") batch.write_tsv = true;
        else if (name == "html") batch.write_html = true;
        else throw UsageError("--format: unknown format \"" + std::string(name) + "\" (json, tsv, html)");
    }
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

    const std::filesystem::path kb_dir = a.kb.empty() ? default_kb_directory() : std::filesystem::path(a.kb);
    const auto kb = Knowledgebase::load(kb_dir);

    std::vector<SampleInput> inputs;
    if (!a.samples.empty()) {
        try {
            inputs = read_sample_sheet(a.samples, kb->tumor_types());
        } catch (const InputError& e) {
            throw UsageError(e.what());
        }
    }
    std::optional<double> age;
    if (!a.age.empty()) age = parse_age(a.age);
    std::string tumor_type;
    if (!a.tumor_type.empty()) {
        const TumorType* type = kb->tumor_types().find(a.tumor_type);
        if (!type) throw UsageError("--tumor-type: unknown OncoTree code \"" + a.tumor_type + "\"");
        tumor_type = type->code;
    }
    for (const auto& vcf : a.vcfs) {
        SampleInput input;
        input.vcf = vcf;
        input.tumor_type = tumor_type;
        input.age_years = age;
        if (!a.sample.empty()) input.vcf_sample = a.sample;
        inputs.push_back(std::move(input));
    }

    batch.out_dir = a.out;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    batch.threads = a.threads > 0 ? a.threads : static_cast<int>(cores);
    batch.no_timestamp = a.no_timestamp;
    batch.command_line = command_line;
    nlohmann::ordered_json effective = {
        {"genome", a.genome},
        {"min_vaf", a.min_vaf},
        {"min_alt_reads", a.min_alt_reads},
        {"min_depth", a.min_depth},
        {"include_filtered", a.include_filtered},
        {"formats", a.format},
        {"tumor_type", tumor_type.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(tumor_type)},
        {"age_years", age ? nlohmann::ordered_json(*age) : nlohmann::ordered_json(nullptr)},
        {"sample_sheet", a.samples.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.samples)}};
    batch.options_json = effective.dump();

    try {
        std::filesystem::create_directories(batch.out_dir);
    } catch (const std::filesystem::filesystem_error& e) {
        throw IoError(batch.out_dir.string() + ": cannot create output folder: " + e.code().message());
    }
    const BatchOutcome outcome = run_batch(inputs, *kb, batch);
    for (const auto& error : outcome.errors) print_error(error);
    const std::size_t ok = outcome.samples.size() - static_cast<std::size_t>(outcome.failed);
    std::cerr << "pedtx: " << ok << " of " << outcome.samples.size() << " samples reported in " << batch.out_dir.string()
              << " (knowledge base " << kb->info().name << " " << kb->info().version << ")\n";
    if (outcome.internal_errors > 0) return kExitInternal;
    return outcome.failed > 0 ? kExitInput : kExitOk;
}

}  // namespace pedtx::cli
