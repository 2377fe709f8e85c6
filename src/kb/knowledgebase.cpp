// Loading, validation and indexing of the knowledge base (knowledgebase/*.json).
// Validation collects every problem with FILE:LINE context; loading fails on any.
#include "pedtx/kb/knowledgebase.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "pedtx/core/error.hpp"
#include "pedtx/core/hgvs.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using nlohmann::json;

namespace {

// Byte range and first line of each element of the file's top-level array,
// so problems can be reported as FILE:LINE without a position-aware parser.
struct ElementSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    long line = 1;
};

std::vector<ElementSpan> top_array_elements(const std::string& text) {
    std::vector<ElementSpan> spans;
    int depth = 0;
    bool in_string = false;
    long line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (depth == 2) spans.push_back({i, text.size(), line});
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
            if (depth == 2 && !spans.empty()) spans.back().end = i + 1;
        }
    }
    return spans;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool is_pmid(std::string_view id) { return id.size() <= 9 && all_digits(id); }
bool is_nct(std::string_view id) { return id.size() == 11 && id.substr(0, 3) == "NCT" && all_digits(id.substr(3)); }
bool is_date(std::string_view text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
           all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2));
}

RuleType parse_rule_type(const std::string& name, bool& ok) {
    static const std::vector<std::pair<std::string, RuleType>> names = {
        {"protein_change", RuleType::protein_change},
        {"codon", RuleType::codon},
        {"codon_range", RuleType::codon_range},
        {"exon", RuleType::exon},
        {"loss_of_function", RuleType::loss_of_function},
        {"fusion", RuleType::fusion},
        {"amplification", RuleType::amplification},
        {"deletion", RuleType::deletion},
        {"genomic", RuleType::genomic},
        {"itd", RuleType::itd},
        {"biomarker", RuleType::biomarker},
    };
    for (const auto& [known, type] : names)
        if (known == name) {
            ok = true;
            return type;
        }
    ok = false;
    return RuleType::protein_change;
}

std::optional<Response> parse_response(const std::string& name) {
    if (name == "sensitive") return Response::sensitive;
    if (name == "resistant") return Response::resistant;
    if (name == "not_effective") return Response::not_effective;
    if (name == "prognostic") return Response::prognostic;
    if (name == "diagnostic") return Response::diagnostic;
    return std::nullopt;
}

// Reports link to reference URLs: only http(s) to a named host, never a bare IP address
// or a preview deployment.
std::optional<std::string> unacceptable_url(const std::string& url) {
    std::string_view rest = url;
    if (rest.rfind("https://", 0) == 0) rest.remove_prefix(8);
    else if (rest.rfind("http://", 0) == 0) rest.remove_prefix(7);
    else return std::string("must start with https:// or http://");
    const std::string_view host = rest.substr(0, rest.find_first_of("/:?#"));
    if (host.empty() || host.back() == '.') return std::string("malformed host");
    if (std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return std::string("a bare IP address is not a citable source");
    if (host.size() > 11 && host.substr(host.size() - 11) == ".vercel.app")
        return std::string("a preview deployment is not a citable source");
    return std::nullopt;
}

std::uint64_t position_key(GenomeBuild build, ChromIndex chrom, std::int64_t pos) {
    return (static_cast<std::uint64_t>(build == GenomeBuild::GRCh38) << 63) |
           (static_cast<std::uint64_t>(chrom) << 40) | static_cast<std::uint64_t>(pos);
}

std::size_t build_slot(GenomeBuild build) { return build == GenomeBuild::GRCh38 ? 1 : 0; }

}  // namespace

std::string_view to_string(RuleType type) {
    switch (type) {
        case RuleType::protein_change: return "protein_change";
        case RuleType::codon: return "codon";
        case RuleType::codon_range: return "codon_range";
        case RuleType::exon: return "exon";
        case RuleType::loss_of_function: return "loss_of_function";
        case RuleType::fusion: return "fusion";
        case RuleType::amplification: return "amplification";
        case RuleType::deletion: return "deletion";
        case RuleType::genomic: return "genomic";
        case RuleType::itd: return "itd";
        case RuleType::biomarker: return "biomarker";
    }
    return "";
}

std::string_view to_string(Response response) {
    switch (response) {
        case Response::sensitive: return "sensitive";
        case Response::resistant: return "resistant";
        case Response::not_effective: return "not_effective";
        case Response::prognostic: return "prognostic";
        case Response::diagnostic: return "diagnostic";
    }
    return "";
}

std::string AlterationRule::display_name() const {
    const auto classes_text = [&]() {
        std::vector<std::string> names;
        for (const auto cls : classes) names.emplace_back(to_string(cls));
        return names.empty() ? std::string("alteration") : join(names, "/");
    };
    switch (type) {
        case RuleType::protein_change: return change;
        case RuleType::codon:
            return (ref_aa ? std::string(1, ref_aa) : std::string()) + std::to_string(codon) + " (any)";
        case RuleType::codon_range:
            return "codons " + std::to_string(start) + "-" + std::to_string(end) + " " + classes_text();
        case RuleType::exon: return "exon " + std::to_string(exon) + " " + classes_text();
        case RuleType::loss_of_function:
            return before_last_exon ? "loss of function (before the last exon)" : "loss of function";
        case RuleType::fusion: return five_prime + "::" + three_prime;
        case RuleType::amplification: return "amplification";
        case RuleType::deletion: return "deletion";
        case RuleType::genomic:
            if (!change.empty()) return change;
            if (!genomic_keys.empty())
                return std::string(chrom_name(genomic_keys[0].chrom)) + ":" +
                       std::to_string(genomic_keys[0].pos) + " " + genomic_keys[0].ref + ">" +
                       genomic_keys[0].alt;
            return "genomic";
        case RuleType::itd: {
            std::string name = "ITD";
            if (!exons.empty()) {
                std::vector<std::string> numbers;
                for (const auto e : exons) numbers.push_back(std::to_string(e));
                name += std::string(exons.size() == 1 ? " (exon " : " (exons ") + join(numbers, "/") + ")";
            }
            return name;
        }
        case RuleType::biomarker: return biomarker;
    }
    return "";
}

// Reads every file, records every problem, and fills the Knowledgebase.
class KnowledgebaseLoader {
public:
    explicit KnowledgebaseLoader(std::filesystem::path directory) : dir_(std::move(directory)) {}

    std::vector<std::string> problems;
    Knowledgebase kb;

