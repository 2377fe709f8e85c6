// MAF input (issue 18): the reader's conventions (MAF indels to VCF alleles, '#' lines, columns
// by name in any order, gzip, bad rows with their line), the cBioPortal clinical / fusion
// tables, the MAF row loop against the VCF record loop, and the cBioPortal study folder
// against the documented format. The MAF texts here are our own minimal copies of the GDC MAF
// layout (docs.gdc.cancer.gov "Mutation Annotation Format") and of cBioPortal's
// data_mutations.txt / data_clinical_sample.txt / data_sv.txt (docs.cbioportal.org/file-formats).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <htslib/bgzf.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include "pedtx/core/error.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/io/maf_reader.hpp"
#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/pipeline/annotate.hpp"
#include "pedtx/pipeline/annotate_maf.hpp"
#include "pedtx/report/cbioportal.hpp"
#include "pedtx/run/maf_inputs.hpp"
#include "pedtx/util/sha256.hpp"
#include "pedtx/util/text.hpp"

using namespace pedtx;

namespace {

const std::filesystem::path kSource = PEDTX_SOURCE_DIR;

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("pedtx_maf_" + std::to_string(::getpid()) + "_" +
                                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(kSource / "knowledgebase");
    return kb;
}

std::vector<MafRow> read_all(const std::filesystem::path& path, bool skip = false) {
    MafReader reader(path, skip);
    std::vector<MafRow> rows;
    MafRow row;
    while (reader.next(row)) rows.push_back(row);
    return rows;
}

// A vcf2maf-style MAF: '#version' line, columns in vcf2maf's order.
const char* kVcf2mafStyle =
    "#version 2.4\n"
    "Hugo_Symbol\tEntrez_Gene_Id\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\t"
    "Reference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp\tHGVSp_Short\t"
    "Transcript_ID\tt_depth\tt_ref_count\tt_alt_count\n"
    "BRAF\t673\tGRCh38\t7\t140753336\t140753336\tMissense_Mutation\tA\tA\tT\tS1\tp.Val600Glu\tp.V600E\t"
    "ENST00000646891\t100\t60\t40\n"
    "EGFR\t1956\tGRCh38\t7\t55174772\t55174786\tIn_Frame_Del\tGGAATTAAGAGAAGC\tGGAATTAAGAGAAGC\t-\tS1\t"
    "p.Glu746_Ala750del\tp.E746_A750del\tENST00000275493\t80\t50\t30\n"
    "FLT3\t2322\tGRCh38\t13\t28034123\t28034124\tIn_Frame_Ins\t-\t-\tTTCAAA\tS2\t\t\t\t.\t.\t.\n";

}  // namespace

TEST_CASE("MAF reader: '#' lines, columns by name, vcf2maf layout", "[maf]") {
    TempDir dir;
    const auto rows = read_all(dir.write("a.maf", kVcf2mafStyle));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].line == 3);
    CHECK(rows[0].sample == "S1");
    CHECK(rows[0].gene == "BRAF");
    CHECK(rows[0].protein_change == "p.V600E");  // HGVSp_Short before HGVSp
    CHECK(rows[0].transcript == "ENST00000646891");
    CHECK(rows[0].alt_count == 40);
    CHECK(rows[0].depth == 100);
    CHECK(rows[0].tumor_allele() == "T");
    CHECK(parse_maf_build(rows[0].build) == GenomeBuild::GRCh38);
    CHECK(rows[2].alt_count == -1);  // '.' is blank
    CHECK(rows[2].protein_change.empty());
}

TEST_CASE("MAF reader: the same rows whatever the column order and case", "[maf]") {
    TempDir dir;
    const std::string shuffled =
        "tumor_sample_barcode\tstart_position\tHUGO_SYMBOL\tProtein_Change\tChromosome\tReference_Allele\t"
        "Tumor_Seq_Allele2\tEnd_position\tt_alt_count\tt_ref_count\tNCBI_Build\n"
        "S1\t140753336\tBRAF\tp.V600E\t7\tA\tT\t140753336\t40\t60\t38\t\n";  // a trailing tab is read
    const auto rows = read_all(dir.write("b.maf", shuffled));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].gene == "BRAF");
    CHECK(rows[0].start == 140753336);
    CHECK(rows[0].protein_change == "p.V600E");  // Protein_Change when there is no HGVSp column
    CHECK(rows[0].depth == 100);                 // t_alt_count + t_ref_count without t_depth
    CHECK(parse_maf_build(rows[0].build) == GenomeBuild::GRCh38);
}

