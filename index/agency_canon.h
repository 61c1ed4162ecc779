// Canonical agencies: one agency has one identity however it is spelled. «Комитет по
// культуре», «Комитет по культуре Санкт-Петербурга» and «Комитет по культуре Санкт Петербурга»
// share the key «комитет по культуре»; «Министерство экономического развития инвестиций
// Пермского края» and «… развития и инвестиций …» share one too. The index keeps the names as
// written and picks one display name per key (AgencyRegistry).
#ifndef KARTA_INDEX_AGENCY_CANON_H_
#define KARTA_INDEX_AGENCY_CANON_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace karta {

enum class Side { kSpb, kPartner };

[[nodiscard]] const char* SideName(Side side);  // "spb" / "partner"

// Folded, hyphen-restored «санкт-петербург», conjunction «и» and a trailing
// «санкт-петербурга» dropped, quotes and punctuation removed; a closing note of initials or
// «(по согласованию)» dropped, and a St Petersburg body's initials alone («КНВШ») read as its
// full name.
[[nodiscard]] std::string AgencyKey(std::string_view name);

// The full name of a St Petersburg body named by its initials («КНВШ» → «Комитет по науке и
// высшей школе»; index/data/spb_body_abbreviations.tsv); nullptr for any other name.
[[nodiscard]] const std::string* FullNameOfInitials(std::string_view name);

// The agencies of an index: key → display name, side and the spellings seen.
class AgencyRegistry {
 public:
  struct Entry {
    std::string key;
    std::string name;                         // the display name
    bool spb = false, partner = false;        // sides it appears on
    std::map<std::string, size_t> spellings;  // as written → number of measures
    size_t measures = 0;
  };

  // Records one mention of an agency on one measure.
  void Add(Side side, const std::string& written);
  // The same, with the key already computed (AgencyKey(written)).
  void Add(Side side, const std::string& key, const std::string& written);
  // Picks display names: a spelling with «Санкт-Петербург» written correctly first, then the
  // most frequent, then the longest.
  void Finish();

  [[nodiscard]] const Entry* Find(const std::string& key) const;
  [[nodiscard]] const std::map<std::string, Entry>& entries() const { return entries_; }

  // Entries a user's words may mean: the exact key, else keys containing every word.
  [[nodiscard]] std::vector<const Entry*> Match(std::string_view user_text) const;
  // Display names closest to `user_text`, best first.
  [[nodiscard]] std::vector<std::string> Near(std::string_view user_text, size_t max) const;

  [[nodiscard]] std::string Serialize() const;  // JSON
  static AgencyRegistry Deserialize(std::string_view json);

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace karta

#endif  // KARTA_INDEX_AGENCY_CANON_H_