    void run() {
        kb.info_.directory = dir_;
        if (!std::filesystem::is_directory(dir_)) {
            problems.push_back(dir_.string() + ": knowledge-base directory not found");
            return;
        }
        read_manifest();
        read_tumor_types();
        read_gene_tables();
        read_partner_spans();
        auto genes = read_json("genes.json", "genes");
        auto drugs = read_json("drugs.json", "drugs");
        auto trials = read_json("trials.json", "trials");
        auto evidence = read_json("evidence.json", "evidence");
        genes_ok_ = genes.ok;
        drugs_ok_ = drugs.ok;
        trials_ok_ = trials.ok;
        parse_genes(genes);
        parse_drugs(drugs);
        parse_trials(trials);
        parse_evidence(evidence);
        attach_genomic_keys();
        cross_check(drugs, evidence);
    }

private:
    struct JsonFile {
        std::string name;
        std::string path;
        std::string text;
        json doc;
        std::vector<ElementSpan> spans;
        bool ok = false;
    };

    std::filesystem::path dir_;
    std::set<std::string> used_drugs_;
    // When a file could not be read, references into it are not reported again.
    bool genes_ok_ = true;
    bool drugs_ok_ = true;
    bool trials_ok_ = true;

    void problem(const std::string& file, long line, const std::string& message) {
        problems.push_back(at_line(file, line, message));
    }

    // A line number worked out only when a problem is reported (finding it scans the file).
    struct LazyLine {
        const KnowledgebaseLoader* loader;
        const JsonFile* file;
        std::size_t index;
        const char* field;
        operator long() const { return loader->line_for(*file, index, field); }
    };

    // Line of `field` inside element `index`, else the element's first line.
    long line_for(const JsonFile& file, std::size_t index, std::string_view field = {}) const {
        if (index >= file.spans.size()) return 1;
        const auto& span = file.spans[index];
        if (!field.empty()) {
            const std::string needle = "\"" + std::string(field) + "\"";
            const auto at = file.text.find(needle, span.begin);
            if (at != std::string::npos && at < span.end) return line_of_offset(file.text, at);
        }
        return span.line;
    }

    JsonFile read_json(const std::string& name, const std::string& key) {
        JsonFile file;
        file.name = name;
        file.path = (dir_ / name).string();
        try {
            file.text = read_text_file(dir_ / name);
        } catch (const IoError&) {
            problem(file.path, 0, "missing knowledge-base file");
            return file;
        }
        try {
            file.doc = json::parse(file.text);
        } catch (const json::parse_error& e) {
            problem(file.path, line_of_offset(file.text, e.byte > 0 ? e.byte - 1 : 0),
                    std::string("malformed JSON: ") + e.what());
            return file;
        }
        if (!file.doc.is_object() || !file.doc.contains(key) || !file.doc[key].is_array()) {
            problem(file.path, 1, "expected an object with an array \"" + key + "\"");
            return file;
        }
        file.spans = top_array_elements(file.text);
        if (file.spans.size() != file.doc[key].size()) file.spans.resize(file.doc[key].size());
        file.ok = true;
        return file;
    }