TEST_CASE("MAF reader: gzip and bgzip input read like plain text", "[maf]") {
    TempDir dir;
    const auto plain = dir.write("c.maf", kVcf2mafStyle);
    // GDC ships plain gzip (one member); bgzip writes many members: both are read.
    REQUIRE(std::system(("gzip -c " + plain.string() + " > " + plain.string() + ".gz").c_str()) == 0);
    const auto bgzipped = dir.path / "c.maf.bgz";
    BGZF* out = bgzf_open(bgzipped.c_str(), "w");
    REQUIRE(out);
    const std::string text = kVcf2mafStyle;
    REQUIRE(bgzf_write(out, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(bgzf_close(out) == 0);
    for (const auto& path : {std::filesystem::path(plain.string() + ".gz"), bgzipped}) {
        const auto rows = read_all(path);
        REQUIRE(rows.size() == 3);
        CHECK(rows[1].gene == "EGFR");
        CHECK(rows[2].line == 5);
        CHECK(maf_sample_ids(path) == std::vector<std::string>{"S1", "S2"});
        CHECK(scan_maf_samples(path).plain_text_sha256.empty());  // compressed: hashed on its own
    }
    // Plain text is hashed in the pass that lists the samples: the same checksum as the file's.
    const MafSampleScan scan = scan_maf_samples(plain);
    CHECK(scan.ids == std::vector<std::string>{"S1", "S2"});
    CHECK(scan.plain_text_sha256 == sha256_file(plain));
    CHECK(scan.plain_text_sha256.size() == 64);
}

TEST_CASE("MAF indels become VCF alleles only with their left base", "[maf]") {
    TempDir dir;
    const auto rows = read_all(dir.write("d.maf", kVcf2mafStyle));
    // SNV: as written.
    const auto snv = maf_to_vcf_allele(rows[0], std::nullopt);
    CHECK(snv.anchored);
    CHECK(snv.pos == 140753336);
    CHECK(snv.ref == "A");
    CHECK(snv.alt == "T");
    // Deletion: Start_Position is the first deleted base; VCF starts one base to the left.
    REQUIRE(maf_anchor_position(rows[1]) == 55174771);
    const auto del = maf_to_vcf_allele(rows[1], 'A');
    CHECK(del.pos == 55174771);
    CHECK(del.ref == "AGGAATTAAGAGAAGC");
    CHECK(del.alt == "A");
    // Without the base, nothing is invented: the allele stays in MAF form, marked.
    const auto bare = maf_to_vcf_allele(rows[1], std::nullopt);
    CHECK_FALSE(bare.anchored);
    CHECK(bare.pos == 55174772);
    CHECK(bare.alt == "-");
    // Insertion: Start_Position is the base before it, which becomes REF.
    REQUIRE(maf_anchor_position(rows[2]) == 28034123);
    const auto ins = maf_to_vcf_allele(rows[2], 'C');
    CHECK(ins.pos == 28034123);
    CHECK(ins.ref == "C");
    CHECK(ins.alt == "CTTCAAA");
}

TEST_CASE("MAF reader: a bad row is an error naming file and line, or counted with skip", "[maf]") {
    TempDir dir;
    const std::string text =
        "Hugo_Symbol\tTumor_Sample_Barcode\tChromosome\tStart_Position\tEnd_Position\tReference_Allele\t"
        "Tumor_Seq_Allele2\tt_alt_count\n"
        "BRAF\tS1\t7\t140753336\t140753336\tA\tT\t40\n"
        "BRAF\tS1\t7\tnot_a_number\t140753336\tA\tT\t40\n"
        "KIT\t\t4\t1\t1\tA\tT\t2\n"
        "KIT\tS2\t4\t10\t10\tA\tZ\t2\n"
        "KIT\tS2\t4\t10\t10\tA\tT\t-3\n"
        "NRAS\tS2\t1\t115256529\t115256529\tT\tC\t7\n";
    const auto path = dir.write("bad.maf", text);
    try {
        read_all(path);
        FAIL("a bad row was accepted");
    } catch (const InputError& e) {
        const std::string message = e.what();
        CHECK(message.find(path.string() + ":3:") == 0);
        CHECK(message.find("Start_Position") != std::string::npos);
        CHECK(message.find("--skip-bad-rows") != std::string::npos);
    }
    MafReader reader(path, true);
    MafRow row;
    std::vector<long> lines;
    while (reader.next(row)) lines.push_back(row.line);
    CHECK(lines == std::vector<long>{2, 7});
    CHECK(reader.bad_rows() == 4);
    CHECK(reader.rows_read() == 6);
    REQUIRE(reader.bad_row_examples().size() == 4);
    CHECK(reader.bad_row_examples()[1].find(":4: blank Tumor_Sample_Barcode") != std::string::npos);
    CHECK(reader.bad_row_examples()[2].find(":5: Tumor_Seq_Allele2 \"Z\"") != std::string::npos);
    CHECK(reader.bad_row_examples()[3].find(":6: t_alt_count") != std::string::npos);
}

TEST_CASE("MAF reader: not a MAF, an empty file, a repeated header", "[maf]") {
    TempDir dir;
    CHECK_THROWS_WITH(MafReader(dir.write("e.maf", "")), Catch::Contains("empty file"));
    CHECK_THROWS_WITH(MafReader(dir.write("f.maf", "#version 2.4\nGene\tSample\nBRAF\tS1\n")),
                      Catch::Contains("no Tumor_Sample_Barcode"));
    const auto path =
        dir.write("g.maf", "Hugo_Symbol\tTumor_Sample_Barcode\nBRAF\tS1\nHugo_Symbol\tTumor_Sample_Barcode\nKIT\tS2\n");
    MafReader reader(path);
    MafRow row;
    int rows = 0;
    while (reader.next(row)) ++rows;
    CHECK(rows == 2);
    CHECK(reader.repeated_headers() == 1);
}

TEST_CASE("MAF Variant_Classification terms map to variant classes", "[maf]") {
    CHECK(maf_variant_class("Missense_Mutation") == VariantClass::missense);
    CHECK(maf_variant_class("Frame_Shift_Ins") == VariantClass::frameshift);
    CHECK(maf_variant_class("In_Frame_Del") == VariantClass::inframe_deletion);
    CHECK(maf_variant_class("Splice_Site") == VariantClass::splice);
    CHECK(maf_variant_class("Nonsense_Mutation") == VariantClass::stop_gained);
    CHECK(maf_variant_class("5'Flank") == VariantClass::noncoding);
    CHECK(maf_variant_class("Silent") == VariantClass::synonymous);
    // ANNOVAR's term, seen in a real OncoKB-annotated MAF.
    CHECK(maf_variant_class("nonsynonymous_SNV") == VariantClass::missense);
}

TEST_CASE("cBioPortal clinical sample file: '#' lines, ages in years or days", "[maf]") {
    TempDir dir;
    const auto path = dir.write("clinical.txt",
                                "#Patient Identifier\tSample Identifier\tOncotree\tAge\n"
                                "#Patient identifier\tSample identifier\tcode\tage\n"
                                "#STRING\tSTRING\tSTRING\tNUMBER\n#1\t1\t1\t1\n"
                                "PATIENT_ID\tSAMPLE_ID\tONCOTREE_CODE\tAGE_IN_DAYS\n"
                                "P1\tS1\tNBL\t730.5\nP2\tS2\tNOT_A_CODE\tNA\nP3\tS3\t\t\n");
    const auto rows = read_clinical_samples(path);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].age_years == Approx(2.0));
    CHECK(rows[0].line == 6);
    CHECK_FALSE(rows[1].age_years);
    const auto kb = bundled_kb();
    MafCohortInputs cohort;
    cohort.maf = "x.maf";
    cohort.clinical = path;
    const auto samples = maf_sample_inputs({"S1", "S2", "S3", "S4"}, cohort, kb->tumor_types());
    REQUIRE(samples.inputs.size() == 4);
    CHECK(samples.inputs[0].tumor_type == "NBL");
    // An unknown code fails that sample, naming it; a missing one is a warning.
    REQUIRE(samples.errors.count("S2") == 1);
    CHECK(samples.errors.at("S2").find(":7: sample S2: unknown OncoTree code \"NOT_A_CODE\"") != std::string::npos);
    REQUIRE(samples.warnings.size() == 1);
    CHECK(samples.warnings[0].find("S3, S4") != std::string::npos);
    CHECK_THROWS_WITH(read_clinical_samples(dir.write("c2.txt", "PATIENT_ID\tONCOTREE_CODE\nP1\tNBL\n")),
                      Catch::Contains("no SAMPLE_ID"));
}

