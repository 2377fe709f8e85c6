// Fuzz target: the tab-separated inputs beside the VCF: fusion-caller tables (Arriba,
// STAR-Fusion, plain, cBioPortal SV / fusion files), copy-number files (SEG, CNVkit, gene
// tables), the sample sheet, the cBioPortal clinical sample file, and a MAF (the reader and
// the row loop, bad rows skipped).
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/io/copy_number.hpp"
#include "pedtx/io/fusion_table.hpp"
#include "pedtx/io/maf_reader.hpp"
#include "pedtx/pipeline/annotate_maf.hpp"
#include "pedtx/run/maf_inputs.hpp"
#include "pedtx/match/fusion.hpp"
#include "pedtx/run/sample_sheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& kb = pedtx::fuzz::bundled_knowledgebase();
    const auto path = pedtx::fuzz::input_file(data, size, ".tsv");
    try {
        const auto table = pedtx::read_fusion_table(path);
        std::vector<std::string> warnings;
        (void)pedtx::fusion_table_findings(table, kb, pedtx::GenomeBuild::GRCh38, warnings);
    } catch (const pedtx::Error&) {
    }
    try {
        (void)pedtx::read_copy_number_file(path, "S1");
    } catch (const pedtx::Error&) {
    }
    try {
        (void)pedtx::read_sample_sheet(path, kb.tumor_types(), false);
    } catch (const pedtx::Error&) {
    }
    try {
        const auto table = pedtx::read_fusion_table(path, "S1");
        std::vector<std::string> warnings;
        (void)pedtx::fusion_table_findings(table, kb, pedtx::GenomeBuild::GRCh38, warnings);
    } catch (const pedtx::Error&) {
    }
    try {
        (void)pedtx::read_clinical_samples(path);
    } catch (const pedtx::Error&) {
    }
    try {
        std::vector<pedtx::SampleInput> samples;
        for (const auto& id : pedtx::maf_sample_ids(path)) {
            pedtx::SampleInput input;
            input.sample_id = id;
            input.vcf = path;
            samples.push_back(input);
        }
        pedtx::AnnotateOptions options;
        options.genome = pedtx::GenomeBuild::GRCh38;
        options.skip_bad_rows = true;
        (void)pedtx::annotate_maf(path, samples, kb, options);
    } catch (const pedtx::Error&) {
    }
    return 0;
}