    // Typed field access that records a problem instead of throwing.
    std::string get_string(const JsonFile& f, std::size_t i, const json& obj, const char* key,
                           bool required) {
        if (!obj.contains(key)) {
            if (required) problem(f.path, line_for(f, i), std::string("missing field \"") + key + "\"");
            return {};
        }
        if (!obj[key].is_string()) {
            problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" must be a string");
            return {};
        }
        const std::string value = obj[key].get<std::string>();
        if (required && value.empty())
            problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" is empty");
        return value;
    }

    std::vector<std::string> get_strings(const JsonFile& f, std::size_t i, const json& obj,
                                         const char* key, bool required) {
        std::vector<std::string> out;
        if (!obj.contains(key)) {
            if (required) problem(f.path, line_for(f, i), std::string("missing field \"") + key + "\"");
            return out;
        }
        if (!obj[key].is_array()) {
            problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" must be an array");
            return out;
        }
        for (const auto& v : obj[key]) {
            if (!v.is_string()) {
                problem(f.path, line_for(f, i, key),
                        std::string("field \"") + key + "\" must hold strings");
                continue;
            }
            out.push_back(v.get<std::string>());
        }
        return out;
    }

    std::optional<double> get_number(const JsonFile& f, std::size_t i, const json& obj,
                                     const char* key) {
        if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
        if (!obj[key].is_number()) {
            problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" must be a number");
            return std::nullopt;
        }
        return obj[key].get<double>();
    }

    std::vector<Reference> get_references(const JsonFile& f, std::size_t i, const json& obj,
                                          bool required) {
        std::vector<Reference> refs;
        if (!obj.contains("references") || !obj["references"].is_array() || obj["references"].empty()) {
            if (required)
                problem(f.path, line_for(f, i, "references"),
                        "at least one reference (PMID, NCT id, label or guideline) is required");
            return refs;
        }
        for (const auto& r : obj["references"]) {
            const LazyLine line{this, &f, i, "references"};
            if (!r.is_object() || !r.contains("type") || !r.contains("id") || !r["type"].is_string() ||
                !r["id"].is_string()) {
                problem(f.path, line, "a reference needs string fields \"type\" and \"id\"");
                continue;
            }
            Reference ref;
            ref.type = r["type"].get<std::string>();
            ref.id = r["id"].get<std::string>();
            if (r.contains("year") && r["year"].is_number_integer()) ref.year = r["year"].get<int>();
            if (r.contains("url") && r["url"].is_string()) {
                ref.url = r["url"].get<std::string>();
                if (const auto why = unacceptable_url(ref.url)) problem(f.path, line, "url " + ref.url + ": " + *why);
            }
            if (ref.type == "pmid") {
                if (!is_pmid(ref.id))
                    problem(f.path, line, "malformed PMID \"" + ref.id + "\" (digits only)");
            } else if (ref.type == "nct") {
                if (!is_nct(ref.id))
                    problem(f.path, line, "malformed NCT id \"" + ref.id + "\" (NCT + 8 digits)");
            } else if (ref.type == "fda_label" || ref.type == "ema_label") {
                if (ref.year < 1990 || ref.year > 2100)
                    problem(f.path, line, "label reference \"" + ref.id + "\" needs a year");
            } else if (ref.type != "guideline") {
                problem(f.path, line, "unknown reference type \"" + ref.type + "\"");
            }
            refs.push_back(std::move(ref));
        }
        return refs;
    }

    void read_manifest() {
        const auto path = dir_ / "manifest.json";
        std::string text;
        try {
            text = read_text_file(path);
        } catch (const IoError&) {
            problem(path.string(), 0, "missing manifest (run scripts/kb_manifest.py)");
            return;
        }
        kb.info_.sha256 = sha256_hex(text);
        json doc;
        try {
            doc = json::parse(text);
        } catch (const json::parse_error& e) {
            problem(path.string(), line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0),
                    std::string("malformed JSON: ") + e.what());
            return;
        }
        for (const char* key : {"name", "version", "release_date"}) {
            if (!doc.contains(key) || !doc[key].is_string())
                problem(path.string(), 1, std::string("manifest needs a string \"") + key + "\"");
        }
        if (problems.empty() || doc.contains("name")) {
            kb.info_.name = doc.value("name", "");
            kb.info_.version = doc.value("version", "");
            kb.info_.release_date = doc.value("release_date", "");
        }
        if (!doc.contains("files") || !doc["files"].is_object()) {
            problem(path.string(), 1, "manifest needs an object \"files\" of sha256 checksums");
            return;
        }
        for (const auto& [name, hash] : doc["files"].items()) {
            const long line = line_of_offset(text, text.find("\"" + name + "\""));
            const auto file = dir_ / name;
            if (!std::filesystem::exists(file)) {
                problem(path.string(), line, "listed file " + name + " does not exist");
                continue;
            }
            if (!hash.is_string() || sha256_file(file) != hash.get<std::string>())
                problem(path.string(), line,
                        "sha256 of " + name + " does not match (file changed: run scripts/kb_manifest.py)");
        }
        // Every data file must be listed, so that the manifest's digest (kb.info_.sha256, written
        // into every report) covers all the knowledge base says: the files scripts/kb_manifest.py
        // lists, i.e. all but manifest.json, FORMAT.md, README*, CHANGELOG*, hidden and *.tmp files.
        std::error_code error;
        std::vector<std::string> unlisted;
        for (auto it = std::filesystem::recursive_directory_iterator(dir_, error);
             !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
            const std::string rel = it->path().lexically_relative(dir_).generic_string();
            const std::string base = it->path().filename().string();
            if (base.starts_with(".")) {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file() || rel == "manifest.json" || rel == "FORMAT.md" || base.starts_with("README") ||
                base.starts_with("CHANGELOG") || rel.ends_with(".tmp"))
                continue;
            if (!doc["files"].contains(rel)) unlisted.push_back(rel);
        }
        std::sort(unlisted.begin(), unlisted.end());
        for (const auto& rel : unlisted)
            problem(path.string(), 1,
                    rel +
                        " is not listed in \"files\": every data file must be checksummed (run "
                        "scripts/kb_manifest.py)");
    }

    void read_tumor_types() {
        try {
            kb.tumor_types_ = TumorTypeTree::load(dir_ / "tumor_types.tsv", dir_ / "tumor_type_aliases.tsv");
        } catch (const Error& e) {
            problems.push_back(e.what());
        }
    }

    void read_gene_tables() {
        for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
            const auto path = dir_ / ("gene_table." + std::string(to_string(build)) + ".tsv");
            std::string text;
            try {
                text = read_text_file(path);
            } catch (const IoError&) {
                problem(path.string(), 0, "missing gene table (run scripts/derive_gene_table.py)");
                continue;
            }
            std::vector<std::string_view> header;
            long line_number = 0;
            auto column = [&](std::string_view name) -> int {
                for (std::size_t i = 0; i < header.size(); ++i)
                    if (header[i] == name) return static_cast<int>(i);
                return -1;
            };
            int c_symbol = -1, c_chrom = -1, c_start = -1, c_end = -1, c_strand = -1, c_refseq = -1,
                c_ensembl = -1, c_tx_start = -1, c_tx_end = -1, c_cds_start = -1, c_cds_end = -1, c_exon_starts = -1, c_exon_ends = -1;
            for (const auto line : split_view(text, '\n')) {
                ++line_number;
                if (line.empty() || line[0] == '#') continue;
                const auto fields = split_view(line, '\t');
                if (header.empty()) {
                    header = fields;
                    c_symbol = column("symbol");
                    c_chrom = column("chrom");
                    c_start = column("span_start");
                    c_end = column("span_end");
                    c_strand = column("strand");
                    c_refseq = column("mane_refseq");
                    c_ensembl = column("mane_ensembl");
                    c_tx_start = column("tx_start");
                    c_tx_end = column("tx_end");
                    c_cds_start = column("cds_start");
                    c_cds_end = column("cds_end");
                    c_exon_starts = column("exon_starts");
                    c_exon_ends = column("exon_ends");
                    if (c_symbol < 0 || c_chrom < 0 || c_start < 0 || c_end < 0) {
                        problem(path.string(), line_number,
                                "header needs symbol, chrom, span_start, span_end");
                        break;
                    }
                    continue;
                }
                if (fields.size() < header.size()) {
                    problem(path.string(), line_number, "expected " + std::to_string(header.size()) + " columns");
                    continue;
                }
                GeneLocus locus;
                locus.symbol = std::string(fields[c_symbol]);
                locus.chrom = chrom_index(fields[c_chrom]);
                try {
                    locus.span_start = std::stoll(std::string(fields[c_start]));
                    locus.span_end = std::stoll(std::string(fields[c_end]));
                } catch (const std::exception&) {
                    problem(path.string(), line_number, "span_start/span_end must be integers");
                    continue;
                }
                if (c_strand >= 0 && !fields[c_strand].empty()) locus.strand = fields[c_strand][0];
                if (c_refseq >= 0) locus.mane_refseq = std::string(fields[c_refseq]);
                if (c_ensembl >= 0) locus.mane_ensembl = std::string(fields[c_ensembl]);
                try {
                    if (c_tx_start >= 0 && !fields[c_tx_start].empty())
                        locus.tx_start = std::stoll(std::string(fields[c_tx_start]));
                    if (c_tx_end >= 0 && !fields[c_tx_end].empty()) locus.tx_end = std::stoll(std::string(fields[c_tx_end]));
                    if (c_cds_start >= 0 && c_cds_end >= 0 && !fields[c_cds_start].empty() &&
                        !fields[c_cds_end].empty()) {
                        locus.cds_start = std::stoll(std::string(fields[c_cds_start]));
                        locus.cds_end = std::stoll(std::string(fields[c_cds_end]));
                        if (locus.cds_start > locus.cds_end) throw std::invalid_argument("cds_start after cds_end");
                    }
                    if (c_exon_starts >= 0 && c_exon_ends >= 0 && !fields[c_exon_starts].empty()) {
                        const auto starts = split_view(fields[c_exon_starts], ',');
                        const auto ends = split_view(fields[c_exon_ends], ',');
                        if (starts.size() != ends.size()) throw std::invalid_argument("exon lists differ in length");
                        for (std::size_t e = 0; e < starts.size(); ++e)
                            locus.exons.emplace_back(std::stoll(std::string(starts[e])), std::stoll(std::string(ends[e])));
                    }
                } catch (const std::exception&) {
                    problem(path.string(), line_number, "malformed transcript or exon coordinates");
                    continue;
                }
                if (locus.chrom == kNoChrom) {
                    problem(path.string(), line_number, "unknown chromosome");
                    continue;
                }
                kb.loci_[build_slot(build)].push_back(std::move(locus));
            }
        }
    }

    void read_partner_spans() {
        for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
            const auto path = dir_ / ("partner_spans." + std::string(to_string(build)) + ".tsv");
            if (!std::filesystem::exists(path)) continue;  // optional: partners then stay unnamed
            const std::string text = read_text_file(path);
            long line_number = 0;
            bool header = false;
            auto& loci = kb.partner_loci_[build_slot(build)];
            for (const auto line : split_view(text, '\n')) {
                ++line_number;
                if (line.empty() || line[0] == '#') continue;
                if (!header) {
                    header = true;
                    continue;
                }
                const auto fields = split_view(line, '\t');
                GeneLocus locus;
                try {
                    if (fields.size() < 5) throw std::invalid_argument("columns");
                    locus.symbol = std::string(fields[0]);
                    locus.chrom = chrom_index(fields[1]);
                    const auto number = [](std::string_view digits) {
                        std::int64_t value = 0;
                        const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), value);
                        if (r.ec != std::errc() || r.ptr != digits.data() + digits.size())
                            throw std::invalid_argument("number");
                        return value;
                    };
                    locus.span_start = number(fields[2]);
                    locus.span_end = number(fields[3]);
                    locus.strand = fields[4].empty() ? '+' : fields[4][0];
                } catch (const std::exception&) {
                    problem(path.string(), line_number, "expected symbol, chrom, start, end, strand");
                    continue;
                }
                loci.push_back(std::move(locus));
            }
            const auto by_position = [](const GeneLocus& a, const GeneLocus& b) {
                return std::tie(a.chrom, a.span_start, a.symbol) < std::tie(b.chrom, b.span_start, b.symbol);
            };
            if (!std::is_sorted(loci.begin(), loci.end(), by_position))
                std::sort(loci.begin(), loci.end(), by_position);
        }
    }

    void parse_genes(const JsonFile& f) {
        if (!f.ok) return;
        std::set<std::string> seen;
        const auto& items = f.doc["genes"];
        for (std::size_t i = 0; i < items.size(); ++i) {
            const json& g = items[i];
            if (!g.is_object()) {
                problem(f.path, line_for(f, i), "a gene must be an object");
                continue;
            }
            Gene gene;
            gene.symbol = get_string(f, i, g, "symbol", true);
            gene.hgnc_id = get_string(f, i, g, "hgnc_id", true);
            gene.aliases = get_strings(f, i, g, "aliases", false);
            gene.role = get_string(f, i, g, "role", false);
            if (!seen.insert(gene.symbol).second)
                problem(f.path, line_for(f, i, "symbol"), "duplicate gene \"" + gene.symbol + "\"");
            if (!gene.symbol.empty() && !kb.loci_[1].empty() && !has_locus(gene.symbol))
                problem(f.path, line_for(f, i, "symbol"),
                        "gene \"" + gene.symbol + "\" is not in the gene table (run scripts/derive_gene_table.py)");
            kb.genes_.push_back(std::move(gene));
        }
    }

    bool has_locus(const std::string& symbol) const {
        for (const auto& locus : kb.loci_[1])
            if (locus.symbol == symbol) return true;
        return false;
    }

    void parse_drugs(const JsonFile& f) {
        if (!f.ok) return;
        std::set<std::string> seen_drugs, seen_approvals;
        const auto& items = f.doc["drugs"];
        for (std::size_t i = 0; i < items.size(); ++i) {
            const json& d = items[i];
            if (!d.is_object()) {
                problem(f.path, line_for(f, i), "a drug must be an object");
                continue;
            }
            Drug drug;
            drug.name = get_string(f, i, d, "name", true);
            if (drug.name != to_lower(drug.name))
                problem(f.path, line_for(f, i, "name"), "drug names are lower-case generic names");
            drug.synonyms = get_strings(f, i, d, "synonyms", false);
            drug.drug_class = get_string(f, i, d, "class", false);
            drug.targets = get_strings(f, i, d, "targets", false);
            if (!seen_drugs.insert(drug.name).second)
                problem(f.path, line_for(f, i, "name"), "duplicate drug \"" + drug.name + "\"");
            if (d.contains("approvals")) {
                if (!d["approvals"].is_array()) {
                    problem(f.path, line_for(f, i, "approvals"), "\"approvals\" must be an array");
                } else {
                    for (const auto& a : d["approvals"]) {
                        Approval approval;
                        const LazyLine line{this, &f, i, "approvals"};
                        if (!a.is_object()) {
                            problem(f.path, line, "an approval must be an object");
                            continue;
                        }
                        approval.id = get_string(f, i, a, "id", true);
                        approval.drug = drug.name;
                        approval.agency = get_string(f, i, a, "agency", true);
                        if (approval.agency != "FDA" && approval.agency != "EMA")
                            problem(f.path, line, "approval agency must be FDA or EMA");
                        if (a.contains("year") && a["year"].is_number_integer()) approval.year = a["year"].get<int>();
                        if (approval.year < 1990 || approval.year > 2100)
                            problem(f.path, line, "approval \"" + approval.id + "\" needs a year");
                        approval.indication = get_string(f, i, a, "indication", true);
                        approval.tumor_types = get_strings(f, i, a, "tumor_types", false);
                        approval.biomarker = get_string(f, i, a, "biomarker", false);
                        approval.min_age_years = get_number(f, i, a, "min_age_years");
                        if (approval.min_age_years && (*approval.min_age_years < 0 || *approval.min_age_years > 30))
                            problem(f.path, line, "approval \"" + approval.id + "\" has an implausible minimum age");
                        approval.under_age_years = get_number(f, i, a, "under_age_years");
                        if (approval.under_age_years &&
                            (*approval.under_age_years <= approval.min_age_years.value_or(0) ||
                             *approval.under_age_years > 120))
                            problem(f.path, line,
                                    "approval \"" + approval.id +
                                        "\": under_age_years must be above min_age_years (and at most 120)");
                        approval.min_weight_kg = get_number(f, i, a, "min_weight_kg");
                        if (approval.min_weight_kg && (*approval.min_weight_kg <= 0 || *approval.min_weight_kg > 200))
                            problem(f.path, line, "approval \"" + approval.id + "\" has an implausible min_weight_kg");
                        approval.pediatric_formulation = get_string(f, i, a, "pediatric_formulation", false);
                        approval.references = get_references(f, i, a, true);
                        for (const auto& code : approval.tumor_types)
                            check_tumor_code(f.path, line, code);
                        if (!seen_approvals.insert(approval.id).second)
                            problem(f.path, line, "duplicate approval id \"" + approval.id + "\"");
                        drug.approvals.push_back(std::move(approval));
                    }
                }
            }
            kb.drugs_.push_back(std::move(drug));
        }
    }

    void parse_trials(const JsonFile& f) {
        if (!f.ok) return;
        std::set<std::string> seen;
        const auto& items = f.doc["trials"];
        for (std::size_t i = 0; i < items.size(); ++i) {
            const json& t = items[i];
            if (!t.is_object()) {
                problem(f.path, line_for(f, i), "a trial must be an object");
                continue;
            }
            Trial trial;
            trial.nct = get_string(f, i, t, "nct", true);
            if (!is_nct(trial.nct))
                problem(f.path, line_for(f, i, "nct"), "malformed NCT id \"" + trial.nct + "\" (NCT + 8 digits)");
            trial.title = get_string(f, i, t, "title", true);
            trial.phase = get_string(f, i, t, "phase", false);
            trial.min_age_years = get_number(f, i, t, "min_age_years");
            trial.max_age_years = get_number(f, i, t, "max_age_years");
            trial.status = get_string(f, i, t, "status", false);
            trial.status_date = get_string(f, i, t, "status_date", false);
            trial.references = get_references(f, i, t, false);
            check_age_bounds(f.path, line_for(f, i, "min_age_years"), trial.min_age_years, trial.max_age_years);
            if (!seen.insert(trial.nct).second)
                problem(f.path, line_for(f, i, "nct"), "duplicate trial \"" + trial.nct + "\"");
            kb.trials_.push_back(std::move(trial));
        }
    }

    void check_age_bounds(const std::string& path, long line, std::optional<double> min_age,
                          std::optional<double> max_age) {
        if (min_age && (*min_age < 0 || *min_age > 100)) problem(path, line, "minimum age out of range 0-100");
        if (max_age && (*max_age < 0 || *max_age > 130)) problem(path, line, "maximum age out of range 0-130");
        if (min_age && max_age && *min_age > *max_age)
            problem(path, line, "minimum age is above the maximum age");
    }

    void check_tumor_code(const std::string& path, long line, const std::string& code) {
        if (kb.tumor_types_.size() > 0 && !kb.tumor_types_.find(code))
            problem(path, line, "unknown OncoTree code \"" + code + "\"");
    }

    std::set<std::string> gene_symbols() const {
        std::set<std::string> symbols;
        for (const auto& g : kb.genes_) symbols.insert(g.symbol);
        return symbols;
    }

    std::vector<VariantClass> parse_classes(const JsonFile& f, std::size_t i, const json& rule) {
        std::vector<VariantClass> classes;
        for (const auto& name : get_strings(f, i, rule, "classes", false)) {
            if (name == "any") return {};
            if (auto cls = parse_variant_class(name)) classes.push_back(*cls);
            else problem(f.path, line_for(f, i, "classes"), "unknown variant class \"" + name + "\"");
        }
        return classes;
    }

    void parse_rule(const JsonFile& f, std::size_t i, const json& rule, AlterationRule& out,
                    const std::set<std::string>& genes) {
        const LazyLine line{this, &f, i, "alteration"};
        if (!rule.is_object()) {
            problem(f.path, line, "\"alteration\" must be an object");
            return;
        }
        const std::string type = get_string(f, i, rule, "type", true);
        bool ok = false;
        out.type = parse_rule_type(type, ok);
        if (!ok) {
            problem(f.path, line, "unknown alteration type \"" + type + "\"");
            return;
        }
        const auto require_gene = [&](const std::string& symbol, bool allow_any) {
            if (allow_any && symbol == "*") return;
            if (symbol.empty()) problem(f.path, line, "alteration needs a gene");
            else if (genes_ok_ && !genes.count(symbol))
                problem(f.path, line, "unknown gene \"" + symbol + "\" (not in genes.json)");
        };
        const auto get_int = [&](const char* key, std::int32_t& value) {
            if (!rule.contains(key) || !rule[key].is_number_integer()) {
                problem(f.path, line, std::string("alteration needs an integer \"") + key + "\"");
                return;
            }
            value = rule[key].get<std::int32_t>();
        };
        if (out.type != RuleType::fusion && out.type != RuleType::biomarker) {
            out.gene = get_string(f, i, rule, "gene", true);
            require_gene(out.gene, false);
        }
        switch (out.type) {
            case RuleType::protein_change: {
                const std::string change = get_string(f, i, rule, "change", true);
                auto parsed = parse_hgvsp(change);
                if (!parsed) problem(f.path, line, "cannot read protein change \"" + change + "\"");
                else out.change = parsed->normalized;
                if (parsed && parsed->normalized != change)
                    problem(f.path, line, "write the protein change as \"" + parsed->normalized + "\"");
                out.legacy_name = get_string(f, i, rule, "legacy_name", false);
                out.hgvsc = get_strings(f, i, rule, "hgvsc", false);
                if (parsed) {
                    out.start = parsed->start;
                    out.ref_aa = parsed->ref_aa;
                }
                break;
            }
            case RuleType::codon: {
                get_int("codon", out.codon);
                const std::string ref = get_string(f, i, rule, "ref_aa", false);
                if (ref.size() > 1) problem(f.path, line, "ref_aa is one amino-acid letter");
                if (!ref.empty()) out.ref_aa = ref[0];
                break;
            }
            case RuleType::codon_range:
                get_int("start", out.start);
                get_int("end", out.end);
                if (out.start > out.end) problem(f.path, line, "codon range start is after its end");
                out.classes = parse_classes(f, i, rule);
                break;
            case RuleType::exon:
                get_int("exon", out.exon);
                out.classes = parse_classes(f, i, rule);
                break;
            case RuleType::itd:
                if (rule.contains("exons")) {
                    if (!rule["exons"].is_array()) {
                        problem(f.path, line, "\"exons\" must be a list of exon numbers");
                    } else {
                        for (const auto& e : rule["exons"]) {
                            if (!e.is_number_integer() || e.get<std::int64_t>() < 1)
                                problem(f.path, line, "\"exons\" must be a list of exon numbers (1 or more)");
                            else
                                out.exons.push_back(e.get<std::int32_t>());
                        }
                    }
                }
                if (rule.contains("min_length")) {
                    get_int("min_length", out.min_length);
                    if (out.min_length < 1) problem(f.path, line, "\"min_length\" must be 1 or more bases");
                }
                break;
            case RuleType::loss_of_function:
                if (rule.contains("before_last_exon")) {
                    if (!rule["before_last_exon"].is_boolean())
                        problem(f.path, line, "\"before_last_exon\" must be true or false");
                    else
                        out.before_last_exon = rule["before_last_exon"].get<bool>();
                }
                break;
            case RuleType::fusion:
                out.five_prime = get_string(f, i, rule, "five_prime", true);
                out.three_prime = get_string(f, i, rule, "three_prime", true);
                require_gene(out.five_prime, true);
                require_gene(out.three_prime, true);
                if (out.five_prime == "*" && out.three_prime == "*")
                    problem(f.path, line, "a fusion rule needs at least one named partner");
                break;
            case RuleType::genomic: {
                GenomicKey key;
                const auto build = parse_genome_build(get_string(f, i, rule, "build", true));
                if (!build) problem(f.path, line, "genomic rule needs build GRCh37 or GRCh38");
                else key.build = *build;
                key.chrom = chrom_index(get_string(f, i, rule, "chrom", true));
                if (key.chrom == kNoChrom) problem(f.path, line, "genomic rule has an unknown chromosome");
                std::int32_t pos = 0;
                get_int("pos", pos);
                key.pos = pos;
                key.ref = get_string(f, i, rule, "ref", true);
                key.alt = get_string(f, i, rule, "alt", true);
                out.change = get_string(f, i, rule, "change", false);
                out.genomic_keys.push_back(std::move(key));
                break;
            }
            case RuleType::biomarker:
                out.biomarker = get_string(f, i, rule, "name", true);
                if (out.biomarker != "TMB-high" && out.biomarker != "MSI-high")
                    problem(f.path, line, "biomarker must be TMB-high or MSI-high");
                break;
            default:
                break;
        }
    }

    void parse_evidence(const JsonFile& f) {
        if (!f.ok) return;
        const auto genes = gene_symbols();
        std::set<std::string> seen;
        const auto& items = f.doc["evidence"];
        for (std::size_t i = 0; i < items.size(); ++i) {
            const json& e = items[i];
            if (!e.is_object()) {
                problem(f.path, line_for(f, i), "an evidence item must be an object");
                continue;
            }
            EvidenceItem item;
            item.id = get_string(f, i, e, "id", true);
            if (!seen.insert(item.id).second)
                problem(f.path, line_for(f, i, "id"), "duplicate evidence id \"" + item.id + "\"");
            if (!e.contains("alteration")) problem(f.path, line_for(f, i), "missing field \"alteration\"");
            else parse_rule(f, i, e["alteration"], item.alteration, genes);

            const LazyLine tt_line{this, &f, i, "tumor_types"};
            if (!e.contains("tumor_types") || !e["tumor_types"].is_object()) {
                problem(f.path, tt_line, "\"tumor_types\" must be an object with \"codes\" or \"group\"");
            } else {
                const json& tt = e["tumor_types"];
                item.tumor_types.codes = get_strings(f, i, tt, "codes", false);
                item.tumor_types.group = get_string(f, i, tt, "group", false);
                item.tumor_types.exclude = get_strings(f, i, tt, "exclude", false);
                if (item.tumor_types.codes.empty() == item.tumor_types.group.empty())
                    problem(f.path, tt_line, "give either \"codes\" or a tumor-agnostic \"group\"");
                if (!item.tumor_types.group.empty() && item.tumor_types.group != "solid" &&
                    item.tumor_types.group != "hematologic" && item.tumor_types.group != "all")
                    problem(f.path, tt_line, "group must be solid, hematologic or all");
                for (const auto& code : item.tumor_types.codes) check_tumor_code(f.path, tt_line, code);
                for (const auto& code : item.tumor_types.exclude) check_tumor_code(f.path, tt_line, code);
            }

            item.drugs = get_strings(f, i, e, "drugs", true);
            const std::string response = get_string(f, i, e, "response", true);
            if (auto r = parse_response(response)) item.response = *r;
            else problem(f.path, line_for(f, i, "response"), "unknown response \"" + response + "\"");
            const bool needs_drug = item.response == Response::sensitive ||
                                    item.response == Response::resistant ||
                                    item.response == Response::not_effective;
            if (needs_drug && item.drugs.empty())
                problem(f.path, line_for(f, i, "drugs"), "a " + response + " item needs at least one drug");
            for (const auto& drug : item.drugs) {
                used_drugs_.insert(drug);
                if (drugs_ok_ && !find_drug(drug))
                    problem(f.path, line_for(f, i, "drugs"), "unknown drug \"" + drug + "\" (not in drugs.json)");
            }
            const std::string level = get_string(f, i, e, "level", true);
            if (level.size() != 1 || level[0] < 'A' || level[0] > 'D')
                problem(f.path, line_for(f, i, "level"), "level must be A, B, C or D");
            else
                item.level = level[0];
            // "approval": one id; "approvals": several (one label per agency). Not both.
            if (e.contains("approval") && e.contains("approvals"))
                problem(f.path, line_for(f, i, "approvals"),
                        "give either \"approval\" (one id) or \"approvals\" (a list), not both");
            if (const std::string one = get_string(f, i, e, "approval", false); !one.empty())
                item.approval_ids.push_back(one);
            for (auto& id : get_strings(f, i, e, "approvals", false)) {
                if (std::find(item.approval_ids.begin(), item.approval_ids.end(), id) != item.approval_ids.end())
                    problem(f.path, line_for(f, i, "approvals"), "approval \"" + id + "\" is listed twice");
                else
                    item.approval_ids.push_back(std::move(id));
            }
            for (const auto& id : item.approval_ids)
                if (drugs_ok_ && !find_approval(id))
                    problem(f.path, line_for(f, i, e.contains("approvals") ? "approvals" : "approval"),
                            "unknown approval \"" + id + "\"");
            if (e.contains("age")) {
                if (!e["age"].is_object()) {
                    problem(f.path, line_for(f, i, "age"), "\"age\" must be an object");
                } else {
                    item.min_age_years = get_number(f, i, e["age"], "min_years");
                    item.max_age_years = get_number(f, i, e["age"], "max_years");
                    check_age_bounds(f.path, line_for(f, i, "age"), item.min_age_years, item.max_age_years);
                }
            }
            item.summary = get_string(f, i, e, "summary", false);
            item.references = get_references(f, i, e, true);
            item.trials = get_strings(f, i, e, "trials", false);
            for (const auto& nct : item.trials) {
                if (!is_nct(nct))
                    problem(f.path, line_for(f, i, "trials"), "malformed NCT id \"" + nct + "\" (NCT + 8 digits)");
                else if (trials_ok_ && !find_trial(nct))
                    problem(f.path, line_for(f, i, "trials"), "trial " + nct + " is not described in trials.json");
            }
            item.last_reviewed = get_string(f, i, e, "last_reviewed", true);
            if (!item.last_reviewed.empty() && !is_date(item.last_reviewed))
                problem(f.path, line_for(f, i, "last_reviewed"), "last_reviewed must be YYYY-MM-DD");
            kb.evidence_.push_back(std::move(item));
        }
    }

    const Drug* find_drug(const std::string& name) const {
        for (const auto& d : kb.drugs_)
            if (d.name == name) return &d;
        return nullptr;
    }
    const Approval* find_approval(const std::string& id) const {
        for (const auto& d : kb.drugs_)
            for (const auto& a : d.approvals)
                if (a.id == id) return &a;
        return nullptr;
    }
    const Trial* find_trial(const std::string& nct) const {
        for (const auto& t : kb.trials_)
            if (t.nct == nct) return &t;
        return nullptr;
    }

    void attach_genomic_keys() {
        const auto path = dir_ / "genomic_keys.json";
        if (!std::filesystem::exists(path)) {
            problem(path.string(), 0, "missing genomic keys (run scripts/derive_genomic_keys.py)");
            return;
        }
        const std::string text = read_text_file(path);
        json doc;
        try {
            doc = json::parse(text);
        } catch (const json::parse_error& e) {
            problem(path.string(), line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0),
                    std::string("malformed JSON: ") + e.what());
            return;
        }
        if (!doc.contains("keys") || !doc["keys"].is_array()) {
            problem(path.string(), 1, "expected an array \"keys\"");
            return;
        }
        for (const auto& k : doc["keys"]) {
            const std::string gene = k.value("gene", "");
            const std::string change = k.value("change", "");
            for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
                const std::string build_name(to_string(build));
                if (!k.contains(build_name) || !k[build_name].is_object()) continue;
                const auto& c = k[build_name];
                GenomicKey key;
                key.build = build;
                key.chrom = chrom_index(c.value("chrom", ""));
                key.pos = c.value("pos", 0);
                key.ref = c.value("ref", "");
                key.alt = c.value("alt", "");
                if (key.chrom == kNoChrom || key.pos <= 0 || key.ref.empty() || key.alt.empty()) {
                    problem(path.string(), line_of_offset(text, text.find("\"" + change + "\"")),
                            "incomplete genomic key for " + gene + " " + change);
                    continue;
                }
                for (auto& item : kb.evidence_)
                    if (item.alteration.type == RuleType::protein_change && item.alteration.gene == gene &&
                        item.alteration.change == change)
                        item.alteration.genomic_keys.push_back(key);
            }
        }
    }

    void cross_check(const JsonFile& drugs, const JsonFile& evidence) {
        if (!drugs.ok || !evidence.ok) return;
        for (std::size_t i = 0; i < kb.drugs_.size(); ++i)
            if (!used_drugs_.count(kb.drugs_[i].name))
                problem(drugs.path, line_for(drugs, i, "name"),
                        "drug \"" + kb.drugs_[i].name + "\" is not used by any evidence item");
        for (std::size_t i = 0; i < kb.evidence_.size(); ++i) {
            const auto& item = kb.evidence_[i];
            const char* key = item.approval_ids.size() > 1 ? "approvals" : "approval";
            for (const auto& id : item.approval_ids) {
                const Approval* approval = find_approval(id);
                if (approval && std::find(item.drugs.begin(), item.drugs.end(), approval->drug) == item.drugs.end())
                    problem(evidence.path, line_for(evidence, i, key),
                            "approval \"" + id + "\" is for " + approval->drug + ", which this item does not list");
            }
        }
    }
};

