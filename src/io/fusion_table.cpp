// Arriba / STAR-Fusion / plain fusion tables to NamedFusion rows.
#include "pedtx/io/fusion_table.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

// "EML4^ENSG00000...": the symbol. Arriba writes "GENE(1234),OTHER(567)" for intergenic
// breakpoints and "A,B" for overlapping genes: keep the first symbol.
std::string clean_gene(std::string_view field) {
    field = trim_view(field);
    if (field == "." || field == "NA") return {};
    for (const char stop : {'^', ',', '('})
        if (const auto at = field.find(stop); at != std::string_view::npos) field = field.substr(0, at);
    return std::string(trim_view(field));
}

// "chr7:138894342:-" or "2:42295554" -> chrom, pos.
bool parse_breakpoint(std::string_view text, std::string& chrom, std::int64_t& pos) {
    const auto fields = split_view(trim_view(text), ':');
    if (fields.size() < 2) return false;
    chrom = std::string(fields[0]);
    const auto digits = fields[1];
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), pos);
    return result.ec == std::errc() && result.ptr == digits.data() + digits.size() && pos > 0 && !chrom.empty();
}

std::int32_t to_count(std::string_view text) {
    std::int32_t value = 0;
    const auto t = trim_view(text);
    const auto result = std::from_chars(t.data(), t.data() + t.size(), value);
    return result.ec == std::errc() ? value : 0;
}

// The table's text; a file that cannot be read is an input error (the user's file).
std::string table_text(const std::filesystem::path& path) {
    try {
        return read_text_file(path);
    } catch (const IoError& e) {
        throw InputError(e.what());
    }
}

}  // namespace

std::optional<std::pair<std::string, std::string>> split_fusion_name(std::string_view name) {
    name = trim_view(name);
    for (const std::string_view separator : {"--", "::", "-", "/", "_"}) {
        const auto at = name.find(separator);
        if (at == std::string_view::npos) continue;
        // "A-B" is ambiguous with hyphenated symbols (H3-3A); only split there when one '-' is present.
        if (separator == "-" && name.find('-', at + 1) != std::string_view::npos) continue;
        return std::make_pair(std::string(trim_view(name.substr(0, at))),
                              std::string(trim_view(name.substr(at + separator.size()))));
    }
    return std::nullopt;
}

