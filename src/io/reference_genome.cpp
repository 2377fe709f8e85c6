// Reference FASTA access. Each thread keeps a window of the FASTA it read last, which grows while
// reads stay close together (sorted VCF records) and shrinks back when they jump, so a
// genome-wide VCF reads the genome in large sequential blocks and a sparse one reads a few pages
// per record. A plain FASTA is read with pread() at the byte offsets its .fai gives (one shared
// descriptor; the window holds the file's bytes, newlines included, and only the requested bases
// are cleaned). Mapping the file instead cost a page fault per page touched, 1.5-2x slower on a
// genome-wide VCF. A bgzipped one goes through htslib faidx, one handle per thread (a faidx_t is
// not safe to share), with a window of sequence.
#include "pedtx/io/reference_genome.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <htslib/faidx.h>
#include <tbb/enumerable_thread_specific.h>

#include "pedtx/core/error.hpp"
#include "pedtx/util/text.hpp"

namespace pedtx {

namespace {

struct FaidxDestroyer {
    void operator()(faidx_t* fai) const {
        if (fai) fai_destroy(fai);
    }
};
using Faidx = std::unique_ptr<faidx_t, FaidxDestroyer>;

bool parse_int(std::string_view text, std::int64_t& value) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

constexpr std::int64_t kMinWindow = 4 * 1024;
constexpr std::int64_t kMaxWindow = 1024 * 1024;

}  // namespace

struct ReferenceGenome::Impl {
    std::filesystem::path path;
    std::array<std::string, kChromCount> names;  // FASTA sequence name by chromosome, empty if absent
    std::array<std::int64_t, kChromCount> lengths{};

    // Plain FASTA: a descriptor read with pread() (safe from any thread) and each chromosome's
    // .fai layout.
    struct Layout {
        std::int64_t offset = 0;  // of the first base
        std::int64_t line_bases = 0;
        std::int64_t line_bytes = 0;
    };
    int plain_fd = -1;
    std::array<Layout, kChromCount> layouts{};

    ~Impl() {
        if (plain_fd >= 0) ::close(plain_fd);
    }

    struct Window {
        Faidx fai;
        ChromIndex chrom = kNoChrom;
        std::int64_t start = 0;  // bgzipped: 1-based position of seq[0]; plain: file offset of seq[0]
        std::string seq;         // bgzipped: upper-cased bases
        std::int64_t size = kMinWindow;
        std::unique_ptr<char[]> bytes;  // plain: the file's bytes from offset start
        std::int64_t bytes_size = 0, bytes_capacity = 0;

        // The size of the next read for a read at `from` (in the window's units) that the window,
        // holding `held` units, does not cover: close after it, reads are dense, so read ahead
        // twice as much; far, start small again.
        void resize_for(ChromIndex next_chrom, std::int64_t from, std::int64_t held) {
            const bool near = chrom == next_chrom && from >= start && from < start + held + 2 * size;
            size = near ? std::min(kMaxWindow, size * 2) : kMinWindow;
        }
    };
    mutable tbb::enumerable_thread_specific<Window> windows;
    // This reader's number in the process, for the per-thread window cache (window()).
    const std::uint64_t id = next_id.fetch_add(1) + 1;
    static inline std::atomic<std::uint64_t> next_id{0};

    // The calling thread's window. enumerable_thread_specific::local() looks the thread up in a
    // table on every call; a thread remembers its window for the reader it used last.
    Window& window() const {
        thread_local std::uint64_t cached_id = 0;
        thread_local Window* cached = nullptr;
        if (cached_id != id) {
            cached = &windows.local();
            cached_id = id;
        }
        return *cached;
    }