std::vector<std::string> Knowledgebase::validate(const std::filesystem::path& directory) {
    KnowledgebaseLoader loader(directory);
    loader.run();
    return loader.problems;
}

std::shared_ptr<const Knowledgebase> Knowledgebase::load(const std::filesystem::path& directory) {
    KnowledgebaseLoader loader(directory);
    loader.run();
    if (!loader.problems.empty()) {
        std::string message = loader.problems.front();
        if (loader.problems.size() > 1)
            message += " (and " + std::to_string(loader.problems.size() - 1) +
                       " more problems; run 'pedtx kb validate')";
        throw KnowledgebaseError(message);
    }
    auto kb = std::shared_ptr<Knowledgebase>(new Knowledgebase(std::move(loader.kb)));
    kb->build_indexes();
    return kb;
}

std::shared_ptr<const Knowledgebase> Knowledgebase::with_gene_annotation(GenomeBuild build,
                                                                        std::vector<GeneLocus> loci) const {
    auto copy = std::shared_ptr<Knowledgebase>(new Knowledgebase(*this));
    copy->partner_loci_[build_slot(build)] = std::move(loci);
    // The indexes hold pointers into the copied vectors: rebuild them.
    copy->gene_by_upper_name_.clear();
    copy->evidence_by_gene_.clear();
    copy->evidence_by_position_.clear();
    copy->mane_by_gene_.clear();
    copy->drug_by_name_.clear();
    copy->approval_by_id_.clear();
    copy->trial_by_nct_.clear();
    for (auto& per_build : copy->spans_)
        for (auto& spans : per_build) spans.clear();
    copy->build_indexes();
    return copy;
}

