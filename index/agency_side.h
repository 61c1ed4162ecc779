// Decides which side an agency belongs to when a document lists both governments' bodies in
// one column («Ответственные исполнители»). In order:
//  1. a name that mentions the partner region (any case form or alias) → the partner;
//  2. a name that mentions St Petersburg («Санкт-Петербурга», «Санкт-Петербургское …») → SPb;
//  3. otherwise by the body's head word, as the document itself uses it: the head words
//     («Комитет», «Министерство», «Департамент» …) of the agencies that rules 1–2 placed;
//  4. otherwise by the two governments' structure: St Petersburg's executive bodies are
//     committees («Комитет по …», «Жилищный комитет»), so a committee is St Petersburg's and
//     any other body the partner's — marked unsure, for a warning.
//
// Thread safety: immutable after Learn(); use one instance per document.
#ifndef KARTA_INDEX_AGENCY_SIDE_H_
#define KARTA_INDEX_AGENCY_SIDE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "index/gazetteer.h"

namespace karta {

enum class AgencySide { kSpb, kPartner };

struct SideDecision {
  AgencySide side = AgencySide::kPartner;
  bool unsure = false;  // decided by rule 4
};

class AgencySides {
 public:
  // `partner` may be null (the document names no region); then only rules 2–4 apply.
  AgencySides(const Region* partner, const Gazetteer& gazetteer)
      : partner_(partner), gazetteer_(gazetteer) {}

  // Records the head words of agencies whose side is known (the sided columns, and the
  // names rules 1–2 decide), so that rule 3 can follow the document's own usage.
  void Learn(const std::vector<std::string>& names, AgencySide side);
  void LearnMentions(const std::vector<std::string>& names);

  [[nodiscard]] SideDecision Decide(std::string_view name) const;

 private:
  [[nodiscard]] int MentionedSide(std::string_view name) const;  // 1 SPb, 2 partner, 0 none

  const Region* partner_;
  const Gazetteer& gazetteer_;
  std::map<std::string, int> heads_;  // head word → +1 per SPb use, −1 per partner use
};

// The word a body's name starts with, folded: «комитет», «министерство»; for «Жилищный
// комитет» the noun («комитет»); for initials alone, the kind they stand for («КППИТ» →
// «комитет», «Минкультуры …» → «министерство»).
[[nodiscard]] std::string AgencyHeadWord(std::string_view name);

}  // namespace karta

#endif  // KARTA_INDEX_AGENCY_SIDE_H_
