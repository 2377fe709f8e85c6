// Private to src/match/: base-level helpers that transcript_position.cpp and translation.cpp
// share (one complement, one trimming of an allele pair), so both read alleles the same way.
#pragma once

#include <cstddef>
#include <string_view>

namespace pedtx::allele_bases {

// Watson-Crick complement, keeping case; anything else (N, IUPAC codes) becomes N.
inline char complement(char base) {
    switch (base) {
        case 'A':
            return 'T';
        case 'C':
            return 'G';
        case 'G':
            return 'C';
        case 'T':
            return 'A';
        case 'a':
            return 't';
        case 'c':
            return 'g';
        case 'g':
            return 'c';
        case 't':
            return 'a';
        default:
            return 'N';
    }
}

// Trims the suffix REF and ALT share, then their shared prefix (the VCF anchor base): the
// left-most placement. Returns how many leading bases were removed (added to POS).
inline std::size_t trim_shared_bases(std::string_view& ref, std::string_view& alt) {
    std::size_t suffix = 0;
    while (suffix < ref.size() && suffix < alt.size() && ref[ref.size() - 1 - suffix] == alt[alt.size() - 1 - suffix])
        ++suffix;
    ref.remove_suffix(suffix);
    alt.remove_suffix(suffix);
    std::size_t prefix = 0;
    while (prefix < ref.size() && prefix < alt.size() && ref[prefix] == alt[prefix]) ++prefix;
    ref.remove_prefix(prefix);
    alt.remove_prefix(prefix);
    return prefix;
}

}  // namespace pedtx::allele_bases