void Knowledgebase::build_indexes() {
    for (const auto& gene : genes_) {
        gene_by_upper_name_[to_upper(gene.symbol)] = gene.symbol;
    }
    // Aliases never shadow an approved symbol.
    for (const auto& gene : genes_)
        for (const auto& alias : gene.aliases) gene_by_upper_name_.try_emplace(to_upper(alias), gene.symbol);
    for (const auto& item : evidence_) {
        const auto& rule = item.alteration;
        if (!rule.gene.empty()) evidence_by_gene_[rule.gene].push_back(&item);
        for (const auto& partner : {rule.five_prime, rule.three_prime})
            if (!partner.empty() && partner != "*" && partner != rule.gene)
                evidence_by_gene_[partner].push_back(&item);
        for (const auto& key : rule.genomic_keys)
            evidence_by_position_[position_key(key.build, key.chrom, key.pos)].emplace_back(&key, &item);
    }
    for (const auto& drug : drugs_) {
        drug_by_name_[drug.name] = &drug;
        for (const auto& approval : drug.approvals) approval_by_id_[approval.id] = &approval;
    }
    for (const auto& trial : trials_) trial_by_nct_[trial.nct] = &trial;
    for (std::size_t slot = 0; slot < 2; ++slot) {
        auto& loci = loci_[slot];
        std::sort(loci.begin(), loci.end(), [](const GeneLocus& a, const GeneLocus& b) {
            return std::tie(a.chrom, a.span_start, a.symbol) < std::tie(b.chrom, b.span_start, b.symbol);
        });
        for (const auto& locus : loci) {
            spans_[slot][locus.chrom].emplace_back(std::max<std::int64_t>(1, locus.span_start - kGeneSpanPadding),
                                                   locus.span_end + kGeneSpanPadding);
            if (slot == 1 || mane_by_gene_.find(locus.symbol) == mane_by_gene_.end()) {
                auto& ids = mane_by_gene_[locus.symbol];
                ids.clear();
                if (!locus.mane_refseq.empty()) ids.push_back(locus.mane_refseq);
                if (!locus.mane_ensembl.empty()) ids.push_back(locus.mane_ensembl);
            }
        }
        // Merge overlapping spans so the pre-filter is one binary search.
        for (auto& spans : spans_[slot]) {
            std::vector<std::pair<std::int64_t, std::int64_t>> merged;
            for (const auto& span : spans) {
                if (!merged.empty() && span.first <= merged.back().second)
                    merged.back().second = std::max(merged.back().second, span.second);
                else merged.push_back(span);
            }
            spans = std::move(merged);
        }
    }
}

