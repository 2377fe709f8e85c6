// What changed between two knowledge-base releases: evidence items, drugs, approvals,
// genes and trials added, removed or changed (same id, different content), so a curator
// or a consortium can see what a new release changes for patients before adopting it.
#pragma once

#include <string>
#include <vector>

#include "pedtx/kb/knowledgebase.hpp"

namespace pedtx {

enum class KbChangeKind { added, removed, changed };
std::string_view to_string(KbChangeKind kind);

struct KbChange {
    KbChangeKind kind = KbChangeKind::changed;
    std::string entity;  // evidence, drug, approval, gene, trial
    std::string id;      // evidence id, drug name, approval id, gene symbol, NCT id
    // changed: the fields that differ, "level B -> A; references" (old -> new for short values);
    // added / removed: a short description ("BRAF V600E; dabrafenib+trametinib; sensitive; level A").
    std::string detail;
};

// Every difference between two loaded knowledge bases, sorted by (kind, entity, id).
// Approvals are compared on their own (by id), not as a field of their drug.
std::vector<KbChange> diff_knowledgebases(const Knowledgebase& old_kb, const Knowledgebase& new_kb);

// "changed\tevidence\tEV0005\tlevel B -> A; references" (tabs and newlines in values become spaces).
std::string format_change(const KbChange& change);

// "summary\t2026.11.0 -> 2026.11.1\tevidence +2 -0 ~1; drugs +0 -0 ~0; ..." for the same changes.
std::string format_diff_summary(const Knowledgebase& old_kb, const Knowledgebase& new_kb,
                                const std::vector<KbChange>& changes);

}  // namespace pedtx
