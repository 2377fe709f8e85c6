// The Tier type: rank order, names as reports write them (and read them back), and each named
// group of tiers on every tier, so that "actionable" in a report keeps one meaning per view.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "pedtx/match/tier.hpp"

using namespace pedtx;

TEST_CASE("tiers rank IA < IB < IIC < IID < III, in the order kTiers lists them", "[tier]") {
    CHECK(tier_rank(Tier::IA) == 0);
    CHECK(tier_rank(Tier::IB) == 1);
    CHECK(tier_rank(Tier::IIC) == 2);
    CHECK(tier_rank(Tier::IID) == 3);
    CHECK(tier_rank(Tier::III) == 4);
    for (std::size_t i = 1; i < kTiers.size(); ++i) CHECK(tier_rank(kTiers[i - 1]) < tier_rank(kTiers[i]));

    CHECK(better_tier(Tier::IIC, Tier::IB) == Tier::IB);
    CHECK(better_tier(Tier::IB, Tier::IIC) == Tier::IB);
    CHECK(better_tier(Tier::III, Tier::IID) == Tier::IID);
    CHECK(better_tier(Tier::IA, Tier::IA) == Tier::IA);
}

TEST_CASE("tier names round-trip, and only the exact names parse", "[tier]") {
    CHECK(to_string(Tier::IA) == "IA");
    CHECK(to_string(Tier::IB) == "IB");
    CHECK(to_string(Tier::IIC) == "IIC");
    CHECK(to_string(Tier::IID) == "IID");
    CHECK(to_string(Tier::III) == "III");
    std::set<std::string_view> names;
    for (const Tier tier : kTiers) {
        names.insert(to_string(tier));
        CHECK(parse_tier(to_string(tier)) == tier);
    }
    CHECK(names.size() == kTiers.size());

    // What a report never writes: other case, padding, tier IV (not used by pedtx), the bare level.
    for (const char* text : {"", "ia", "Ia", " IA", "IA ", "IV", "II", "I", "A", "IIIA", "tier IA"})
        CHECK_FALSE(parse_tier(text).has_value());
}

TEST_CASE("each group of tiers on every tier", "[tier]") {
    struct Expected {
        Tier tier;
        bool tier_one, tier_two, clinically_significant, therapy_option;
    };
    // AMP/ASCO/CAP 2017: tier I (IA, IB) strong, tier II (IIC, IID) potential, III unknown
    // significance; the HTML summary offers IA-IIC as therapy options (see tier.hpp).
    const Expected table[] = {
        {Tier::IA, true, false, true, true},     {Tier::IB, true, false, true, true},
        {Tier::IIC, false, true, true, true},    {Tier::IID, false, true, true, false},
        {Tier::III, false, false, false, false},
    };
    REQUIRE(std::size(table) == kTiers.size());
    for (const auto& row : table) {
        INFO("tier " << to_string(row.tier));
        CHECK(is_tier_one(row.tier) == row.tier_one);
        CHECK(is_tier_two(row.tier) == row.tier_two);
        CHECK(is_clinically_significant(row.tier) == row.clinically_significant);
        CHECK(is_therapy_option(row.tier) == row.therapy_option);
        // Tier I and tier II never overlap, and together they are the clinically significant tiers.
        CHECK_FALSE((is_tier_one(row.tier) && is_tier_two(row.tier)));
        CHECK(is_clinically_significant(row.tier) == (is_tier_one(row.tier) || is_tier_two(row.tier)));
        // A therapy option is always clinically significant.
        if (is_therapy_option(row.tier)) CHECK(is_clinically_significant(row.tier));
    }
}

TEST_CASE("the groups are usable at compile time", "[tier]") {
    static_assert(is_tier_one(Tier::IA) && !is_tier_one(Tier::IIC));
    static_assert(is_therapy_option(Tier::IIC) && !is_therapy_option(Tier::IID));
    static_assert(tier_rank(better_tier(Tier::IID, Tier::IB)) == 1);
    SUCCEED("checked by static_assert");
}
