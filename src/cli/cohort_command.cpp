// pedtx cohort DIR... : cohort outputs from per-sample reports of separate runs.
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/report/cohort.hpp"

namespace po = boost::program_options;

namespace pedtx::cli {

int run_cohort(const std::vector<std::string>& args) {
    std::vector<std::string> folders;
    std::string out;
    bool allow_mixed = false;
    po::options_description options(
        "pedtx cohort [options] DIR...\n\nBuilds cohort.tsv, cohort_matrix.tsv and cohort_summary.json from the\n"
        "SAMPLE.pedtx.json reports in each DIR. A DIR written by pedtx annotate gives the samples its\n"
        "run.json lists, in that order, failed ones included; other DIRs give every report, by sample id.\n\nOptions");
    // clang-format off
    options.add_options()
        ("help,h", "show this help")
        ("out,o", po::value(&out), "output folder (default: the first DIR)")
        ("allow-mixed-kb", po::bool_switch(&allow_mixed), "accept reports made with different knowledge bases")
        ("dir", po::value(&folders), "folders holding *.pedtx.json reports");
    // clang-format on
    po::positional_options_description positional;
    positional.add("dir", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + " (try pedtx cohort --help)");
    }
    if (vm.count("help")) {
        std::cout << options << "\n";
        return kExitOk;
    }
    if (folders.empty()) throw UsageError("give at least one folder of pedtx reports");
    std::vector<std::filesystem::path> paths(folders.begin(), folders.end());
    const auto inputs = read_cohort_inputs(paths);
    for (const auto& note : inputs.notes) std::cerr << "pedtx: note: " << note << "\n";
    if (inputs.reports.empty() && inputs.failed.empty())
        throw InputError(folders.front() + ": no *.pedtx.json reports found");
    const std::filesystem::path out_dir = out.empty() ? paths.front() : std::filesystem::path(out);
    write_cohort_outputs(out_dir, build_cohort(inputs.reports, inputs.failed, allow_mixed));
    std::cerr << "pedtx: cohort of " << inputs.reports.size() << " samples";
    if (!inputs.failed.empty())
        std::cerr << " (" << inputs.failed.size() << " failed in their runs, listed in failed_samples)";
    std::cerr << " written to " << out_dir.string() << "\n";
    return kExitOk;
}

}  // namespace pedtx::cli
