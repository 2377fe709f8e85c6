// The knowledge-base loader, part one: reading the files (manifest and checksums, tumor types,
// gene and partner span tables, JSON arrays with the line of each element) and typed field
// access that records a problem instead of throwing; Knowledgebase::load and ::validate.
// The records themselves are parsed in knowledgebase_records.cpp.
#include "knowledgebase_loader.hpp"

#include <algorithm>
#include <charconv>

#include "pedtx/core/error.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

using kb_loader::all_digits;
using kb_loader::ElementSpan;
using kb_loader::is_nct;
using nlohmann::json;

namespace {

std::vector<ElementSpan> top_array_elements(const std::string& text) {
    std::vector<ElementSpan> spans;
    int depth = 0;
    bool in_string = false;
    long line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
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

bool is_pmid(std::string_view id) {
    return id.size() <= 9 && all_digits(id);
}

// Reports link to reference URLs: only http(s) to a named host, never a bare IP address
// or a preview deployment.
std::optional<std::string> unacceptable_url(const std::string& url) {
    std::string_view rest = url;
    if (rest.rfind("https://", 0) == 0)
        rest.remove_prefix(8);
    else if (rest.rfind("http://", 0) == 0)
        rest.remove_prefix(7);
    else
        return std::string("must start with https:// or http://");
    const std::string_view host = rest.substr(0, rest.find_first_of("/:?#"));
    if (host.empty() || host.back() == '.') return std::string("malformed host");
    if (std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return std::string("a bare IP address is not a citable source");
    if (host.size() > 11 && host.substr(host.size() - 11) == ".vercel.app")
        return std::string("a preview deployment is not a citable source");
    return std::nullopt;
}

}  // namespace

void KnowledgebaseLoader::run() {
    records.info.directory = dir_;
    if (!std::filesystem::is_directory(dir_)) {
        problems.push_back(dir_.string() + ": knowledge-base directory not found");
        return;
    }
    read_manifest();
    read_tumor_types();
    read_gene_tables();
    records.pharmacogenomics = load_pharmacogenomics(dir_, problems);
    records.predisposition = load_predisposition(dir_, problems);
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

void KnowledgebaseLoader::problem(const std::string& file, long line, const std::string& message) {
    problems.push_back(at_line(file, line, message));
}

// Line of `field` inside element `index`, else the element's first line.
long KnowledgebaseLoader::line_for(const JsonFile& file, std::size_t index, std::string_view field) const {
    if (index >= file.spans.size()) return 1;
    const auto& span = file.spans[index];
    if (!field.empty()) {
        const std::string needle = "\"" + std::string(field) + "\"";
        const auto at = file.text.find(needle, span.begin);
        // Counted from the element's own first line: the file is not scanned again from its top.
        if (at != std::string::npos && at < span.end)
            return span.line + static_cast<long>(std::count(file.text.begin() + static_cast<long>(span.begin),
                                                            file.text.begin() + static_cast<long>(at), '\n'));
    }
    return span.line;
}

KnowledgebaseLoader::JsonFile KnowledgebaseLoader::read_json(const std::string& name, const std::string& key) {
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

std::string KnowledgebaseLoader::get_string(const JsonFile& f, std::size_t i, const json& obj, const char* key,
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
    if (required && value.empty()) problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" is empty");
    return value;
}

std::vector<std::string> KnowledgebaseLoader::get_strings(const JsonFile& f, std::size_t i, const json& obj,
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
            problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" must hold strings");
            continue;
        }
        out.push_back(v.get<std::string>());
    }
    return out;
}

std::optional<double> KnowledgebaseLoader::get_number(const JsonFile& f, std::size_t i, const json& obj,
                                                      const char* key) {
    if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
    if (!obj[key].is_number()) {
        problem(f.path, line_for(f, i, key), std::string("field \"") + key + "\" must be a number");
        return std::nullopt;
    }
    return obj[key].get<double>();
}

std::vector<Reference> KnowledgebaseLoader::get_references(const JsonFile& f, std::size_t i, const json& obj,
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
            if (!is_pmid(ref.id)) problem(f.path, line, "malformed PMID \"" + ref.id + "\" (digits only)");
        } else if (ref.type == "nct") {
            if (!is_nct(ref.id)) problem(f.path, line, "malformed NCT id \"" + ref.id + "\" (NCT + 8 digits)");
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

std::optional<json> KnowledgebaseLoader::parse_json(const std::filesystem::path& path, const std::string& text) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        problem(path.string(), line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0),
                std::string("malformed JSON: ") + e.what());
        return std::nullopt;
    }
}

void KnowledgebaseLoader::read_manifest() {
    const auto path = dir_ / "manifest.json";
    std::string text;
    try {
        text = read_text_file(path);
    } catch (const IoError&) {
        problem(path.string(), 0, "missing manifest (run scripts/kb_manifest.py)");
        return;
    }
    records.info.sha256 = sha256_hex(text);
    const auto parsed = parse_json(path, text);
    if (!parsed) return;
    json doc = *parsed;
    for (const char* key : {"name", "version", "release_date"}) {
        if (!doc.contains(key) || !doc[key].is_string())
            problem(path.string(), 1, std::string("manifest needs a string \"") + key + "\"");
    }
    if (problems.empty() || doc.contains("name")) {
        records.info.name = doc.value("name", "");
        records.info.version = doc.value("version", "");
        records.info.release_date = doc.value("release_date", "");
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
    // Every data file must be listed, so that the manifest's digest (records.info.sha256, written
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

void KnowledgebaseLoader::read_tumor_types() {
    try {
        records.tumor_types = TumorTypeTree::load(dir_ / "tumor_types.tsv", dir_ / "tumor_type_aliases.tsv");
    } catch (const Error& e) {
        problems.push_back(e.what());
    }
}

void KnowledgebaseLoader::read_gene_tables() {
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
        int c_symbol = -1, c_chrom = -1, c_start = -1, c_end = -1, c_strand = -1, c_refseq = -1, c_ensembl = -1,
            c_tx_start = -1, c_tx_end = -1, c_cds_start = -1, c_cds_end = -1, c_exon_starts = -1, c_exon_ends = -1;
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
                    problem(path.string(), line_number, "header needs symbol, chrom, span_start, span_end");
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
                if (c_tx_end >= 0 && !fields[c_tx_end].empty())
                    locus.tx_end = std::stoll(std::string(fields[c_tx_end]));
                if (c_cds_start >= 0 && c_cds_end >= 0 && !fields[c_cds_start].empty() && !fields[c_cds_end].empty()) {
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
            records.loci[Knowledgebase::build_slot(build)].push_back(std::move(locus));
        }
    }
}

void KnowledgebaseLoader::read_partner_spans() {
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        const auto path = dir_ / ("partner_spans." + std::string(to_string(build)) + ".tsv");
        if (!std::filesystem::exists(path)) continue;  // optional: partners then stay unnamed
        const std::string text = read_text_file(path);
        long line_number = 0;
        bool header = false;
        auto& loci = records.partner_loci[Knowledgebase::build_slot(build)];
        loci.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
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
        if (!std::is_sorted(loci.begin(), loci.end(), by_position)) std::sort(loci.begin(), loci.end(), by_position);
    }
}

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
            message +=
                " (and " + std::to_string(loader.problems.size() - 1) + " more problems; run 'pedtx kb validate')";
        throw KnowledgebaseError(message);
    }
    return std::shared_ptr<const Knowledgebase>(new Knowledgebase(std::move(loader.records)));
}

}  // namespace pedtx
