// Names of variant classes and their groupings.
#include "pedtx/core/variant.hpp"

#include <array>
#include <utility>

namespace pedtx {

namespace {
constexpr std::array<std::pair<VariantClass, std::string_view>, 14> kClassNames = {{
    {VariantClass::missense, "missense"},
    {VariantClass::stop_gained, "stop_gained"},
    {VariantClass::frameshift, "frameshift"},
    {VariantClass::inframe_deletion, "inframe_deletion"},
    {VariantClass::inframe_insertion, "inframe_insertion"},
    {VariantClass::inframe_delins, "inframe_delins"},
    {VariantClass::splice, "splice"},
    {VariantClass::start_lost, "start_lost"},
    {VariantClass::stop_lost, "stop_lost"},
    {VariantClass::synonymous, "synonymous"},
    {VariantClass::intronic, "intronic"},
    {VariantClass::utr, "utr"},
    {VariantClass::noncoding, "noncoding"},
    {VariantClass::other, "other"},
}};
}  // namespace

std::string_view to_string(VariantClass cls) {
    for (const auto& [value, name] : kClassNames)
        if (value == cls) return name;
    return "other";
}

std::optional<VariantClass> parse_variant_class(std::string_view name) {
    for (const auto& [value, known] : kClassNames)
        if (known == name) return value;
    return std::nullopt;
}

std::string_view to_string(TranscriptRegion region) {
    switch (region) {
        case TranscriptRegion::exon: return "exon";
        case TranscriptRegion::intron: return "intron";
        case TranscriptRegion::upstream: return "upstream";
        default: return "downstream";
    }
}

std::string_view to_string(IndelFrame frame) {
    switch (frame) {
        case IndelFrame::inframe: return "inframe";
        case IndelFrame::frameshift: return "frameshift";
        case IndelFrame::not_coding: return "not_coding";
        default: return "not_indel";
    }
}

bool is_protein_altering(VariantClass cls) {
    switch (cls) {
        case VariantClass::missense:
        case VariantClass::stop_gained:
        case VariantClass::frameshift:
        case VariantClass::inframe_deletion:
        case VariantClass::inframe_insertion:
        case VariantClass::inframe_delins:
        case VariantClass::splice:
        case VariantClass::start_lost:
        case VariantClass::stop_lost:
            return true;
        default:
            return false;
    }
}

bool is_truncating(VariantClass cls) {
    return cls == VariantClass::stop_gained || cls == VariantClass::frameshift ||
           cls == VariantClass::splice || cls == VariantClass::start_lost;
}

}  // namespace pedtx
