// Fuzz target: a VCF through the whole per-sample path (header, tumor column, build, records,
// CSQ / ANN / BCSQ / FUNCOTATION annotations, HGVSp, matching, tiering). Any pedtx::Error is
// a clear refusal and fine; a crash, a sanitizer report or another exception is a bug.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "pedtx/core/error.hpp"
#include "pedtx/pipeline/annotate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& kb = pedtx::fuzz::bundled_knowledgebase();
    pedtx::SampleInput input;
    input.vcf = pedtx::fuzz::input_file(data, size, ".vcf");
    input.tumor_type = "NBL";
    pedtx::AnnotateOptions options;
    options.genome = pedtx::GenomeBuild::GRCh38;  // so that records are read even without ##contig lines
    try {
        (void)pedtx::annotate_sample(input, kb, options);
    } catch (const pedtx::Error&) {
    }
    return 0;
}
