// Private to src/kb/: the loader that reads knowledgebase/ into Knowledgebase records,
// collecting every problem as "FILE:LINE: message" instead of stopping at the first.
// knowledgebase_loader.cpp reads the files (manifest, tumor types, gene and partner tables,
// JSON arrays and typed field access); knowledgebase_records.cpp parses the gene, drug, trial
// and evidence records and cross-checks them.
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pedtx/kb/knowledgebase.hpp"

namespace pedtx {

namespace kb_loader {

// Byte range and first line of one element of a file's top-level array,
// so problems can be reported as FILE:LINE without a position-aware parser.
struct ElementSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    long line = 1;
};

inline bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}
inline bool is_nct(std::string_view id) {
    return id.size() == 11 && id.substr(0, 3) == "NCT" && all_digits(id.substr(3));
}

}  // namespace kb_loader

// Reads every file, records every problem, and fills the records of a Knowledgebase.
class KnowledgebaseLoader {
public:
    explicit KnowledgebaseLoader(std::filesystem::path directory) : dir_(std::move(directory)) {}

    // Reads and checks everything; afterwards `problems` lists what is wrong (empty: valid).
    void run();

    std::vector<std::string> problems;
    // Filled as the files are read; the Knowledgebase built from them indexes them.
    Knowledgebase::Records records;

private:
    struct JsonFile {
        std::string name;
        std::string path;
        std::string text;
        nlohmann::json doc;
        std::vector<kb_loader::ElementSpan> spans;
        bool ok = false;
    };

    // A line number worked out only when a problem is reported (finding it scans the file).
    struct LazyLine {
        const KnowledgebaseLoader* loader;
        const JsonFile* file;
        std::size_t index;
        const char* field;
        operator long() const { return loader->line_for(*file, index, field); }
    };

    std::filesystem::path dir_;
    std::set<std::string> used_drugs_;
    // When a file could not be read, references into it are not reported again.
    bool genes_ok_ = true;
    bool drugs_ok_ = true;
    bool trials_ok_ = true;

    // knowledgebase_loader.cpp: problems, files and typed field access.
    void problem(const std::string& file, long line, const std::string& message);
    // The JSON document of a file's text; nullopt (with the problem "FILE:LINE: malformed JSON")
    // when it does not parse.
    std::optional<nlohmann::json> parse_json(const std::filesystem::path& path, const std::string& text);
    // Line of `field` inside element `index`, else the element's first line.
    long line_for(const JsonFile& file, std::size_t index, std::string_view field = {}) const;
    JsonFile read_json(const std::string& name, const std::string& key);
    // Typed field access that records a problem instead of throwing.
    std::string get_string(const JsonFile& f, std::size_t i, const nlohmann::json& obj, const char* key, bool required);
    std::vector<std::string> get_strings(const JsonFile& f, std::size_t i, const nlohmann::json& obj, const char* key,
                                         bool required);
    std::optional<double> get_number(const JsonFile& f, std::size_t i, const nlohmann::json& obj, const char* key);
    std::vector<Reference> get_references(const JsonFile& f, std::size_t i, const nlohmann::json& obj, bool required);
    void read_manifest();
    void read_tumor_types();
    void read_gene_tables();
    void read_partner_spans();

    // knowledgebase_records.cpp: the records and the checks across files.
    void parse_genes(const JsonFile& f);
    bool has_locus(const std::string& symbol) const;
    void parse_drugs(const JsonFile& f);
    void parse_trials(const JsonFile& f);
    void check_age_bounds(const std::string& path, long line, std::optional<double> min_age,
                          std::optional<double> max_age);
    void check_tumor_code(const std::string& path, long line, const std::string& code);
    std::set<std::string> gene_symbols() const;
    std::vector<VariantClass> parse_classes(const JsonFile& f, std::size_t i, const nlohmann::json& rule);
    void parse_alleles(const JsonFile& f, std::size_t i, const nlohmann::json& rule, AlterationRule& out);
    void parse_rule(const JsonFile& f, std::size_t i, const nlohmann::json& rule, AlterationRule& out,
                    const std::set<std::string>& genes);
    void parse_evidence(const JsonFile& f);
    const Drug* find_drug(const std::string& name) const;
    const Approval* find_approval(const std::string& id) const;
    const Trial* find_trial(const std::string& nct) const;
    void attach_genomic_keys();
    void cross_check(const JsonFile& drugs, const JsonFile& evidence);
};

}  // namespace pedtx