TEST_CASE("cBioPortal SV and fusion files give each sample its own fusions", "[maf]") {
    TempDir dir;
    const auto sv = dir.write("data_sv.txt",
                              "Sample_Id\tSite1_Hugo_Symbol\tSite2_Hugo_Symbol\tClass\n"
                              "S1\tALK\tEML4\tINVERSION\nS2\tETV6\tNTRK3\tTRANSLOCATION\nS1\tNF1\tNF1\tDELETION\n");
    const auto s1 = read_fusion_table(sv, "S1");
    CHECK(s1.format == "cbioportal_sv");
    REQUIRE(s1.fusions.size() == 1);
    CHECK(s1.fusions[0].five_prime_gene == "ALK");
    CHECK_FALSE(s1.fusions[0].partner_order_known);
    REQUIRE(s1.warnings.size() == 1);
    CHECK(s1.warnings[0].second.find(":4: intragenic") != std::string::npos);
    CHECK(fusion_table_samples(sv) == std::vector<std::string>{"S1", "S2"});
    const auto fusions =
        dir.write("data_fusions.txt",
                  "Hugo_Symbol\tTumor_Sample_Barcode\tFusion\n"
                  "ETV6\tS2\tETV6-NTRK3 fusion\nNTRK3\tS2\tETV6-NTRK3 fusion\nKMT2D\tS2\tMLL2-intragenic\n");
    const auto s2 = read_fusion_table(fusions, "S2");
    REQUIRE(s2.fusions.size() == 1);  // listed once per partner gene, read once
    CHECK(s2.fusions[0].three_prime_gene == "NTRK3");
    REQUIRE(s2.warnings.size() == 1);
    CHECK(s2.warnings[0].second.find("MLL2-intragenic") != std::string::npos);
}

