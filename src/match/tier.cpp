// Tier names, as every report writes them and `pedtx cohort` reads them back.
#include "pedtx/match/tier.hpp"

namespace pedtx {

std::string_view to_string(Tier tier) {
    switch (tier) {
        case Tier::IA:
            return "IA";
        case Tier::IB:
            return "IB";
        case Tier::IIC:
            return "IIC";
        case Tier::IID:
            return "IID";
        case Tier::III:
            return "III";
    }
    return "III";
}

std::optional<Tier> parse_tier(std::string_view text) {
    for (const Tier tier : kTiers)
        if (text == to_string(tier)) return tier;
    return std::nullopt;
}

}  // namespace pedtx