std::optional<std::string_view> Knowledgebase::canonical_gene(std::string_view name) const {
    if (name.empty()) return std::nullopt;
    const auto it = gene_by_upper_name_.find(to_upper(name));
    if (it == gene_by_upper_name_.end()) return std::nullopt;
    return std::string_view(it->second);
}

const Gene* Knowledgebase::gene(std::string_view symbol) const {
    for (const auto& gene : genes_)
        if (gene.symbol == symbol) return &gene;
    return nullptr;
}

bool Knowledgebase::is_fusion_partner_only(std::string_view symbol) const {
    const Gene* g = gene(symbol);
    return g && g->role == "fusion_partner";
}

bool Knowledgebase::is_loss_of_function_gene(std::string_view symbol) const {
    const Gene* g = gene(symbol);
    return g && (g->role == "tumor_suppressor" || g->role == "both");
}

const std::vector<const EvidenceItem*>& Knowledgebase::evidence_for_gene(std::string_view symbol) const {
    static const std::vector<const EvidenceItem*> none;
    const auto it = evidence_by_gene_.find(std::string(symbol));
    return it == evidence_by_gene_.end() ? none : it->second;
}

const std::vector<std::pair<const GenomicKey*, const EvidenceItem*>>* Knowledgebase::evidence_at(
    GenomeBuild build, ChromIndex chrom, std::int64_t pos) const {
    const auto it = evidence_by_position_.find(position_key(build, chrom, pos));
    return it == evidence_by_position_.end() ? nullptr : &it->second;
}

