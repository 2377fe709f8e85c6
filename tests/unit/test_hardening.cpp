// Issue 16 at the library level: the one number parser, a sample's outputs as one set (the
// file --resume trusts renamed last, all or none), stale-temporary names, bounded file stems.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "pedtx/core/error.hpp"
#include "pedtx/report/atomic_file.hpp"
#include "pedtx/report/report.hpp"
#include "pedtx/util/text.hpp"

using namespace pedtx;

namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("pedtx_unit_" + std::to_string(::getpid()) + "_" +
                                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

TEST_CASE("parse_number takes finite decimal numbers in range only", "[text][issue16]") {
    CHECK(parse_number("12", 0, 120) == 12.0);
    CHECK(parse_number(" 0.5 ", 0, 120) == 0.5);
    CHECK(parse_number("1e-3", 0, 1) == 0.001);
    CHECK(parse_number("-2", -2, 2) == -2.0);
    for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "", " ", "0x10", "3abc", "1e999", "1,5", "12 3",
                            "+", "."})
        CHECK_FALSE(parse_number(bad, -1e9, 1e9));
    CHECK_FALSE(parse_number("121", 0, 120));
    CHECK_FALSE(parse_number("-0.1", 0, 120));
}

TEST_CASE("StagedFiles renames every file, the last one added last", "[atomic_file][issue16]") {
    TempDir dir;
    const auto json = dir.path / "S.pedtx.json";
    const auto html = dir.path / "S.pedtx.html";
    {
        std::ofstream(json) << "old json";
        std::ofstream(html) << "old html";
    }
    StagedFiles staged;
    staged.add(html, "new html");
    staged.add(json, "new json");
    // Nothing is replaced before commit.
    CHECK(slurp(html) == "old html");
    CHECK(slurp(json) == "old json");
    staged.commit();
    CHECK(slurp(html) == "new html");
    CHECK(slurp(json) == "new json");
    for (const auto& entry : std::filesystem::directory_iterator(dir.path))
        CHECK_FALSE(is_pedtx_temporary(entry.path().filename().string()));
}

TEST_CASE("StagedFiles: a failed rename leaves none of the set, and never the trusted file", "[atomic_file][issue16]") {
    TempDir dir;
    const auto tsv = dir.path / "S.pedtx.tsv";
    const auto html = dir.path / "S.pedtx.html";
    const auto json = dir.path / "S.pedtx.json";
    std::ofstream(json) << "old json";
    // A non-empty folder where the HTML report goes: its rename fails after the TSV's succeeded.
    std::filesystem::create_directories(html / "blocker");
    {
        StagedFiles staged;
        staged.add(tsv, "new tsv");
        staged.add(html, "new html");
        staged.add(json, "new json");
        CHECK_THROWS_AS(staged.commit(), IoError);
    }
    CHECK_FALSE(std::filesystem::exists(tsv));   // renamed, then removed again
    CHECK_FALSE(std::filesystem::exists(json));  // removed first: --resume will redo the sample
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
        CHECK_FALSE(is_pedtx_temporary(entry.path().filename().string()));
        ++files;
    }
    CHECK(files == 1);  // only the blocking folder
}

TEST_CASE("StagedFiles: a writer that throws leaves no temporary and nothing renamed", "[atomic_file][issue16]") {
    TempDir dir;
    {
        StagedFiles staged;
        staged.add(dir.path / "a.pedtx.tsv", "a");
        CHECK_THROWS_AS(staged.add(dir.path / "a.pedtx.vcf.gz",
                                   [](const std::filesystem::path& temporary) {
                                       std::ofstream(temporary) << "half";
                                       throw Interrupted("stopped");
                                   }),
                        Interrupted);
    }
    CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("write_file_atomically names the errno", "[atomic_file][issue16]") {
    TempDir dir;
    try {
        write_file_atomically(dir.path / "no" / "such" / "folder.json", "x");
        FAIL("expected an IoError");
    } catch (const IoError& e) {
        CHECK_THAT(e.what(), Catch::Contains("No such file or directory (ENOENT)"));
    }
}

TEST_CASE("temporary names are recognised, other dot files are not", "[atomic_file][issue16]") {
    CHECK(is_pedtx_temporary(".X.pedtx.vcf.gz.tmp.12345.0"));
    CHECK(is_pedtx_temporary(".run.json.tmp.1.17"));
    CHECK_FALSE(is_pedtx_temporary(".pedtx-run.lock"));
    CHECK_FALSE(is_pedtx_temporary(".notes.tmp"));
    CHECK_FALSE(is_pedtx_temporary("X.pedtx.json"));
}

TEST_CASE("file stems are bounded and keep long ids apart", "[report][issue16]") {
    const std::string a(100000, 'L');
    const std::string b = std::string(99999, 'L') + "M";
    CHECK(safe_file_stem(a).size() <= kMaxFileStemBytes);
    CHECK(safe_file_stem(a) != safe_file_stem(b));
    CHECK(safe_file_stem("NB_01") == "NB_01");
    CHECK(safe_file_stem("<script>") == "_script_");
}
