// Loads knowledgebase/germline/predisposition_genes.tsv (see knowledgebase/FORMAT.md).
#include "pedtx/kb/predisposition.hpp"

#include <algorithm>
#include <map>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

const PredispositionGene* PredispositionCatalog::gene(std::string_view symbol) const {
    for (const auto& g : genes)
        if (g.gene == symbol) return &g;
    return nullptr;
}

PredispositionCatalog load_predisposition(const std::filesystem::path& kb_directory,
                                          std::vector<std::string>& problems) {
    PredispositionCatalog catalog;
    const auto dir = kb_directory / "germline";
    if (!std::filesystem::is_directory(dir)) return catalog;
    const auto path = dir / "predisposition_genes.tsv";
    const std::string file = path.string();
    std::string text;
    try {
        text = read_text_file(path);
    } catch (const Error&) {
        problems.push_back(file + ":0: missing predisposition gene table");
        return catalog;
    }
    std::vector<std::string> header;
    long line_number = 0;
    for (const auto line : split_view(text, '\n')) {
        ++line_number;
        if (line.empty()) continue;
        if (line.starts_with("#cmmrd_note=")) {
            catalog.cmmrd_note = std::string(line.substr(12));
            continue;
        }
        if (line[0] == '#') continue;
        const auto fields = split_view(line, '\t');
        if (header.empty()) {
            for (const auto f : fields) header.emplace_back(f);
            for (const char* name : {"gene", "syndrome", "inheritance", "mismatch_repair", "source", "surveillance"})
                if (std::find(header.begin(), header.end(), name) == header.end())
                    problems.push_back(at_line(file, line_number, std::string("missing column ") + name));
            continue;
        }
        if (fields.size() != header.size()) {
            problems.push_back(
                at_line(file, line_number, "expected " + std::to_string(header.size()) + " tab-separated columns"));
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = std::string(fields[i]);
        PredispositionGene g{row["gene"],   row["syndrome"],    row["inheritance"], row["mismatch_repair"] == "yes",
                             row["source"], row["surveillance"]};
        if (g.gene.empty() || g.syndrome.empty() || g.source.empty() || g.surveillance.empty())
            problems.push_back(at_line(file, line_number, "a gene needs syndrome, source and surveillance"));
        catalog.genes.push_back(std::move(g));
    }
    return catalog;
}

}  // namespace pedtx