bool Knowledgebase::may_match(GenomeBuild build, ChromIndex chrom, std::int64_t pos) const {
    if (chrom == kNoChrom || chrom >= kChromCount) return false;
    const auto& spans = spans_[build_slot(build)][chrom];
    auto it = std::upper_bound(spans.begin(), spans.end(), pos,
                               [](std::int64_t p, const auto& span) { return p < span.first; });
    if (it != spans.begin() && std::prev(it)->second >= pos) return true;
    return evidence_by_position_.count(position_key(build, chrom, pos)) > 0;
}

const GeneLocus* Knowledgebase::gene_at(GenomeBuild build, ChromIndex chrom, std::int64_t pos) const {
    for (const auto& locus : loci_[build_slot(build)])
        if (locus.chrom == chrom && pos >= locus.span_start - kGeneSpanPadding &&
            pos <= locus.span_end + kGeneSpanPadding)
            return &locus;
    return nullptr;
}

std::vector<const GeneLocus*> Knowledgebase::genes_overlapping(GenomeBuild build, ChromIndex chrom,
                                                              std::int64_t start, std::int64_t end) const {
    std::vector<const GeneLocus*> found;
    for (const auto& locus : loci_[build_slot(build)])
        if (locus.chrom == chrom && locus.span_start <= end && locus.span_end >= start) found.push_back(&locus);
    return found;
}

