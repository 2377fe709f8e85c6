// Loads knowledgebase/pharmacogenomics/*.tsv (see knowledgebase/FORMAT.md) into the catalog the
// germline caller uses, checking columns, functions, references between the files and positions.
#include "pedtx/kb/pharmacogenomics.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

std::string_view to_string(AlleleFunction function) {
    switch (function) {
        case AlleleFunction::normal_function:
            return "normal_function";
        case AlleleFunction::no_function:
            return "no_function";
        case AlleleFunction::uncertain_function:
            return "uncertain_function";
        case AlleleFunction::normal:
            return "normal";
        case AlleleFunction::deficient:
            return "deficient";
    }
    return "unknown";
}

std::vector<const PgxVariant*> PharmacogenomicsCatalog::variants_of(std::string_view gene) const {
    std::vector<const PgxVariant*> out;
    for (const auto& v : variants)
        if (v.gene == gene) out.push_back(&v);
    return out;
}

std::vector<const PgxAllele*> PharmacogenomicsCatalog::alleles_of(std::string_view gene) const {
    std::vector<const PgxAllele*> out;
    for (const auto& a : alleles)
        if (a.gene == gene) out.push_back(&a);
    return out;
}

const PgxVariant* PharmacogenomicsCatalog::variant(std::string_view gene, std::string_view hgvsc) const {
    for (const auto& v : variants)
        if (v.gene == gene && v.hgvsc == hgvsc) return &v;
    return nullptr;
}

std::vector<const PgxRecommendation*> PharmacogenomicsCatalog::recommendations_for(std::string_view gene,
                                                                                   std::string_view phenotype) const {
    std::vector<const PgxRecommendation*> out;
    for (const auto& r : recommendations)
        if (r.gene == gene && r.phenotype == phenotype) out.push_back(&r);
    return out;
}

namespace {

// One TSV file: '#' comment lines, a header, rows as column-name -> value.
struct TsvTable {
    std::string path;
    std::vector<std::pair<long, std::map<std::string, std::string>>> rows;
};

bool read_table(const std::filesystem::path& path, const std::vector<std::string>& required, TsvTable& table,
                std::vector<std::string>& problems) {
    table.path = path.string();
    std::string text;
    try {
        text = read_text_file(path);
    } catch (const Error&) {
        problems.push_back(table.path + ":0: missing pharmacogenomics file");
        return false;
    }
    std::vector<std::string> header;
    long line_number = 0;
    for (const auto line : split_view(text, '\n')) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        const auto fields = split_view(line, '\t');
        if (header.empty()) {
            for (const auto f : fields) header.emplace_back(f);
            for (const auto& name : required)
                if (std::find(header.begin(), header.end(), name) == header.end())
                    problems.push_back(at_line(table.path, line_number, "missing column " + name));
            continue;
        }
        if (fields.size() != header.size()) {
            problems.push_back(at_line(table.path, line_number,
                                       "expected " + std::to_string(header.size()) + " tab-separated columns, found " +
                                           std::to_string(fields.size())));
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = std::string(fields[i]);
        table.rows.emplace_back(line_number, std::move(row));
    }
    return !header.empty();
}

std::vector<std::string> split_list(const std::string& text, char sep) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    for (const auto part : split_view(text, sep)) out.emplace_back(trim_view(part));
    return out;
}

}  // namespace

