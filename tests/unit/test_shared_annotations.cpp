// Conformance of the annotation parsers on real annotator output from
// ../shared/testdata/annotated_csq_ann_bcsq (VEP, SnpEff, bcftools csq).
// Every protein change the annotators wrote must be understood.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "pedtx/core/error.hpp"
#include "pedtx/core/hgvs.hpp"
#include "pedtx/io/annotation.hpp"
#include "pedtx/io/vcf_reader.hpp"
#include "pedtx/util/text.hpp"

using namespace pedtx;

namespace {

const std::filesystem::path kShared = std::filesystem::path(PEDTX_SHARED_DIR) / "testdata/annotated_csq_ann_bcsq";

struct Tally {
    int files = 0;
    int records = 0;
    int entries = 0;
    int protein_changes = 0;
    std::vector<std::string> unparsed;
    std::map<AnnotationFormat, int> by_format;
};

// Protein fields that are legitimately not a single protein change.
bool exempt(std::string_view text) {
    return text.empty() || text.find('@') != std::string_view::npos || text == "p.?" ||
           text.find("p.0") != std::string_view::npos;
}

// Files that htslib refuses (no ##fileformat line, as SnpEff's own test files) are read as
// plain text here, so their annotations still exercise the parser.
void scan_as_text(const std::filesystem::path& path, Tally& tally,
                  const std::function<void(const AnnotationLayout&, std::string_view)>& on_value) {
    std::ifstream in(path);
    std::string line;
    std::vector<InfoHeaderLine> info;
    std::vector<std::string> data;
    while (std::getline(in, line)) {
        if (line.rfind("##INFO=<ID=", 0) == 0) {
            const auto comma = line.find(',');
            const auto description = line.find("Description=\"");
            if (comma == std::string::npos || description == std::string::npos) continue;
            const auto end = line.rfind('"');
            info.push_back({line.substr(11, comma - 11), line.substr(description + 13, end - description - 13)});
        } else if (!line.empty() && line[0] != '#') {
            data.push_back(line);
        }
    }
    AnnotationLayout layout = detect_annotation_layout(info);
    if (layout.format == AnnotationFormat::none) {
        // Header-less SnpEff test files: infer from the tag used in the records.
        if (!data.empty() && data[0].find("ANN=") != std::string::npos)
            layout = detect_annotation_layout({{"ANN", "Functional annotations: 'Allele | Annotation'"}});
        else if (!data.empty() && data[0].find("EFF=") != std::string::npos)
            layout = detect_annotation_layout({{"EFF", "Predicted effects. Format: 'Effect ( Effect_Impact )'"}});
        else
            return;
    }
    ++tally.files;
    ++tally.by_format[layout.format];
    for (const auto& record : data) {
        const auto columns = split_view(record, '\t');
        if (columns.size() < 8) continue;
        ++tally.records;
        for (const auto field : split_view(columns[7], ';'))
            if (field.substr(0, layout.tag.size() + 1) == layout.tag + "=")
                on_value(layout, field.substr(layout.tag.size() + 1));
    }
}

Tally scan(const std::filesystem::path& folder) {
    Tally tally;
    const auto count_entries = [&](const std::filesystem::path& path, const AnnotationLayout& layout,
                                   std::string_view value) {
        for_each_consequence(value, layout, [&](const TranscriptConsequence& c) {
            ++tally.entries;
            std::string_view protein = layout.format == AnnotationFormat::bcftools_csq ? c.protein_bcsq : c.hgvsp;
            if (exempt(protein)) return;
            ++tally.protein_changes;
            const bool ok = layout.format == AnnotationFormat::bcftools_csq ? parse_bcsq_protein(protein).has_value()
                                                                            : parse_hgvsp(protein).has_value();
            if (!ok) tally.unparsed.push_back(path.filename().string() + ": " + std::string(protein));
        });
    };
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        const auto path = entry.path();
        if (path.extension() != ".vcf") continue;
        std::unique_ptr<VcfReader> reader;
        try {
            reader = std::make_unique<VcfReader>(path);
        } catch (const InputError&) {
            scan_as_text(path, tally, [&](const AnnotationLayout& layout, std::string_view value) {
                count_entries(path, layout, value);
            });
            continue;
        }
        const AnnotationLayout layout = reader->annotation_layout();
        if (layout.format == AnnotationFormat::none) continue;
        ++tally.files;
        ++tally.by_format[layout.format];
        try {
            while (reader->next()) {
                ++tally.records;
                count_entries(path, layout, reader->record().info_string(layout.tag));
            }
        } catch (const InputError&) {
        }
    }
    return tally;
}

}  // namespace

TEST_CASE("real VEP, SnpEff and bcftools csq annotations parse", "[shared][annotation]") {
    if (!std::filesystem::exists(kShared)) {
        WARN("SKIPPED: " << kShared.string() << " not found; annotation conformance not run");
        return;
    }
    const Tally tally = scan(kShared);
    INFO("files " << tally.files << ", records " << tally.records << ", entries " << tally.entries);
    CHECK(tally.by_format.at(AnnotationFormat::vep) >= 10);
    CHECK(tally.by_format.at(AnnotationFormat::snpeff_ann) >= 5);
    CHECK(tally.by_format.at(AnnotationFormat::bcftools_csq) >= 3);
    CHECK(tally.by_format.at(AnnotationFormat::snpeff_eff) >= 1);
    CHECK(tally.protein_changes > 300);
    for (std::size_t i = 0; i < tally.unparsed.size() && i < 40; ++i) UNSCOPED_INFO(tally.unparsed[i]);
    CHECK(tally.unparsed.size() == 0);
}

TEST_CASE("VEP split-vep.vcf: %3D in HGVSp, MANE/canonical flags, exon numbers", "[shared][annotation][vep]") {
    const auto path = kShared / "bcftools/split-vep.vcf";
    if (!std::filesystem::exists(path)) {
        WARN("SKIPPED: " << path.string() << " not found");
        return;
    }
    VcfReader reader(path);
    const auto layout = reader.annotation_layout();
    REQUIRE(layout.format == AnnotationFormat::vep);
    int records = 0, synonymous = 0, canonical = 0, exons = 0;
    while (reader.next()) {
        ++records;
        for_each_consequence(reader.record().info_string(layout.tag), layout, [&](const TranscriptConsequence& c) {
            if (c.canonical) ++canonical;
            if (parse_exon_number(c.exon) > 0) ++exons;
            if (!c.hgvsp.empty()) {
                const auto change = parse_hgvsp(strip_hgvs_prefix(c.hgvsp));
                if (change && change->synonymous) ++synonymous;
            }
        });
    }
    CHECK(records == 802);
    CHECK(synonymous > 0);  // written as p.%3D or p.Xxx123%3D
    CHECK(canonical > 0);
    CHECK(exons > 0);
}

TEST_CASE("SnpEff ANN tag carrying VEP's format is read as VEP (split-vep.7.vcf)", "[shared][annotation]") {
    const auto path = kShared / "bcftools/split-vep.7.vcf";
    if (!std::filesystem::exists(path)) {
        WARN("SKIPPED: " << path.string() << " not found");
        return;
    }
    VcfReader reader(path);
    CHECK(reader.annotation_layout().format == AnnotationFormat::vep);
    CHECK(reader.annotation_layout().tag == "ANN");
}