FusionTable read_fusion_table(const std::filesystem::path& path) {
    const std::string file = path.string();
    const std::string text = table_text(path);
    FusionTable table;
    std::map<std::string, int> column;
    long line_number = 0;
    const auto col = [&](std::initializer_list<const char*> names) -> int {
        for (const char* name : names)
            if (auto it = column.find(name); it != column.end()) return it->second;
        return -1;
    };
    int c_gene1 = -1, c_gene2 = -1, c_bp1 = -1, c_bp2 = -1, c_name = -1, c_reads1 = -1, c_reads2 = -1, c_reads3 = -1,
        c_strand1 = -1, c_strand2 = -1;
    for (auto line : split_view(text, '\n')) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line.substr(0, 2) == "##") continue;
        const auto fields = split_view(line, '\t');
        if (column.empty()) {
            const auto names = header_names(fields);
            for (std::size_t i = 0; i < names.size(); ++i) column[names[i]] = static_cast<int>(i);
            if (col({"gene1"}) >= 0 && col({"breakpoint1"}) >= 0) {
                table.format = "arriba";
                c_gene1 = col({"gene1"});
                c_gene2 = col({"gene2"});
                c_bp1 = col({"breakpoint1"});
                c_bp2 = col({"breakpoint2"});
                c_reads1 = col({"split_reads1"});
                c_reads2 = col({"split_reads2"});
                c_reads3 = col({"discordant_mates"});
                c_strand1 = col({"strand1(gene/fusion)"});
                c_strand2 = col({"strand2(gene/fusion)"});
            } else if (col({"FusionName"}) >= 0 && col({"LeftGene"}) >= 0) {
                table.format = "star_fusion";
                c_name = col({"FusionName"});
                c_gene1 = col({"LeftGene"});
                c_gene2 = col({"RightGene"});
                c_bp1 = col({"LeftBreakpoint"});
                c_bp2 = col({"RightBreakpoint"});
                c_reads1 = col({"JunctionReadCount", "JunctionReads"});
                c_reads2 = col({"SpanningFragCount"});
            } else if (col({"FusionGene", "fusion", "Fusion"}) >= 0) {
                table.format = "fusion_table";
                c_name = col({"FusionGene", "fusion", "Fusion"});
                c_bp1 = col({"LeftBreakpoint", "breakpoint1"});
                c_bp2 = col({"RightBreakpoint", "breakpoint2"});
                c_reads1 = col({"SplitReads", "split_reads"});
            } else {
                throw InputError(at_line(file, line_number,
                                         "unrecognised fusion table: expected an Arriba header (gene1, gene2, "
                                         "breakpoint1, ...), a STAR-Fusion header (FusionName, LeftGene, ...) or "
                                         "FusionGene/LeftBreakpoint/RightBreakpoint columns"));
            }
            if (c_bp1 < 0 || c_bp2 < 0)
                throw InputError(at_line(file, line_number, "fusion table header lacks breakpoint columns"));
            // Found by fuzzing: a header with gene1 but no gene2 (LeftGene but no RightGene) read
            // the row before its first cell.
            if (table.format != "fusion_table" && (c_gene1 < 0 || c_gene2 < 0))
                throw InputError(at_line(
                    file, line_number,
                    std::string(table.format == "arriba" ? "Arriba" : "STAR-Fusion") + " header lacks the column " +
                        (table.format == "arriba" ? "gene2" : "RightGene") + "; is the header complete?"));
            continue;
        }
        ++table.rows_read;
        const int needed = std::max({c_gene1, c_gene2, c_bp1, c_bp2, c_name});
        if (static_cast<int>(fields.size()) <= needed) {
            table.warnings.emplace_back(
                line_number, at_line(file, line_number,
                                     "expected at least " + std::to_string(needed + 1) + " columns; row skipped"));
            continue;
        }
        NamedFusion fusion;
        fusion.source = table.format;
        if (!parse_breakpoint(fields[c_bp1], fusion.five_prime_chrom, fusion.five_prime_pos) ||
            !parse_breakpoint(fields[c_bp2], fusion.three_prime_chrom, fusion.three_prime_pos)) {
            table.warnings.emplace_back(line_number,
                                        at_line(file, line_number,
                                                "unreadable breakpoint \"" + std::string(fields[c_bp1]) + "\" / \"" +
                                                    std::string(fields[c_bp2]) + "\"; row skipped"));
            continue;
        }
        if (table.format == "fusion_table") {
            const std::string name(trim_view(fields[c_name]));
            const auto partners = split_fusion_name(name);
            if (!partners) {
                table.warnings.emplace_back(
                    line_number, at_line(file, line_number, "fusion name \"" + name + "\" is not A--B; row skipped"));
                continue;
            }
            fusion.five_prime_gene = partners->first;
            fusion.three_prime_gene = partners->second;
        } else {
            fusion.five_prime_gene = clean_gene(fields[c_gene1]);
            fusion.three_prime_gene = clean_gene(fields[c_gene2]);
        }
        if (c_name >= 0 && table.format == "star_fusion") {
            fusion.name = std::string(trim_view(fields[c_name]));
            fusion.named_partners = split_fusion_name(fusion.name);
            if (!fusion.named_partners) fusion.named_partners = std::make_pair(fusion.name, std::string{});
        }
        if (table.format == "arriba" && c_strand1 >= 0 && c_strand2 >= 0) {
            // "+/." : Arriba could not tell the transcribed strand, so gene1 need not be 5'.
            const auto s1 = trim_view(fields[c_strand1]);
            const auto s2 = trim_view(fields[c_strand2]);
            if ((s1.size() == 3 && s1[2] == '.') || (s2.size() == 3 && s2[2] == '.'))
                table.warnings.emplace_back(
                    line_number, at_line(file, line_number,
                                         "Arriba could not tell the fusion's orientation (" + fusion.five_prime_gene +
                                             ", " + fusion.three_prime_gene + "); gene1 taken as 5'"));
        }
        std::int32_t reads = 0;
        for (const int c : {c_reads1, c_reads2, c_reads3})
            if (c >= 0 && c < static_cast<int>(fields.size())) reads += to_count(fields[c]);
        fusion.supporting_reads = (c_reads1 >= 0 || c_reads2 >= 0) ? reads : -1;
        fusion.record = file + ":" + std::to_string(line_number);
        fusion.line = line_number;
        table.fusions.push_back(std::move(fusion));
    }
    if (column.empty()) throw InputError(at_line(file, 1, "empty fusion table"));
    return table;
}

}  // namespace pedtx