namespace {

// What a finding says for a patient, apart from where it came from.
std::multiset<std::string> finding_keys(const SampleResult& result) {
    std::multiset<std::string> keys;
    for (const auto& f : result.findings) {
        if (f.category != FindingCategory::mutation) continue;
        std::string key = f.gene + " " + f.alteration + " " + std::string(to_string(f.tier));
        for (const auto& e : f.evidence) key += " " + e.item->id + ":" + std::string(to_string(e.tier));
        keys.insert(key);
    }
    return keys;
}

}  // namespace

TEST_CASE("the same samples as VCF and as MAF give the same findings", "[maf]") {
    // The VCFs' alleles written as a MAF by hand (GRCh37 coordinates, gene and protein change
    // as the VCFs' annotations give them); tumor type and age as in examples/samples.tsv.
    const auto kb = bundled_kb();
    TempDir dir;
    struct Case {
        const char* vcf;
        const char* id;
        const char* tumor_type;
        double age;
    };
    const std::vector<Case> cases = {{"neuroblastoma_alk_f1174l.vep.vcf", "NB_01", "NBL", 3},
                                     {"plgg_braf_v600e.snpeff.vcf", "PLGG_02", "PAST", 8},
                                     {"cml_abl1_t315i.bcsq.vcf", "CML_03", "CML", 14}};
    std::vector<SampleResult> from_vcf;
    std::vector<SampleInput> maf_inputs;
    // One MAF per build (the examples are on GRCh37 and GRCh38; a MAF holds one build).
    std::map<std::string, std::string> maf_by_build;
    for (const auto& c : cases) {
        std::string maf;
        SampleInput input;
        input.vcf = kSource / "examples" / c.vcf;
        input.sample_id = c.id;
        input.tumor_type = c.tumor_type;
        input.age_years = c.age;
        from_vcf.push_back(annotate_sample(input, *kb, AnnotateOptions{}));
        const SampleResult& result = from_vcf.back();
        REQUIRE_FALSE(result.findings.empty());
        for (const auto& f : result.findings) {
            if (f.category != FindingCategory::mutation) continue;
            const Variant& v = f.variant;
            REQUIRE(v.ref.size() == v.alt.size());  // the examples' mutations are SNVs
            const char* classification = v.variant_class == VariantClass::missense ? "Missense_Mutation" : "Unknown";
            maf += f.gene + "\t" + c.id + "\t" + std::string(to_string(result.build)) + "\t" + v.chrom + "\t" +
                   std::to_string(v.pos) + "\t" + std::to_string(v.pos + static_cast<long>(v.ref.size()) - 1) + "\t" +
                   classification + "\t" + v.ref + "\t" + v.alt + "\t" + v.hgvsp + "\t" +
                   (v.alt_reads >= 0 ? std::to_string(v.alt_reads) : "") + "\t" +
                   (v.depth >= 0 ? std::to_string(v.depth) : "") + "\n";
            // A row outside the knowledge base beside it changes nothing.
            maf += "TP53\t" + std::string(c.id) + "\t" + std::string(to_string(result.build)) +
                   "\t17\t7577538\t7577538\tMissense_Mutation\tC\tT\tp.R248Q\t10\t20\n";
        }
        SampleInput maf_input = input;
        maf_input.vcf = std::string(to_string(result.build));
        maf_inputs.push_back(maf_input);
        maf_by_build[std::string(to_string(result.build))] += maf;
    }
    const std::string header =
        "Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\t"
        "Variant_Classification\tReference_Allele\tTumor_Seq_Allele2\tHGVSp_Short\tt_alt_count\tt_depth\n";
    for (const int threads : {1, 2}) {
        tbb::task_arena arena(threads);
        for (const auto& [build, rows] : maf_by_build) {
            const auto path = dir.write("examples." + build + ".maf", "#version 2.4\n" + header + rows);
            std::vector<SampleInput> inputs;
            std::vector<std::size_t> index;
            for (std::size_t i = 0; i < maf_inputs.size(); ++i)
                if (maf_inputs[i].vcf == build) {
                    inputs.push_back(maf_inputs[i]);
                    inputs.back().vcf = path;
                    index.push_back(i);
                }
            std::vector<SampleResult> from_maf;
            arena.execute([&] { from_maf = annotate_maf(path, inputs, *kb, AnnotateOptions{}); });
            REQUIRE(from_maf.size() == inputs.size());
            for (std::size_t k = 0; k < inputs.size(); ++k) {
                const std::size_t i = index[k];
                INFO(cases[i].id << " (" << build << ") at " << threads << " threads");
                CHECK(finding_keys(from_maf[k]) == finding_keys(from_vcf[i]));
                CHECK_FALSE(finding_keys(from_maf[k]).empty());
                CHECK(from_maf[k].annotation_source == "MAF");
            }
        }
    }
}

