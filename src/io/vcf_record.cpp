// htslib-backed VCF/BCF reader, the records' side: taking records off the file in order
// (read_raw, with truncation detected), decoding them on any thread (decode), the checks of a
// record's columns, POS and alleles, and the record's fields. Read support and numeric
// INFO / FORMAT values are in vcf_read_support.cpp.
#include "pedtx/io/vcf_reader.hpp"

#include <algorithm>
#include <cstring>

#include <htslib/kseq.h>

#include "vcf_reader_impl.hpp"

namespace pedtx {

namespace {

// Tabs in [p, end): in blocks of 32 with a byte counter, which the compiler turns into vector compares
// and byte adds (std::count widens every byte to a 64-bit counter: 7x slower on a 330-byte line).
std::size_t count_tabs(const char* p, const char* const end) {
    std::size_t tabs = 0;
    for (; end - p >= 32; p += 32) {
        std::uint8_t in_block = 0;
        for (int i = 0; i < 32; ++i) in_block = static_cast<std::uint8_t>(in_block + (p[i] == '\t'));
        tabs += in_block;
    }
    for (; p < end; ++p) tabs += *p == '\t';
    return tabs;
}

// One rule for the shape of a text record: CHROM to INFO, and FORMAT plus one column per
// sample of the header. A line with fewer columns (cut, or spaces for tabs) would give a
// finding without a genotype; POS must be a whole number from 1 (htslib reads "-5" and "abc" as 0).
void check_text_columns(const std::filesystem::path& path, std::int64_t number, std::string_view line,
                        int sample_columns) {
    // The two first tabs bound POS; the rest are counted in blocks (a byte loop with branches
    // cost 15% of a VEP-annotated run, memchr per tab 6%).
    const char* const begin = line.data();
    const char* const end = begin + line.size();
    const char* const first_tab = static_cast<const char*>(std::memchr(begin, '\t', line.size()));
    const char* const second_tab =
        first_tab
            ? static_cast<const char*>(std::memchr(first_tab + 1, '\t', static_cast<std::size_t>(end - first_tab - 1)))
            : nullptr;
    const std::size_t tabs = second_tab ? 2 + count_tabs(second_tab + 1, end) : (first_tab ? 1 : 0);
    const auto where = [&] {
        return path.string() + ": record " + std::to_string(number) +
               (second_tab ? " (" + std::string(begin, first_tab) + ":" + std::string(first_tab + 1, second_tab) + ")"
                           : std::string{});
    };
    const std::size_t columns = tabs + 1;
    const std::size_t expected = sample_columns > 0 ? 9 + static_cast<std::size_t>(sample_columns) : 8;
    if (sample_columns > 0 ? columns != expected : (columns < 8 || columns > 9))
        throw InputError(where() + ": " + std::to_string(columns) + " tab-separated columns, the header has " +
                         std::to_string(expected) +
                         (sample_columns > 0 ? " (CHROM to FORMAT and " + std::to_string(sample_columns) + " sample" +
                                                   (sample_columns == 1 ? "" : "s") + ")"
                                             : " (CHROM to INFO)") +
                         "; the line may be cut short, or use spaces for tabs");
    const std::string_view pos(first_tab + 1, static_cast<std::size_t>(second_tab - first_tab - 1));
    const bool digits =
        !pos.empty() && std::all_of(pos.begin(), pos.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pos.find_first_not_of('0') == std::string_view::npos)
        throw InputError(where() + ": POS \"" + std::string(pos) + "\" is not a position (a whole number from 1)");
}

// iupac: also the ambiguity codes (R, Y, K, M, S, W, B, D, H, V) a few reference bases carry.
bool is_base_sequence(std::string_view allele, bool iupac) {
    if (allele.empty()) return false;
    for (const char c : allele) {
        if (is_nucleotide_letter(c)) continue;
        if (!iupac || c == 0 || !std::strchr("RYKMSWBDHVrykmswbdhv", c)) return false;
    }
    return true;
}

// REF must be bases (A, C, G, T, N, or an IUPAC code); each ALT bases, '*', '.', a symbolic <ID> or a breakend.
// An ALT of only N names no change, so no finding can be made from it: refused too.
void check_alleles(const std::filesystem::path& path, VcfRecord& record, bcf1_t* rec) {
    bcf_unpack(rec, BCF_UN_STR);
    if (rec->n_allele < 1) return;
    const std::string_view ref = rec->d.allele[0];
    const auto fail = [&](std::string_view allele, const std::string& why) {
        throw InputError(at_record(path.string(), std::string(record.chrom()), record.pos(), std::string(ref),
                                   rec->n_allele > 1 ? rec->d.allele[1] : ".", why));
        (void)allele;
    };
    if (!is_base_sequence(ref, true))
        fail(ref, "REF \"" + std::string(ref) + "\" is not a sequence of bases (A, C, G, T, N or IUPAC codes)");
    for (int i = 1; i < rec->n_allele; ++i) {
        const std::string_view alt = rec->d.allele[i];
        if (alt == "." || alt == "*" || alt.starts_with('<') || alt.find_first_of("[]") != std::string_view::npos ||
            ((alt.front() == '.' || alt.back() == '.') && alt.size() > 1 &&
             is_base_sequence(alt.front() == '.' ? alt.substr(1) : alt.substr(0, alt.size() - 1), false)))
            continue;
        if (!is_base_sequence(alt, false))
            fail(alt,
                 "ALT \"" + std::string(alt) + "\" is not a sequence of bases, '*', a symbolic <ID> or a breakend");
        if (alt.find_first_not_of("Nn") == std::string_view::npos)
            fail(alt, "ALT \"" + std::string(alt) +
                          "\" is an unknown base: no change can be matched to it (fix the caller's output)");
    }
}

}  // namespace

VcfRecord::VcfRecord() : impl_(std::make_unique<Impl>()) {}
VcfRecord::~VcfRecord() = default;
VcfRecord::VcfRecord(VcfRecord&&) noexcept = default;
VcfRecord& VcfRecord::operator=(VcfRecord&&) noexcept = default;

bool VcfReader::read_raw(VcfRecord& record) {
    Impl& s = *impl_;
    VcfRecord::Impl& r = *record.impl_;
    int status;
    if (s.text_input) {
        status = hts_getline(s.file.get(), KS_SEP_LINE, &r.line);
        // A blank line holds no record.
        while (status >= 0 && r.line.l == 0) status = hts_getline(s.file.get(), KS_SEP_LINE, &r.line);
    } else {
        status = bcf_read(s.file.get(), s.header.get(), r.record.get());
    }
    // htslib hands out the part of a line it inflated before a corrupt block, then reports the
    // end of the file: its error flag, not the return code, tells a cut file from a whole one.
    const BGZF* compressed = s.compressed_stream();
    const bool read_error = status < -1 || (compressed && compressed->errcode != 0);
    if (read_error) s.truncated(s.last_record(), s.records + 1);
    if (status == -1) {
        if (s.missing_eof_block) s.truncated(s.last_record(), s.records + 1, ": the BGZF end-of-file block is missing");
        if (s.missing_final_newline && s.records > 0)
            s.truncated(s.before_last_where, s.records, ": its last line ends without a newline");
        return false;
    }
    r.text = s.text_input;
    r.number = ++s.records;
    if (s.text_input) {
        // CHROM and POS of the line, for the message should the next read fail.
        const char* begin = r.line.s;
        const char* tab = static_cast<const char*>(std::memchr(begin, '\t', r.line.l));
        const char* end =
            tab ? static_cast<const char*>(std::memchr(tab + 1, '\t', r.line.l - (tab + 1 - begin))) : nullptr;
        s.before_last_where = s.last_where;
        if (tab && end) {
            s.last_where.assign(begin, tab);
            s.last_where.push_back(':');
            s.last_where.append(tab + 1, end);
        }
    } else {
        s.last_rid = r.record->rid;
        s.last_pos = r.record->pos;
    }
    return true;
}

void VcfReader::decode(VcfRecord& record) {
    Impl& s = *impl_;
    VcfRecord::Impl& r = *record.impl_;
    r.alleles_ready = false;
    r.format_ready = false;
    bcf1_t* rec = r.record.get();
    if (r.text) {
        r.view = &s.parsing_view();
        check_text_columns(s.path, r.number, std::string_view(r.line.s, r.line.l), s.sample_columns);
        const int status = vcf_parse(&r.line, r.view->header, rec);
        r.text = false;
        if (status < 0) {
            const char* name = rec->rid >= 0 ? bcf_hdr_id2name(r.view->header, rec->rid) : nullptr;
            throw InputError(s.path.string() + ": record " + std::to_string(r.number) +
                             (name ? std::string(" (") + name + ":" + std::to_string(rec->pos + 1) + ")" : "") +
                             ": malformed VCF line (htslib could not parse it)");
        }
    } else {
        r.view = &s.main_view;
    }
    const int fatal = rec->errcode & ~(BCF_ERR_TAG_UNDEF | BCF_ERR_CTG_UNDEF | BCF_ERR_TAG_INVALID);
    if (fatal) {
        throw InputError(at_record(s.path.string(), record.chrom().empty() ? "?" : std::string(record.chrom()),
                                   record.pos(), "?", "?",
                                   "malformed record (htslib error code " + std::to_string(rec->errcode) + ")"));
    }
    if (rec->rid < 0) throw InputError(s.path.string() + ": record " + std::to_string(r.number) + ": no contig");
    r.chrom_index = r.view->rid_to_chrom(rec->rid);
    bcf_unpack(rec, BCF_UN_FLT);
    check_alleles(s.path, record, rec);
}

bool VcfReader::next() {
    if (!read_raw(impl_->current)) return false;
    decode(impl_->current);
    return true;
}

VcfRecord& VcfReader::record() {
    return impl_->current;
}

std::int64_t VcfReader::records_read() const {
    return impl_->records;
}

std::int64_t VcfRecord::number() const {
    return impl_->number;
}

std::string_view VcfRecord::chrom() const {
    const char* name = bcf_hdr_id2name(impl_->header(), impl_->record->rid);
    return name ? std::string_view(name) : std::string_view{};
}

ChromIndex VcfRecord::chrom_index() const {
    return impl_->chrom_index;
}

std::int64_t VcfRecord::pos() const {
    return static_cast<std::int64_t>(impl_->record->pos) + 1;
}

bool VcfRecord::passes_filter() const {
    const bcf1_t* r = impl_->record.get();
    if (r->d.n_flt == 0) return true;
    for (int i = 0; i < r->d.n_flt; ++i) {
        const char* name = bcf_hdr_int2id(impl_->header(), BCF_DT_ID, r->d.flt[i]);
        if (!name || std::strcmp(name, "PASS") != 0) return false;
    }
    return true;
}

std::vector<std::string_view> VcfRecord::failed_filters() const {
    std::vector<std::string_view> names;
    const bcf1_t* r = impl_->record.get();
    for (int i = 0; i < r->d.n_flt; ++i) {
        const char* name = bcf_hdr_int2id(impl_->header(), BCF_DT_ID, r->d.flt[i]);
        if (name && std::strcmp(name, "PASS") != 0) names.emplace_back(name);
    }
    return names;
}

bool VcfRecord::has_info(const std::string& tag) const {
    bcf1_t* r = impl_->record.get();
    bcf_unpack(r, BCF_UN_INFO);
    return bcf_get_info(impl_->header(), r, tag.c_str()) != nullptr;
}

const std::vector<std::string_view>& VcfRecord::alleles() {
    Impl& s = *impl_;
    if (!s.alleles_ready) {
        bcf1_t* r = s.record.get();
        bcf_unpack(r, BCF_UN_STR);
        s.alleles.clear();
        for (int i = 0; i < r->n_allele; ++i) s.alleles.emplace_back(r->d.allele[i]);
        s.alleles_ready = true;
    }
    return s.alleles;
}

std::string_view VcfRecord::info_string(const std::string& tag) {
    Impl& s = *impl_;
    bcf1_t* r = s.record.get();
    bcf_unpack(r, BCF_UN_INFO);
    const int n = bcf_get_info_string(s.header(), r, tag.c_str(), &s.info_buffer.data, &s.info_buffer.capacity);
    if (n <= 0) return {};
    return std::string_view(s.info_buffer.data, std::strlen(s.info_buffer.data));
}

std::string_view VcfRecord::id() {
    bcf1_t* r = impl_->record.get();
    bcf_unpack(r, BCF_UN_STR);
    return r->d.id ? std::string_view(r->d.id) : std::string_view(".");
}

std::int64_t VcfRecord::end_pos() const {
    const bcf1_t* r = impl_->record.get();
    return static_cast<std::int64_t>(r->pos) + std::max<std::int64_t>(1, r->rlen);
}

std::string VcfRecord::record_label() {
    const auto& a = alleles();
    std::string label =
        std::string(chrom()) + ":" + std::to_string(pos()) + " " + (a.empty() ? "?" : std::string(a[0])) + ">";
    for (std::size_t i = 1; i < a.size(); ++i) label += (i > 1 ? "," : "") + std::string(a[i]);
    return label;
}

}  // namespace pedtx