namespace pedtx {

namespace {

// The columns of a cBioPortal structural-variant / fusion file; nullopt when the header is not one.
struct CbioportalLayout {
    int sample = -1;
    int gene1 = -1, gene2 = -1;  // data_sv.txt Site1/Site2_Hugo_Symbol, OncoKB GeneA/GeneB
    int chrom1 = -1, pos1 = -1, chrom2 = -1, pos2 = -1;
    int fusion = -1;  // data_fusions.txt Fusion ("EML4-ALK", "ETV6-RUNX1 fusion", "MLL2-intragenic")
    int type = -1;    // Sv_Type / Class / Event_Info
    int reads1 = -1, reads2 = -1;
    int status = -1;  // SV_Status (SOMATIC / GERMLINE)
};

std::optional<CbioportalLayout> cbioportal_layout(const std::vector<std::string>& header) {
    std::map<std::string, int> column;
    for (std::size_t i = 0; i < header.size(); ++i) column.emplace(to_lower(header[i]), static_cast<int>(i));
    const auto col = [&](std::initializer_list<const char*> names) {
        for (const char* name : names)
            if (const auto it = column.find(name); it != column.end()) return it->second;
        return -1;
    };
    CbioportalLayout l;
    l.sample = col({"sample_id", "tumor_sample_barcode"});
    l.gene1 = col({"site1_hugo_symbol", "genea", "gene1"});
    l.gene2 = col({"site2_hugo_symbol", "geneb", "gene2"});
    l.fusion = col({"fusion"});
    if (l.sample < 0 || ((l.gene1 < 0 || l.gene2 < 0) && l.fusion < 0)) return std::nullopt;
    l.chrom1 = col({"site1_chromosome"});
    l.pos1 = col({"site1_position"});
    l.chrom2 = col({"site2_chromosome"});
    l.pos2 = col({"site2_position"});
    l.type = col({"sv_type", "class", "event_info"});
    l.reads1 = col({"tumor_split_read_count", "tumor_read_count"});
    l.reads2 = col({"tumor_paired_end_read_count"});
    l.status = col({"sv_status"});
    return l;
}

// Lines of the table without cBioPortal's '#' header lines and blank lines, with their numbers.
std::vector<std::pair<long, std::string_view>> table_lines(std::string_view text) {
    std::vector<std::pair<long, std::string_view>> lines;
    long number = 0;
    for (auto line : split_view(text, '\n')) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_view(line).empty() || line.front() == '#') continue;
        lines.emplace_back(number, line);
    }
    return lines;
}

std::string_view field_at(const std::vector<std::string_view>& fields, int column) {
    return column < 0 || static_cast<std::size_t>(column) >= fields.size() ? std::string_view{}
                                                                           : trim_view(fields[column]);
}

}  // namespace

std::vector<std::string> fusion_table_samples(const std::filesystem::path& path) {
    const std::string text = table_text(path);
    const auto lines = table_lines(text);
    if (lines.empty()) return {};
    const auto layout = cbioportal_layout(header_names(split_view(lines.front().second, '\t')));
    if (!layout) return {};
    std::vector<std::string> samples;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string id(field_at(split_view(lines[i].second, '\t'), layout->sample));
        if (!id.empty() && std::find(samples.begin(), samples.end(), id) == samples.end()) samples.push_back(id);
    }
    return samples;
}

