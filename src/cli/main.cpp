// pedtx: entry point. Parses the subcommand and maps exceptions to exit codes.
#include <iostream>
#include <string>
#include <vector>

#include <htslib/hts.h>

#include "commands.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/version.hpp"

namespace {

constexpr const char* kUsage =
    "pedtx: pediatric tumor VCF -> cited therapy findings\n"
    "\n"
    "Usage:\n"
    "  pedtx annotate [options] VCF...     one report per tumor sample (pedtx annotate --help)\n"
    "  pedtx cohort DIR...                 cohort tables from the reports of separate runs\n"
    "  pedtx kb validate [DIR]             check a knowledge base\n"
    "  pedtx kb info [DIR]                 version and counts of a knowledge base\n"
    "  pedtx kb diff OLD NEW               what changed between two knowledge bases\n"
    "  pedtx --version                     tool and bundled knowledge-base versions\n"
    "\n"
    "Exit codes: 0 success; 1 usage error; 2 some input could not be processed; 3 internal error.\n"
    "Reports are decision support for clinicians, not a substitute for clinical judgement.\n";

void print_version() {
    std::cout << "pedtx " << pedtx::kToolVersion << "\n";
    try {
        const auto kb = pedtx::Knowledgebase::load(pedtx::cli::default_kb_directory());
        std::cout << "knowledge base " << kb->info().name << " " << kb->info().version << " ("
                  << kb->info().release_date << ")\n";
    } catch (const std::exception& e) {
        std::cout << "knowledge base: not available (" << e.what() << ")\n";
    }
    std::cout << "htslib " << hts_version() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace pedtx;
    hts_set_log_level(HTS_LOG_ERROR);
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string command_line = "pedtx";
    for (const auto& arg : args) command_line += " " + arg;
    try {
        if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
            std::cout << kUsage;
            return args.empty() ? cli::kExitUsage : cli::kExitOk;
        }
        if (args[0] == "--version" || args[0] == "-V" || args[0] == "version") {
            print_version();
            return cli::kExitOk;
        }
        const std::string command = args[0];
        args.erase(args.begin());
        if (command == "annotate") return cli::run_annotate(args, command_line);
        if (command == "kb") return cli::run_kb(args);
        if (command == "cohort") return cli::run_cohort(args);
        throw UsageError("unknown command \"" + command + "\" (try pedtx --help)");
    } catch (const UsageError& e) {
        cli::print_error(e.what());
        return cli::kExitUsage;
    } catch (const Error& e) {
        cli::print_error(e.what());
        return cli::kExitInput;
    } catch (const std::exception& e) {
        cli::print_error(std::string("internal error: ") + e.what());
        return cli::kExitInternal;
    }
}