TEST_CASE("a MAF indel without --reference stays in MAF form and says so", "[maf]") {
    const auto kb = bundled_kb();
    TempDir dir;
    // An in-frame ALK deletion given with its protein change: matched by annotation (a tier-III
    // candidate in a knowledge-base gene), and the finding's note says why the genomic position
    // was not used.
    const auto path = dir.write("indel.maf",
                                "Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\tChromosome\tStart_Position\t"
                                "End_Position\tVariant_Classification\tReference_Allele\tTumor_Seq_Allele2\t"
                                "HGVSp_Short\n"
                                "ALK\tS1\tGRCh37\t2\t29443695\t29443695\tMissense_Mutation\tG\tT\tp.F1174L\n"
                                "ALK\tS1\tGRCh37\t2\t29443600\t29443602\tIn_Frame_Del\tAAA\t-\tp.K1150del\n");
    SampleInput input;
    input.sample_id = "S1";
    input.vcf = path;
    input.tumor_type = "NBL";
    const auto results = annotate_maf(path, {input}, *kb, AnnotateOptions{});
    REQUIRE(results.size() == 1);
    bool noted = false;
    for (const auto& f : results[0].findings)
        for (const auto& note : f.notes) noted = noted || note.find("kept in MAF form") != std::string::npos;
    CHECK(noted);
    CHECK(results[0].qc.records_read == 2);
}

TEST_CASE("a MAF row of another build, or a sample not listed, is an error naming the line", "[maf]") {
    const auto kb = bundled_kb();
    TempDir dir;
    const auto path = dir.write("builds.maf",
                                "Hugo_Symbol\tTumor_Sample_Barcode\tNCBI_Build\n"
                                "ALK\tS1\tGRCh37\nALK\tS1\tGRCh38\n");
    SampleInput input;
    input.sample_id = "S1";
    input.vcf = path;
    CHECK_THROWS_WITH(annotate_maf(path, {input}, *kb, AnnotateOptions{}), Catch::Contains(":3: NCBI_Build"));
    AnnotateOptions skip;
    skip.skip_bad_rows = true;
    const auto results = annotate_maf(path, {input}, *kb, skip);
    CHECK(results[0].qc.filtered.at("maf_row_of_another_build") == 1);
}

