// Reference FASTA access through htslib faidx: one handle per thread (a faidx_t is not safe to
// share), each with a window of sequence that grows while reads stay close together (sorted
// VCF records) and shrinks back when they jump, so dense files read each base about once and
// sparse ones (exomes) read little around each record.
#include "pedtx/io/reference_genome.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include <htslib/faidx.h>
#include <tbb/enumerable_thread_specific.h>

#include "pedtx/core/error.hpp"

namespace pedtx {

namespace {

struct FaidxDestroyer {
    void operator()(faidx_t* fai) const {
        if (fai) fai_destroy(fai);
    }
};
using Faidx = std::unique_ptr<faidx_t, FaidxDestroyer>;

constexpr std::int64_t kMinWindow = 4 * 1024;
constexpr std::int64_t kMaxWindow = 1024 * 1024;

}  // namespace

struct ReferenceGenome::Impl {
    std::filesystem::path path;
    std::array<std::string, kChromCount> names;  // FASTA sequence name by chromosome, empty if absent
    std::array<std::int64_t, kChromCount> lengths{};

    struct Window {
        Faidx fai;
        ChromIndex chrom = kNoChrom;
        std::int64_t start = 0;  // 1-based position of seq[0]
        std::string seq;
        std::int64_t size = kMinWindow;
    };
    mutable tbb::enumerable_thread_specific<Window> windows;

    Faidx open() const {
        const std::string file = path.string();
        Faidx fai(fai_load3(file.c_str(), nullptr, nullptr, 0));
        if (!fai)
            throw InputError(file +
                             ": cannot open the reference FASTA with its index (.fai, and .gzi when "
                             "bgzipped); index it with `samtools faidx " +
                             file + "`");
        return fai;
    }
};

ReferenceGenome::ReferenceGenome(const std::filesystem::path& fasta) : impl_(std::make_unique<Impl>()) {
    impl_->path = fasta;
    const std::string file = fasta.string();
    if (!std::filesystem::exists(fasta)) throw InputError(file + ": reference FASTA not found");
    const Faidx fai = impl_->open();
    bool any = false;
    for (int i = 0; i < faidx_nseq(fai.get()); ++i) {
        const char* name = faidx_iseq(fai.get(), i);
        const ChromIndex chrom = chrom_index(name);
        if (chrom == kNoChrom || !impl_->names[chrom].empty()) continue;
        impl_->names[chrom] = name;
        impl_->lengths[chrom] = faidx_seq_len(fai.get(), name);
        any = true;
    }
    if (!any)
        throw InputError(file +
                         ": no sequence of the reference FASTA is named like a chromosome (1..22, X, Y, MT, "
                         "with or without chr)");
}

ReferenceGenome::~ReferenceGenome() = default;

const std::filesystem::path& ReferenceGenome::path() const {
    return impl_->path;
}

bool ReferenceGenome::has_chrom(ChromIndex chrom) const {
    return chrom != kNoChrom && chrom < kChromCount && !impl_->names[chrom].empty();
}

std::int64_t ReferenceGenome::chrom_length(ChromIndex chrom) const {
    return has_chrom(chrom) ? impl_->lengths[chrom] : 0;
}

std::optional<std::string> ReferenceGenome::bases(ChromIndex chrom, std::int64_t start, std::int64_t end) const {
    if (!has_chrom(chrom) || start < 1 || end < start || end > impl_->lengths[chrom]) return std::nullopt;
    auto& w = impl_->windows.local();
    const auto covered = [&] {
        return w.chrom == chrom && start >= w.start && end < w.start + static_cast<std::int64_t>(w.seq.size());
    };
    if (!covered()) {
        if (!w.fai) w.fai = impl_->open();
        // Close to the last window: reads are dense, read ahead more; far: start small again.
        const bool near = w.chrom == chrom && start >= w.start &&
                          start < w.start + static_cast<std::int64_t>(w.seq.size()) + 2 * w.size;
        w.size = near ? std::min(kMaxWindow, w.size * 2) : kMinWindow;
        const std::int64_t fetch_end = std::min(impl_->lengths[chrom], std::max(end, start + w.size - 1));
        hts_pos_t length = 0;
        char* seq = faidx_fetch_seq64(w.fai.get(), impl_->names[chrom].c_str(), start - 1, fetch_end - 1, &length);
        if (!seq || length < end - start + 1) {
            std::free(seq);
            w.chrom = kNoChrom;
            throw InputError(impl_->path.string() + ": cannot read " + impl_->names[chrom] + ":" +
                             std::to_string(start) + "-" + std::to_string(end) + " from the reference FASTA");
        }
        w.seq.assign(seq, static_cast<std::size_t>(length));
        std::free(seq);
        for (auto& c : w.seq) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        w.chrom = chrom;
        w.start = start;
    }
    return w.seq.substr(static_cast<std::size_t>(start - w.start), static_cast<std::size_t>(end - start + 1));
}

}  // namespace pedtx
