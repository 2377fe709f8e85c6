// Knowledge-base loading, indexes and validation errors with FILE:LINE.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "pedtx/core/error.hpp"
#include "pedtx/kb/knowledgebase.hpp"

using namespace pedtx;

namespace {

std::filesystem::path fixture() { return std::filesystem::path(PEDTX_SOURCE_DIR) / "tests/kb/fixture"; }

std::filesystem::path copy_fixture(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("pedtx_kb_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::copy(fixture(), dir);
    return dir;
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void replace_in_file(const std::filesystem::path& path, const std::string& from, const std::string& to) {
    std::string text = slurp(path);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(path) << text;
}

bool any_contains(const std::vector<std::string>& problems, const std::string& needle) {
    for (const auto& p : problems)
        if (p.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("the fixture knowledge base loads and indexes genes, aliases and genomic keys", "[kb]") {
    const auto kb = Knowledgebase::load(fixture());
    CHECK(kb->info().name == "pedtx-kb");
    CHECK(kb->info().sha256.size() == 64);
    CHECK(kb->canonical_gene("H3F3A") == "H3-3A");
    CHECK(kb->canonical_gene("braf") == "BRAF");
    CHECK_FALSE(kb->canonical_gene("TP53"));
    CHECK(kb->evidence_for_gene("ABL1").size() == 4);  // T315I x2 and the BCR::ABL1 fusion
    CHECK(kb->may_match(GenomeBuild::GRCh38, chrom_index("chr7"), 140753336));
    CHECK_FALSE(kb->may_match(GenomeBuild::GRCh38, chrom_index("chr7"), 1000));
    const auto* keyed = kb->evidence_at(GenomeBuild::GRCh38, chrom_index("7"), 140753336);
    REQUIRE(keyed);
    CHECK(keyed->front().first->ref == "A");
    CHECK(keyed->front().first->alt == "T");
    CHECK(kb->evidence_at(GenomeBuild::GRCh37, chrom_index("7"), 140453136));
    CHECK(kb->approval("fixture-dabrafenib-lgg")->min_age_years == 1.0);
    CHECK(kb->tumor_types().is_same_or_descendant("PAST", "BRAIN"));
}

TEST_CASE("validation reports each problem with FILE:LINE", "[kb]") {
    SECTION("duplicate evidence id") {
        const auto dir = copy_fixture("dup");
        replace_in_file(dir / "evidence.json", "\"id\": \"FX02\"", "\"id\": \"FX01\"");
        const auto problems = Knowledgebase::validate(dir);
        CHECK(any_contains(problems, "evidence.json:3: duplicate evidence id \"FX01\""));
        CHECK_THROWS_AS(Knowledgebase::load(dir), KnowledgebaseError);
    }
    SECTION("malformed PMID and NCT id, unknown drug and gene") {
        const auto dir = copy_fixture("refs");
        replace_in_file(dir / "evidence.json", "\"id\": \"2\"", "\"id\": \"PMID2\"");
        replace_in_file(dir / "evidence.json", "\"id\": \"NCT00000001\"", "\"id\": \"NCT0001\"");
        replace_in_file(dir / "evidence.json", "[\"selumetinib\"]", "[\"selumetinb\"]");
        replace_in_file(dir / "evidence.json", "\"gene\": \"NF1\"", "\"gene\": \"NF9\"");
        const auto problems = Knowledgebase::validate(dir);
        CHECK(any_contains(problems, "evidence.json:3: malformed PMID \"PMID2\""));
        CHECK(any_contains(problems, "evidence.json:4: malformed NCT id \"NCT0001\""));
        CHECK(any_contains(problems, "unknown drug \"selumetinb\""));
        CHECK(any_contains(problems, "evidence.json:8: unknown gene \"NF9\""));
    }
    SECTION("malformed JSON gives the line of the error") {
        const auto dir = copy_fixture("json");
        replace_in_file(dir / "drugs.json", "\"name\": \"imatinib\",", "\"name\": \"imatinib\"");
        const auto problems = Knowledgebase::validate(dir);
        CHECK(any_contains(problems, "drugs.json:16: malformed JSON"));
        CHECK_FALSE(any_contains(problems, "unknown drug"));  // no cascade from the unreadable file
    }
    SECTION("a changed file no longer matches the manifest") {
        const auto dir = copy_fixture("manifest");
        replace_in_file(dir / "trials.json", "fixture trial", "fixture trial, edited");
        CHECK(any_contains(Knowledgebase::validate(dir), "sha256 of trials.json does not match"));
    }
}

// Issue 15: the indexes hold pointers into the records, so a copy (or a move) of a Knowledgebase
// would read the original's records; `auto copy = *kb;` must not compile.
static_assert(!std::is_copy_constructible_v<Knowledgebase>);
static_assert(!std::is_copy_assignable_v<Knowledgebase>);
static_assert(!std::is_move_constructible_v<Knowledgebase>);
static_assert(!std::is_move_assignable_v<Knowledgebase>);

TEST_CASE("a Knowledgebase can be neither copied nor moved, only shared", "[kb][issue15]") {
    CHECK_FALSE(std::is_copy_constructible_v<Knowledgebase>);
    CHECK_FALSE(std::is_copy_assignable_v<Knowledgebase>);
    CHECK_FALSE(std::is_move_constructible_v<Knowledgebase>);
    CHECK_FALSE(std::is_move_assignable_v<Knowledgebase>);
}

namespace {

// Every query of the knowledge base, answered as text (values, not addresses), so the answers of
// two knowledge bases can be compared after one of them is gone.
std::vector<std::string> answer_every_query(const Knowledgebase& kb) {
    std::vector<std::string> out;
    const auto locus_text = [](const GeneLocus* locus) {
        if (!locus) return std::string("none");
        return locus->symbol + "@" + std::to_string(locus->chrom) + ":" + std::to_string(locus->span_start) + "-" +
               std::to_string(locus->span_end) + locus->strand + " " + locus->mane_refseq + " exons " +
               std::to_string(locus->exons.size());
    };
    for (const auto& gene : kb.genes()) {
        std::vector<std::string> names = gene.aliases;
        names.push_back(gene.symbol);
        for (const auto& name : names)
            out.push_back("canonical " + name + " " + std::string(kb.canonical_gene(name).value_or("none")));
        const Gene* record = kb.gene(gene.symbol);
        out.push_back("gene " + gene.symbol + " " + (record ? record->hgnc_id + " " + record->role : "none"));
        out.push_back("partner-only " + gene.symbol + " " + std::to_string(kb.is_fusion_partner_only(gene.symbol)));
        out.push_back("lof " + gene.symbol + " " + std::to_string(kb.is_loss_of_function_gene(gene.symbol)));
        std::string items = "evidence " + gene.symbol;
        for (const EvidenceItem* item : kb.evidence_for_gene(gene.symbol)) items += " " + item->id;
        out.push_back(items);
        std::string mane = "mane " + gene.symbol;
        for (const auto& id : kb.mane_transcripts(gene.symbol)) mane += " " + id;
        out.push_back(mane);
        for (const auto build : {GenomeBuild::GRCh37, GenomeBuild::GRCh38}) {
            const GeneLocus* locus = kb.locus(build, gene.symbol);
            out.push_back("locus " + std::string(to_string(build)) + " " + locus_text(locus));
            if (!locus) continue;
            const std::int64_t middle = (locus->span_start + locus->span_end) / 2;
            out.push_back("gene_at " + locus_text(kb.gene_at(build, locus->chrom, middle)));
            out.push_back("may_match " + std::to_string(kb.may_match(build, locus->chrom, middle)) +
                          std::to_string(kb.may_match(build, locus->chrom, locus->span_start - kGeneSpanPadding)) +
                          std::to_string(kb.may_match(build, locus->chrom, locus->span_end + kGeneSpanPadding + 1)));
            std::string overlapping = "overlapping";
            for (const GeneLocus* other : kb.genes_overlapping(build, locus->chrom, middle, middle))
                overlapping += " " + other->symbol;
            out.push_back(overlapping);
            std::string partners = "partners " + std::string(to_string(build));
            for (const GeneLocus* other : kb.partner_genes_overlapping(build, locus->chrom, middle))
                partners += " " + other->symbol;
            out.push_back(partners);
        }
    }
    for (const auto& item : kb.evidence())
        for (const auto& key : item.alteration.genomic_keys) {
            std::string at = "evidence_at " + std::to_string(key.chrom) + ":" + std::to_string(key.pos) + " " +
                             std::to_string(kb.may_match(key.build, key.chrom, key.pos));
            if (const auto* keyed = kb.evidence_at(key.build, key.chrom, key.pos))
                for (const auto& [k, e] : *keyed) at += " " + e->id + ":" + k->ref + ">" + k->alt;
            out.push_back(at);
        }
    for (const auto& drug : kb.drugs()) {
        const Drug* found = kb.drug(drug.name);
        out.push_back("drug " + drug.name + " " + (found ? found->drug_class : "none"));
        for (const auto& approval : drug.approvals) {
            const Approval* a = kb.approval(approval.id);
            out.push_back("approval " + approval.id + " " + (a ? a->drug + " " + a->agency : "none"));
        }
    }
    for (const auto& trial : kb.trials()) {
        const Trial* t = kb.trial(trial.nct);
        out.push_back("trial " + trial.nct + " " + (t ? t->phase + " " + t->status : "none"));
    }
    out.push_back("tumor types " + std::to_string(kb.tumor_types().size()));
    return out;
}

template <typename T>
bool points_into(const T* found, const std::vector<T>& records) {
    return found && found >= records.data() && found < records.data() + records.size();
}

}  // namespace

TEST_CASE("with_gene_annotation's knowledge base answers every query after the original is released", "[kb][issue15]") {
    auto original = Knowledgebase::load(std::filesystem::path(PEDTX_SOURCE_DIR) / "knowledgebase");
    const std::vector<std::string> expected = answer_every_query(*original);
    REQUIRE(expected.size() > 500);
    // Two made-up genome-wide genes (the table --gene-annotation reads) on GRCh38 chr2.
    std::vector<GeneLocus> loci(2);
    loci[0].symbol = "PARTNER_A";
    loci[0].chrom = chrom_index("chr2");
    loci[0].span_start = 1'000'000;
    loci[0].span_end = 1'100'000;
    loci[1].symbol = "PARTNER_B";
    loci[1].chrom = chrom_index("chr2");
    loci[1].span_start = 1'050'000;
    loci[1].span_end = 1'200'000;

    auto annotated = original->with_gene_annotation(GenomeBuild::GRCh38, loci);
    const std::weak_ptr<const Knowledgebase> released = original;
    original.reset();
    REQUIRE(released.expired());

    // The user's table replaces the bundled partner spans of GRCh38 and only those.
    const auto partners = annotated->partner_genes_overlapping(GenomeBuild::GRCh38, chrom_index("chr2"), 1'075'000);
    REQUIRE(partners.size() == 2);
    CHECK(partners[0]->symbol == "PARTNER_A");
    CHECK(partners[1]->symbol == "PARTNER_B");

    // Every other answer is the original's (GRCh38 partner names aside; GRCh37's are compared),
    // and every record
    // returned lives in the new knowledge base's own records.
    const std::vector<std::string> actual = answer_every_query(*annotated);
    REQUIRE(actual.size() == expected.size());
    std::size_t compared = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (expected[i].rfind("partners GRCh38", 0) == 0) continue;
        INFO(expected[i]);
        CHECK(actual[i] == expected[i]);
        ++compared;
    }
    CHECK(compared > 500);
    for (const auto& drug : annotated->drugs()) {
        CHECK(points_into(annotated->drug(drug.name), annotated->drugs()));
        for (const auto& approval : drug.approvals) CHECK(annotated->approval(approval.id) == &approval);
    }
    for (const auto& trial : annotated->trials()) CHECK(points_into(annotated->trial(trial.nct), annotated->trials()));
    for (const auto& gene : annotated->genes())
        for (const EvidenceItem* item : annotated->evidence_for_gene(gene.symbol))
            CHECK(points_into(item, annotated->evidence()));
}
