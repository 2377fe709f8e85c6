// Issues 13.11 and 14: unannotated VCFs match two-base alleles (BRAF V600K c.1798_1799delinsAA
// as one MNV record, as Mutect2 writes it), and a two-base change written as two SNV records
// (Strelka2, VarScan, older Mutect) is reported as the allele the two make, never as the
// single-SNV allele of one of them (V600E). The VCFs are minimal copies of a bare caller VCF
// (VCFv4.2 header, GT:AD:DP and the phasing fields GT '|' + FORMAT/PS as GATK writes them),
// written by the test; positions come from the bundled genomic keys, not typed here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "pedtx/kb/knowledgebase.hpp"
#include "pedtx/match/matcher.hpp"
#include "pedtx/pipeline/annotate.hpp"

using namespace pedtx;

namespace {

std::shared_ptr<const Knowledgebase> bundled_kb() {
    static const auto kb = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    return kb;
}

// The bundled key of gene/change on one build with REF of `length` bases.
GenomicKey key_of(const std::string& gene, const std::string& change, GenomeBuild build, std::size_t length) {
    for (const EvidenceItem* item : bundled_kb()->evidence_for_gene(gene))
        for (const auto& key : item->alteration.genomic_keys)
            if (key.change == change && key.build == build && key.ref.size() == length) return key;
    FAIL("no " << gene << " " << change << " key of length " << length << " on " << to_string(build));
    return {};
}

struct Record {
    std::int64_t pos;
    std::string ref, alt, gt = "0/1";
    std::string ps;  // FORMAT/PS, empty for none
    std::string filter = "PASS";
};

SampleResult run(GenomeBuild build, const std::vector<Record>& records, const std::string& name) {
    const std::string chrom = build == GenomeBuild::GRCh38 ? "chr7" : "7";
    const auto path = std::filesystem::temp_directory_path() / ("pedtx_split_mnv_" + name + ".vcf");
    {
        std::ofstream out(path);
        out << "##fileformat=VCFv4.2\n##contig=<ID=" << chrom << ">\n##contig=<ID=" << (chrom == "7" ? "4" : "chr4")
            << ">\n##FILTER=<ID=PASS,Description=\"All filters passed\">\n"
            << "##FILTER=<ID=LowQual,Description=\"Low quality\">\n"
            << "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
            << "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
            << "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n"
            << "##FORMAT=<ID=PS,Number=1,Type=Integer,Description=\"Phasing set\">\n"
            << "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n";
        std::vector<Record> sorted = records;
        std::sort(sorted.begin(), sorted.end(), [](const Record& a, const Record& b) { return a.pos < b.pos; });
        for (const auto& r : sorted)
            out << chrom << '\t' << r.pos << "\t.\t" << r.ref << '\t' << r.alt << "\t.\t" << r.filter << "\t.\t"
                << (r.ps.empty() ? "GT:AD:DP" : "GT:AD:DP:PS") << '\t' << r.gt << ":60,40:100"
                << (r.ps.empty() ? "" : ":" + r.ps) << '\n';
    }
    SampleInput input;
    input.vcf = path;
    input.tumor_type = "MEL";
    input.age_years = 16;
    AnnotateOptions options;
    options.genome = build;
    auto result = annotate_sample(input, *bundled_kb(), options);
    std::filesystem::remove(path);
    return result;
}

std::vector<const Finding*> braf(const SampleResult& result) {
    std::vector<const Finding*> out;
    for (const auto& f : result.findings)
        if (f.gene == "BRAF") out.push_back(&f);
    return out;
}

bool has_note(const Finding& f, const std::string& text) {
    return std::any_of(f.notes.begin(), f.notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("genomic keys of two-base alleles: minus strand (BRAF) and plus strand (KIT), both builds",
          "[split_mnv][genomic_key]") {
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        INFO(to_string(build));
        // BRAF is on the minus strand: c.1799 is the lower genomic base, and the coding
        // GT (c.1798_1799) reads AC on the plus strand; delinsAA reads TT.
        const auto e = key_of("BRAF", "V600E", build, 1);  // c.1799T>A
        const auto m = key_of("BRAF", "V600M", build, 1);  // c.1798G>A
        const auto k = key_of("BRAF", "V600K", build, 2);  // c.1798_1799delinsAA
        CHECK(m.pos == e.pos + 1);
        CHECK(k.pos == e.pos);
        CHECK(k.ref == e.ref + m.ref);
        CHECK(k.alt == "TT");
        const auto d = key_of("BRAF", "V600D", build, 2);  // c.1799_1800delinsAT / AC
        CHECK(d.pos == e.pos - 1);
        CHECK(d.ref.substr(1) == e.ref);
        // KIT is on the plus strand: c.2446_2447 GA in genome order, delinsTT as written.
        const auto v = key_of("KIT", "D816V", build, 1);  // c.2447A>T
        const auto f = key_of("KIT", "D816F", build, 2);  // c.2446_2447delinsTT
        CHECK(f.pos == v.pos - 1);
        CHECK(f.ref == "GA");
        CHECK(f.alt == "TT");
    }
}

TEST_CASE("genomic keys: an MNV record matches exactly, padded, or beside changes in other codons",
          "[split_mnv][genomic_key]") {
    const auto& kb = *bundled_kb();
    const auto build = GenomeBuild::GRCh38;
    const Matcher matcher(kb, build);
    const auto k = key_of("BRAF", "V600K", build, 2);
    Variant allele;
    allele.chrom = "chr7";
    allele.chrom_index = chrom_index("chr7");
    const auto gene_finding = [&](const Variant& a) -> std::optional<Finding> {
        for (auto& f : matcher.match_allele(a, {}))
            if (f.gene == "BRAF" && !f.evidence.empty()) return f;
        return std::nullopt;
    };
    SECTION("exact") {
        allele.pos = k.pos;
        allele.ref = k.ref;
        allele.alt = k.alt;
        const auto f = gene_finding(allele);
        REQUIRE(f);
        CHECK(f->alteration == "V600K");
        CHECK(f->matched_by == MatchedBy::genomic_key);
        CHECK(f->notes.empty());
    }
    SECTION("a padding base on either side is trimmed") {
        allele.pos = k.pos - 1;
        allele.ref = "G" + k.ref + "C";
        allele.alt = "G" + k.alt + "C";
        const auto f = gene_finding(allele);
        REQUIRE(f);
        CHECK(f->alteration == "V600K");
        CHECK(f->notes.empty());
    }
    SECTION("another change 3 or more bases away (another codon): the key matches, with a note") {
        allele.pos = k.pos;
        allele.ref = k.ref + "CAG";
        allele.alt = k.alt + "CAT";
        const auto f = gene_finding(allele);
        REQUIRE(f);
        CHECK(f->alteration == "V600K");
        CHECK(has_note(*f, "changes other bases too"));
    }
    SECTION("another change within 2 bases (perhaps the same codon): no key matches") {
        allele.pos = k.pos - 1;
        allele.ref = "C" + k.ref;
        allele.alt = "A" + k.alt;
        CHECK_FALSE(gene_finding(allele));
    }
}

TEST_CASE("bare VCFs: V600K as one MNV record and as two SNV records, both builds", "[split_mnv]") {
    for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
        INFO(to_string(build));
        const auto e = key_of("BRAF", "V600E", build, 1);
        const auto m = key_of("BRAF", "V600M", build, 1);
        const auto k = key_of("BRAF", "V600K", build, 2);
        const std::string b(to_string(build));

        SECTION("one MNV record (Mutect2)") {
            const auto result = run(build, {{k.pos, k.ref, k.alt}}, "mnv_" + b);
            const auto found = braf(result);
            REQUIRE(found.size() == 1);
            CHECK(found[0]->alteration == "V600K");
            CHECK(found[0]->matched_by == MatchedBy::genomic_key);
        }
        SECTION("two unphased adjacent SNVs (Strelka2): V600K, never V600E") {
            const auto result = run(build, {{e.pos, e.ref, e.alt}, {m.pos, m.ref, m.alt}}, "split_" + b);
            const auto found = braf(result);
            REQUIRE(found.size() == 1);
            CHECK(found[0]->alteration == "V600K");
            CHECK(found[0]->matched_by == MatchedBy::genomic_key_assembled);
            CHECK(found[0]->variant.pos == k.pos);
            CHECK(found[0]->variant.ref == k.ref);
            CHECK(found[0]->variant.alt == k.alt);
            CHECK(has_note(*found[0], "assembled from 2 records in codon 600 of BRAF"));
            CHECK(has_note(*found[0], "instead of V600E and V600M alone"));
            for (const auto& ev : found[0]->evidence) CHECK(ev.matched_by == MatchedBy::genomic_key_assembled);
        }
        SECTION("two SNVs phased in cis (GT 0|1, same PS): V600K") {
            const auto ps = std::to_string(e.pos);
            const auto result =
                run(build, {{e.pos, e.ref, e.alt, "0|1", ps}, {m.pos, m.ref, m.alt, "0|1", ps}}, "cis_" + b);
            const auto found = braf(result);
            REQUIRE(found.size() == 1);
            CHECK(found[0]->alteration == "V600K");
            CHECK(has_note(*found[0], "phased on one copy of the gene"));
        }
        SECTION("two SNVs phased in trans (0|1 and 1|0, same PS): each alone, with a warning") {
            const auto ps = std::to_string(e.pos);
            const auto result =
                run(build, {{e.pos, e.ref, e.alt, "0|1", ps}, {m.pos, m.ref, m.alt, "1|0", ps}}, "trans_" + b);
            const auto found = braf(result);
            REQUIRE(found.size() == 2);
            for (const Finding* f : found) {
                CHECK((f->alteration == "V600E" || f->alteration == "V600M"));
                CHECK(has_note(*f, "another change in codon 600 of BRAF"));
                CHECK(has_note(*f, "different copies"));
            }
        }
        SECTION("two SNVs passing different filters: not joined, warned") {
            auto second = Record{m.pos, m.ref, m.alt};
            second.filter = "LowQual";
            const auto result = run(build, {{e.pos, e.ref, e.alt}, second}, "filters_" + b);
            // LowQual fails the default FILTER policy: V600E alone, nothing to warn about.
            const auto found = braf(result);
            REQUIRE(found.size() == 1);
            CHECK(found[0]->alteration == "V600E");
        }
        SECTION("V600E alone stays V600E") {
            const auto result = run(build, {{e.pos, e.ref, e.alt}}, "v600e_" + b);
            const auto found = braf(result);
            REQUIRE(found.size() == 1);
            CHECK(found[0]->alteration == "V600E");
            CHECK(found[0]->matched_by == MatchedBy::genomic_key);
            CHECK(found[0]->notes.empty());
        }
        SECTION("V600E beside an SNV of the next codon (K601) stays V600E") {
            // c.1801 is the first base of codon 601, the genomic base below c.1800 on the minus strand.
            const auto result = run(build, {{e.pos, e.ref, e.alt}, {e.pos - 2, "T", "C"}}, "k601_" + b);
            const auto found = braf(result);
            REQUIRE_FALSE(found.empty());
            const auto v600e =
                std::find_if(found.begin(), found.end(), [](const Finding* f) { return f->alteration == "V600E"; });
            REQUIRE(v600e != found.end());
            CHECK((*v600e)->notes.empty());
            CHECK(std::none_of(found.begin(), found.end(), [](const Finding* f) { return f->alteration == "V600K"; }));
        }
        SECTION("unphased SNVs at the codon's first and third base: each kept, with a warning") {
            // c.1798G>A (V600M) and c.1800G>T (synonymous alone): not adjacent, phase unknown.
            const auto result = run(build, {{m.pos, m.ref, m.alt}, {e.pos - 1, "C", "A"}}, "first_third_" + b);
            const auto found = braf(result);
            REQUIRE(found.size() == 1);
            CHECK(found[0]->alteration == "V600M");
            CHECK(has_note(*found[0], "another change in codon 600 of BRAF"));
            CHECK(has_note(*found[0], "not adjacent"));
        }
    }
}