PharmacogenomicsCatalog load_pharmacogenomics(const std::filesystem::path& kb_directory,
                                              std::vector<std::string>& problems) {
    PharmacogenomicsCatalog catalog;
    const auto dir = kb_directory / "pharmacogenomics";
    // A knowledge base without the folder has no pharmacogenomics (reports say so); when the
    // manifest lists its files, the manifest check reports them missing.
    if (!std::filesystem::is_directory(dir)) return catalog;
    TsvTable variants, positions, alleles, recommendations;
    read_table(dir / "variants.tsv", {"gene", "hgvsc", "rsid", "protein", "transcript", "source"}, variants, problems);
    read_table(dir / "positions.tsv", {"gene", "hgvsc", "build", "chrom", "pos", "ref", "alt"}, positions, problems);
    read_table(dir / "alleles.tsv", {"gene", "allele", "function", "variants", "source"}, alleles, problems);
    read_table(dir / "recommendations.tsv",
               {"gene", "phenotype", "drug", "recommendation", "strength", "guideline", "year", "pmid", "source"},
               recommendations, problems);

    for (auto& [line, row] : variants.rows) {
        PgxVariant v;
        v.gene = row["gene"];
        v.hgvsc = row["hgvsc"];
        v.rsid = row["rsid"];
        v.protein = row["protein"];
        v.transcript = row["transcript"];
        v.source = row["source"];
        if (v.gene.empty() || !v.hgvsc.starts_with("c.") || v.source.empty())
            problems.push_back(at_line(variants.path, line, "a variant needs gene, hgvsc (c.) and source"));
        catalog.variants.push_back(std::move(v));
    }
    for (auto& [line, row] : positions.rows) {
        PgxVariant* target = nullptr;
        for (auto& v : catalog.variants)
            if (v.gene == row["gene"] && v.hgvsc == row["hgvsc"]) target = &v;
        const auto build = parse_genome_build(row["build"]);
        std::int32_t pos = 0;
        if (!target || !build || !parse_int32(row["pos"], pos) || pos <= 0 || row["ref"].empty() ||
            row["alt"].empty()) {
            problems.push_back(at_line(positions.path, line,
                                       "not a position of a variants.tsv variant (gene, hgvsc, build, pos, ref, alt); "
                                       "regenerate with scripts/derive_pgx_positions.py"));
            continue;
        }
        PgxPosition& p = target->position[*build == GenomeBuild::GRCh38 ? 1 : 0];
        p.chrom_name = row["chrom"];
        p.chrom = chrom_index(p.chrom_name);
        p.pos = pos;
        p.ref = row["ref"];
        p.alt = row["alt"];
    }
    for (const auto& v : catalog.variants)
        for (const auto& p : v.position)
            if (p.pos == 0)
                problems.push_back(positions.path + ":0: no position for " + v.gene + " " + v.hgvsc +
                                   " on both builds (run scripts/derive_pgx_positions.py)");
    for (auto& [line, row] : alleles.rows) {
        PgxAllele a;
        a.gene = row["gene"];
        a.name = row["allele"];
        a.source = row["source"];
        const std::string function = row["function"];
        if (function == "normal_function")
            a.function = AlleleFunction::normal_function;
        else if (function == "no_function")
            a.function = AlleleFunction::no_function;
        else if (function == "uncertain_function")
            a.function = AlleleFunction::uncertain_function;
        else if (function == "normal")
            a.function = AlleleFunction::normal;
        else if (function == "deficient")
            a.function = AlleleFunction::deficient;
        else
            problems.push_back(at_line(alleles.path, line,
                                       "function \"" + function +
                                           "\" is not normal_function, no_function, uncertain_function, normal or "
                                           "deficient"));
        a.variants = split_list(row["variants"], ';');
        for (const auto& hgvsc : a.variants)
            if (!catalog.variant(a.gene, hgvsc))
                problems.push_back(at_line(alleles.path, line, a.gene + " " + hgvsc + " is not in variants.tsv"));
        if (a.source.empty()) problems.push_back(at_line(alleles.path, line, "an allele needs its source"));
        catalog.alleles.push_back(std::move(a));
    }
    for (auto& [line, row] : recommendations.rows) {
        PgxRecommendation r;
        r.gene = row["gene"];
        r.phenotype = row["phenotype"];
        r.drugs = split_list(row["drug"], ',');
        r.text = row["recommendation"];
        r.strength = row["strength"];
        r.guideline.name = row["guideline"];
        r.guideline.pmid = row["pmid"];
        r.source = row["source"];
        std::int32_t year = 0;
        if (!parse_int32(row["year"], year) || year < 1990 || r.guideline.pmid.empty() ||
            r.guideline.pmid.find_first_not_of("0123456789") != std::string::npos || r.text.empty() || r.drugs.empty())
            problems.push_back(
                at_line(recommendations.path, line,
                        "a recommendation needs drug, recommendation, guideline year and a numeric pmid"));
        r.guideline.year = year;
        catalog.recommendations.push_back(std::move(r));
    }
    return catalog;
}

}  // namespace pedtx