FusionTable read_fusion_table(const std::filesystem::path& path, const std::string& sample) {
    const std::string file = path.string();
    const std::string text = table_text(path);
    const auto lines = table_lines(text);
    if (lines.empty()) throw InputError(at_line(file, 1, "empty fusion table"));
    const auto header = header_names(split_view(lines.front().second, '\t'));
    const auto layout = cbioportal_layout(header);
    if (!layout) return read_fusion_table(path);
    const CbioportalLayout& l = *layout;
    FusionTable table;
    table.format = l.fusion >= 0 && l.gene1 < 0 ? "cbioportal_fusion" : "cbioportal_sv";
    std::vector<std::string> seen;  // data_fusions.txt lists a fusion once per partner gene
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto [line_number, line] = lines[i];
        const auto fields = split_view(line, '\t');
        if (fields == split_view(lines.front().second, '\t')) continue;  // a header repeated mid-file
        if (field_at(fields, l.sample) != sample) continue;
        ++table.rows_read;
        if (fields.size() > header.size()) {
            table.warnings.emplace_back(line_number,
                                        at_line(file, line_number, "row has more fields than the header; row skipped"));
            continue;
        }
        if (iequals(field_at(fields, l.status), "GERMLINE")) {
            table.warnings.emplace_back(
                line_number, at_line(file, line_number, "SV_Status GERMLINE: not a somatic fusion; row skipped"));
            continue;
        }
        NamedFusion fusion;
        fusion.source = table.format;
        fusion.record = file + ":" + std::to_string(line_number);
        fusion.line = line_number;
        fusion.partner_order_known = false;
        std::string name;
        if (l.gene1 >= 0 && l.gene2 >= 0) {
            fusion.five_prime_gene = clean_gene(field_at(fields, l.gene1));
            fusion.three_prime_gene = clean_gene(field_at(fields, l.gene2));
            name = fusion.five_prime_gene + "-" + fusion.three_prime_gene;
        } else {
            name = std::string(field_at(fields, l.fusion));
            std::string_view core = name;
            for (const std::string_view suffix : {" fusion", " Fusion", " FUSION"})
                if (core.ends_with(suffix)) core.remove_suffix(suffix.size());
            const auto partners = split_fusion_name(core);
            if (!partners || partners->second.empty() || iequals(partners->second, "intragenic")) {
                table.warnings.emplace_back(
                    line_number, at_line(file, line_number,
                                         "\"" + name + "\" is not a fusion of two genes (intragenic or unnamed); " +
                                             "not matched as a fusion"));
                continue;
            }
            fusion.five_prime_gene = partners->first;
            fusion.three_prime_gene = partners->second;
        }
        const auto type = field_at(fields, l.type);
        if (fusion.five_prime_gene.empty() && fusion.three_prime_gene.empty()) {
            table.warnings.emplace_back(line_number, at_line(file, line_number, "no gene named; row skipped"));
            continue;
        }
        if (fusion.five_prime_gene == fusion.three_prime_gene) {
            table.warnings.emplace_back(
                line_number, at_line(file, line_number,
                                     "intragenic " + (type.empty() ? std::string("event") : to_lower(type)) + " in " +
                                         fusion.five_prime_gene + ": not a fusion; not matched"));
            continue;
        }
        const std::string key = std::min(fusion.five_prime_gene, fusion.three_prime_gene) + "\t" +
                                std::max(fusion.five_prime_gene, fusion.three_prime_gene);
        if (table.format == "cbioportal_fusion") {
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            seen.push_back(key);
        }
        std::int64_t pos = 0;
        const auto p1 = field_at(fields, l.pos1), p2 = field_at(fields, l.pos2);
        if (std::from_chars(p1.data(), p1.data() + p1.size(), pos).ec == std::errc() && pos > 0) {
            fusion.five_prime_chrom = std::string(field_at(fields, l.chrom1));
            fusion.five_prime_pos = pos;
        }
        pos = 0;
        if (std::from_chars(p2.data(), p2.data() + p2.size(), pos).ec == std::errc() && pos > 0) {
            fusion.three_prime_chrom = std::string(field_at(fields, l.chrom2));
            fusion.three_prime_pos = pos;
        }
        if (l.reads1 >= 0 || l.reads2 >= 0)
            fusion.supporting_reads = to_count(field_at(fields, l.reads1)) + to_count(field_at(fields, l.reads2));
        fusion.name = name;
        table.fusions.push_back(std::move(fusion));
    }
    return table;
}

}  // namespace pedtx
