// pedtx cohort DIR... : cohort outputs (tables, summary and cohort.html) from per-sample
// reports of separate runs.
#include <algorithm>
#include <cctype>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/run/batch.hpp"
#include "pedtx/report/cbioportal.hpp"
#include "pedtx/report/cohort.hpp"
#include "pedtx/util/text.hpp"
#include "pedtx/report/cohort_html.hpp"
#include "pedtx/version.hpp"

namespace po = boost::program_options;

namespace pedtx::cli {

int run_cohort(const std::vector<std::string>& args) {
    std::vector<std::string> folders;
    std::string out;
    bool allow_mixed = false;
    bool no_timestamp = false;
    std::string cbioportal;
    std::string study_id = "pedtx_cohort";
    po::options_description options(
        "pedtx cohort [options] DIR...\n\nBuilds cohort.tsv, cohort_matrix.tsv, cohort_summary.json and the overview\n"
        "cohort.html from the SAMPLE.pedtx.json reports in each DIR. A DIR written by pedtx annotate gives\n"
        "the samples its run.json lists, in that order, failed ones included; other DIRs give every report,\n"
        "by sample id. cohort.html links each sample to its report (SAMPLE.pedtx.html, else the JSON) by a\n"
        "path relative to the output folder: move them together.\n\nOptions");
    // clang-format off
    options.add_options()
        ("help,h", "show this help")
        ("out,o", po::value(&out), "output folder (default: the first DIR)")
        ("allow-mixed-kb", po::bool_switch(&allow_mixed), "accept reports made with different knowledge bases")
        ("no-timestamp", po::bool_switch(&no_timestamp), "keep the date out of cohort.html (byte-identical reruns)")
        ("cbioportal", po::value(&cbioportal), "also write a cBioPortal study folder here (meta_study.txt, "
                                               "clinical, mutations with pedtx's tier as custom driver annotation, "
                                               "SV and CNA when the samples had them, case lists)")
        ("study-id", po::value(&study_id), "cancer_study_identifier of the cBioPortal study (default pedtx_cohort)")
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
    auto inputs = read_cohort_inputs(paths);
    for (const auto& note : inputs.notes) std::cerr << "pedtx: note: " << note << "\n";
    if (inputs.reports.empty() && inputs.failed.empty())
        throw InputError(folders.front() + ": no *.pedtx.json reports found");
    const std::filesystem::path out_dir = out.empty() ? paths.front() : std::filesystem::path(out);
    write_cohort_folder(inputs, out_dir, allow_mixed,
                        CohortHtmlContext{kToolVersion, no_timestamp ? std::string() : utc_timestamp()});
    if (!cbioportal.empty()) {
        if (study_id.empty() || !std::all_of(study_id.begin(), study_id.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            }))
            throw UsageError("--study-id: \"" + study_id + "\" must be letters, digits and '_'");
        std::vector<nlohmann::json> reports;
        for (const auto& member : inputs.members) {
            if (member.report < 0) continue;
            std::filesystem::path json = member.report_file;
            const std::string name = json.filename().string();
            if (name.ends_with(".pedtx.html"))
                json.replace_filename(name.substr(0, name.size() - 5) + ".json");
            try {
                reports.push_back(nlohmann::json::parse(read_text_file(json)));
            } catch (const nlohmann::json::exception& e) {
                throw InputError(json.string() + ": not a pedtx JSON report: " + e.what());
            }
        }
        write_cbioportal_study(cbioportal, reports, {study_id, "pedtx cohort", kToolVersion});
        std::cerr << "pedtx: cBioPortal study " << study_id << " of " << reports.size() << " samples in " << cbioportal
                  << "\n";
    }
    std::cerr << "pedtx: cohort of " << inputs.reports.size() << " samples";
    if (!inputs.failed.empty())
        std::cerr << " (" << inputs.failed.size() << " failed in their runs, listed in failed_samples)";
    std::cerr << " written to " << out_dir.string() << "\n";
    return kExitOk;
}

}  // namespace pedtx::cli
