// pedtx kb validate|info [DIR], pedtx kb diff OLD NEW
#include <iostream>
#include <map>

#include "commands.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/kb/kb_diff.hpp"
#include "pedtx/kb/knowledgebase.hpp"

namespace pedtx::cli {

int run_kb(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::cout << "Usage: pedtx kb validate [DIR]\n       pedtx kb info [DIR]\n       pedtx kb diff OLD NEW\n"
                     "DIR defaults to the bundled knowledge base.\n"
                     "diff prints one line per added, removed or changed evidence item, drug, approval,\n"
                     "gene and trial (KIND<TAB>ENTITY<TAB>ID<TAB>DETAIL, sorted), then a summary line.\n";
        return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "diff") {
        if (args.size() != 3) throw UsageError("pedtx kb diff takes two knowledge-base directories: OLD NEW");
        const auto old_kb = Knowledgebase::load(args[1]);
        const auto new_kb = Knowledgebase::load(args[2]);
        const auto changes = diff_knowledgebases(*old_kb, *new_kb);
        for (const auto& change : changes) std::cout << format_change(change) << "\n";
        std::cout << format_diff_summary(*old_kb, *new_kb, changes) << "\n";
        return kExitOk;
    }
    if (args.size() > 2) throw UsageError("pedtx kb takes one command and at most one directory");
    const std::filesystem::path dir = args.size() == 2 ? std::filesystem::path(args[1]) : default_kb_directory();
    if (args[0] == "validate") {
        const auto problems = Knowledgebase::validate(dir);
        for (const auto& problem : problems) print_error(problem);
        if (!problems.empty()) {
            std::cerr << "pedtx: " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << " in "
                      << dir.string() << "\n";
            return kExitInput;
        }
        const auto kb = Knowledgebase::load(dir);
        std::cout << "knowledge base " << kb->info().name << " " << kb->info().version
                  << " is valid: " << kb->genes().size() << " genes, " << kb->drugs().size() << " drugs, "
                  << kb->evidence().size() << " evidence items, " << kb->trials().size() << " trials\n";
        return kExitOk;
    }
    if (args[0] == "info") {
        const auto kb = Knowledgebase::load(dir);
        const auto& info = kb->info();
        std::map<char, int> by_level;
        std::map<std::string, int> by_gene;
        std::map<std::string, int> by_drug;
        std::size_t references = 0;
        for (const auto& item : kb->evidence()) {
            ++by_level[item.level];
            const std::string gene =
                item.alteration.type == RuleType::fusion
                    ? item.alteration.five_prime + "::" + item.alteration.three_prime
                    : (item.alteration.gene.empty() ? item.alteration.biomarker : item.alteration.gene);
            ++by_gene[gene];
            for (const auto& drug : item.drugs) ++by_drug[drug];
            references += item.references.size();
        }
        std::size_t approvals = 0;
        for (const auto& drug : kb->drugs()) approvals += drug.approvals.size();
        std::cout << "name\t" << info.name << "\nversion\t" << info.version << "\nrelease_date\t" << info.release_date
                  << "\nsha256\t" << info.sha256 << "\ndirectory\t" << info.directory.string() << "\ngenes\t"
                  << kb->genes().size() << "\ndrugs\t" << kb->drugs().size() << "\napprovals\t" << approvals
                  << "\nevidence_items\t" << kb->evidence().size() << "\ntrials\t" << kb->trials().size()
                  << "\nreferences\t" << references << "\ntumor_types\t" << kb->tumor_types().size() << "\n";
        for (const auto& [level, count] : by_level) std::cout << "level_" << level << "\t" << count << "\n";
        for (const auto& [gene, count] : by_gene) std::cout << "gene\t" << gene << "\t" << count << "\n";
        for (const auto& [drug, count] : by_drug) std::cout << "drug\t" << drug << "\t" << count << "\n";
        return kExitOk;
    }
    throw UsageError("unknown kb command \"" + args[0] + "\" (validate, info or diff)");
}

}  // namespace pedtx::cli