TEST_CASE("cBioPortal study folder: every required meta field and column", "[maf][cbioportal]") {
    // Required fields from docs.cbioportal.org/file-formats (meta_study: type_of_cancer,
    // cancer_study_identifier, name, description; clinical meta: cancer_study_identifier,
    // genetic_alteration_type, datatype, data_filename; mutation meta adds stable_id,
    // show_profile_in_analysis_tab, profile_name, profile_description; case lists:
    // cancer_study_identifier, stable_id (study id + '_'), case_list_name,
    // case_list_description, case_list_ids).
    const auto kb = bundled_kb();
    TempDir dir;
    const nlohmann::json report =
        nlohmann::json::parse(read_text_file(kSource / "tests/golden/expected/NB_01.pedtx.json"));
    write_cbioportal_study(dir.path / "study", {report}, {"pedtx_test", "test", "0"});
    const auto meta = [&](const std::string& name) {
        std::map<std::string, std::string> fields;
        const std::string text = read_text_file(dir.path / "study" / name);
        for (const auto line : split_view(text, '\n')) {
            if (line.empty()) continue;
            const auto colon = line.find(": ");
            REQUIRE(colon != std::string_view::npos);
            fields[std::string(line.substr(0, colon))] = std::string(line.substr(colon + 2));
        }
        return fields;
    };
    const auto study = meta("meta_study.txt");
    for (const char* key : {"type_of_cancer", "cancer_study_identifier", "name", "description"})
        CHECK(study.count(key) == 1);
    CHECK(study.at("cancer_study_identifier") == "pedtx_test");
    for (const char* file : {"meta_clinical_sample.txt", "meta_clinical_patient.txt", "meta_mutations.txt"}) {
        const auto fields = meta(file);
        for (const char* key : {"cancer_study_identifier", "genetic_alteration_type", "datatype", "data_filename"})
            CHECK(fields.count(key) == 1);
        CHECK(std::filesystem::exists(dir.path / "study" / fields.at("data_filename")));
    }
    const auto mutations_meta = meta("meta_mutations.txt");
    CHECK(mutations_meta.at("genetic_alteration_type") == "MUTATION_EXTENDED");
    CHECK(mutations_meta.at("datatype") == "MAF");
    CHECK(mutations_meta.at("stable_id") == "mutations");
    for (const char* key : {"show_profile_in_analysis_tab", "profile_name", "profile_description"})
        CHECK(mutations_meta.count(key) == 1);
    const auto cases = meta("case_lists/cases_sequenced.txt");
    CHECK(cases.at("stable_id") == "pedtx_test_sequenced");
    CHECK(cases.at("case_list_ids") == "NB_01");
    // Clinical sample file: four '#' lines, then PATIENT_ID and SAMPLE_ID (required).
    const std::string clinical_text = read_text_file(dir.path / "study/data_clinical_sample.txt");
    const auto clinical = split_view(clinical_text, '\n');
    for (int i = 0; i < 4; ++i) CHECK(clinical[i].substr(0, 1) == "#");
    CHECK(clinical[4].substr(0, 20) == "PATIENT_ID\tSAMPLE_ID");
    CHECK(clinical[5].find("NB_01\tNB_01\tNBL\t") == 0);
    // Mutations: the minimal MAF's required columns, and all four driver columns together.
    const std::string mutations_text = read_text_file(dir.path / "study/data_mutations.txt");
    const auto rows = split_view(mutations_text, '\n');
    const auto header = split_view(rows[0], '\t');
    for (const char* column :
         {"Hugo_Symbol", "Tumor_Sample_Barcode", "Variant_Classification", "HGVSp_Short", "NCBI_Build", "cbp_driver",
          "cbp_driver_annotation", "cbp_driver_tiers", "cbp_driver_tiers_annotation"})
        CHECK(std::find(header.begin(), header.end(), column) != header.end());
    REQUIRE(rows.size() >= 3);
    const auto cells = split_view(rows[1], '\t');
    REQUIRE(cells.size() == header.size());
    CHECK(cells[0] == "ALK");
    CHECK(cells[5] == "Missense_Mutation");
    CHECK(cells[11] == "p.F1174L");
    CHECK(cells[14] == "Putative_Driver");
    CHECK(cells[15].size() <= 80);
    CHECK(cells[16].size() <= 20);
    CHECK(cells[17].size() <= 80);
    CHECK(cbioportal_id("a b/c") == "a_b_c");
}