    // Plain FASTA: bases [start, end] (1-based, within the chromosome) through the thread's window
    // of file bytes, refilled by pread() when the range is outside it.
    std::string plain_bases(Window& w, ChromIndex chrom, std::int64_t start, std::int64_t end) const {
        const Layout& layout = layouts[chrom];
        const auto offset_of = [&](std::int64_t p) {  // p 0-based
            return layout.offset + p / layout.line_bases * layout.line_bytes + p % layout.line_bases;
        };
        // The last byte follows from the first while the range stays on one line (a second
        // division per read cost a fifth of a genome-wide REF check).
        const std::int64_t first = offset_of(start - 1), span = end - start;
        const bool one_line = (start - 1) % layout.line_bases + span < layout.line_bases;
        const std::int64_t last = one_line ? first + span : offset_of(end - 1);
        if (w.chrom != chrom || first < w.start || last >= w.start + w.bytes_size) {
            w.resize_for(chrom, first, w.bytes_size);
            const std::int64_t read_last = std::min(offset_of(lengths[chrom] - 1), std::max(last, first + w.size - 1));
            const std::int64_t wanted = read_last - first + 1;
            if (wanted > w.bytes_capacity) {
                w.bytes = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(wanted));
                w.bytes_capacity = wanted;
            }
            std::int64_t got = 0;
            while (got < wanted) {
                const ssize_t n = ::pread(plain_fd, w.bytes.get() + got, static_cast<std::size_t>(wanted - got),
                                          static_cast<off_t>(first + got));
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    w.chrom = kNoChrom;
                    w.bytes_size = 0;
                    throw InputError(
                        path.string() + ": cannot read " + names[chrom] + ":" + std::to_string(start) + "-" +
                        std::to_string(end) + " from the reference FASTA" +
                        (n < 0 ? std::string(": ") + std::strerror(errno) : std::string(": file truncated")));
                }
                got += n;
            }
            w.chrom = chrom;
            w.start = first;
            w.bytes_size = wanted;
        }
        const char* const from = w.bytes.get() + (first - w.start);
        std::string out;
        if (last - first == span) {
            out.assign(from, static_cast<std::size_t>(span + 1));  // no line break inside
        } else {
            out.reserve(static_cast<std::size_t>(span + 1));
            for (const char *c = from, *stop = w.bytes.get() + (last - w.start); c <= stop; ++c)
                if (*c != '\n' && *c != '\r') out.push_back(*c);
        }
        for (char& c : out)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return out;
    }

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
    open_if_plain();
}

void ReferenceGenome::open_if_plain() {
    const std::string file = impl_->path.string();
    const int fd = ::open(file.c_str(), O_RDONLY);
    if (fd < 0) return;  // faidx opened it: keep to faidx
    unsigned char magic[2] = {0, 0};
    struct stat st {};
    const bool compressed = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (compressed || ::fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return;
    }
    // The .fai faidx accepted: name, length, offset, bases per line, bytes per line.
    std::ifstream fai(file + ".fai");
    std::string line;
    std::array<Impl::Layout, kChromCount> layouts{};
    while (std::getline(fai, line)) {
        const auto fields = split_view(line, '\t');
        if (fields.size() < 5) continue;
        const ChromIndex chrom = chrom_index(fields[0]);
        if (chrom == kNoChrom || impl_->names[chrom] != fields[0]) continue;
        Impl::Layout layout;
        if (!parse_int(fields[2], layout.offset) || !parse_int(fields[3], layout.line_bases) ||
            !parse_int(fields[4], layout.line_bytes) || layout.line_bases < 1 ||
            layout.line_bytes < layout.line_bases) {
            ::close(fd);
            return;
        }
        layouts[chrom] = layout;
    }
    for (ChromIndex chrom = 1; chrom < kChromCount; ++chrom) {
        if (impl_->names[chrom].empty()) continue;
        const Impl::Layout& layout = layouts[chrom];
        if (layout.line_bases == 0) {
            ::close(fd);
            return;  // a chromosome the .fai lines did not give: stay with faidx
        }
        // Refuse a FASTA that is shorter than its .fai says now, once, instead of at the record
        // that reaches there.
        const std::int64_t last = impl_->lengths[chrom] - 1;
        const std::int64_t last_byte =
            layout.offset + last / layout.line_bases * layout.line_bytes + last % layout.line_bases;
        if (last_byte >= st.st_size) {
            ::close(fd);
            throw InputError(file + ": sequence " + impl_->names[chrom] + " ends at byte " +
                             std::to_string(last_byte + 1) + " by its .fai, but the file has " +
                             std::to_string(st.st_size) +
                             " bytes (changed after indexing?): re-index it with `samtools faidx " + file + "`");
        }
    }
    impl_->plain_fd = fd;  // the .fai layout is complete: read it with pread()
    impl_->layouts = layouts;
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
    auto& w = impl_->window();
    if (impl_->plain_fd >= 0) return impl_->plain_bases(w, chrom, start, end);
    const auto covered = [&] {
        return w.chrom == chrom && start >= w.start && end < w.start + static_cast<std::int64_t>(w.seq.size());
    };
    if (!covered()) {
        if (!w.fai) w.fai = impl_->open();
        w.resize_for(chrom, start, static_cast<std::int64_t>(w.seq.size()));
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