std::vector<const GeneLocus*> Knowledgebase::partner_genes_overlapping(GenomeBuild build, ChromIndex chrom,
                                                                      std::int64_t pos) const {
    std::vector<const GeneLocus*> found;
    const auto& loci = partner_loci_[build_slot(build)];
    // Loci are sorted by (chrom, start); genes are at most a few Mb long.
    constexpr std::int64_t kLongestGene = 2'500'000;
    auto it = std::lower_bound(loci.begin(), loci.end(), std::make_pair(chrom, pos - kLongestGene),
                               [](const GeneLocus& locus, const std::pair<ChromIndex, std::int64_t>& key) {
                                   return std::tie(locus.chrom, locus.span_start) < std::tie(key.first, key.second);
                               });
    for (; it != loci.end() && it->chrom == chrom && it->span_start <= pos; ++it)
        if (it->span_end >= pos) found.push_back(&*it);
    return found;
}

const GeneLocus* Knowledgebase::locus(GenomeBuild build, std::string_view symbol) const {
    for (const auto& locus : loci_[build_slot(build)])
        if (locus.symbol == symbol) return &locus;
    return nullptr;
}

const std::vector<std::string>& Knowledgebase::mane_transcripts(std::string_view symbol) const {
    static const std::vector<std::string> none;
    const auto it = mane_by_gene_.find(std::string(symbol));
    return it == mane_by_gene_.end() ? none : it->second;
}

const Drug* Knowledgebase::drug(std::string_view name) const {
    const auto it = drug_by_name_.find(std::string(name));
    return it == drug_by_name_.end() ? nullptr : it->second;
}

const Approval* Knowledgebase::approval(std::string_view id) const {
    const auto it = approval_by_id_.find(std::string(id));
    return it == approval_by_id_.end() ? nullptr : it->second;
}

const Trial* Knowledgebase::trial(std::string_view nct) const {
    const auto it = trial_by_nct_.find(std::string(nct));
    return it == trial_by_nct_.end() ? nullptr : it->second;
}

}  // namespace pedtx
