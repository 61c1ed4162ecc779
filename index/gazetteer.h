// The federal subjects of Russia with every case form of their names (index/data/
// regions.tsv), so that «Пермского края», «Пермским краем» and «Прикамье» all resolve to the
// canonical nominative «Пермский край».
//
// Thread safety: immutable after construction; Default() is safe to share.
#ifndef KARTA_INDEX_GAZETTEER_H_
#define KARTA_INDEX_GAZETTEER_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace karta {

struct Region {
  std::string code;  // ISO 3166-2:RU subdivision code where one exists: «PER»
  std::string name;  // canonical nominative: «Пермский край»
};

struct RegionMention {
  const Region* region = nullptr;
  size_t begin = 0;  // code-point offsets in the match key of the searched text
  size_t end = 0;
};

class Gazetteer {
 public:
  // Parses the TSV format of regions.tsv; malformed lines are skipped.
  static Gazetteer FromTsv(std::string_view tsv);
  // The gazetteer compiled from index/data/regions.tsv.
  static const Gazetteer& Default();

  // Any case form or alias, compared by MatchKey: «пермского края» → Пермский край.
  [[nodiscard]] const Region* Resolve(std::string_view name) const;
  [[nodiscard]] const Region* ByCode(std::string_view code) const;
  // The one region one of whose forms starts with the words of `prefix` («Пермского»,
  // «Томской»); nullptr when none or several do.
  [[nodiscard]] const Region* ResolvePrefix(std::string_view prefix) const;

  // What an analyst types for a region, tried in turn: any case form or alias; a region code
  // as printed in ids («PER», «per»); the name with «обл.», «респ.», «АО» written out
  // («Томская обл.»); the start of a name («Пермского»); the administrative centre in any case
  // form («Томск», «в Калининграде», «г. Пермь»). nullptr when none or several match.
  [[nodiscard]] const Region* ResolveAnyForm(std::string_view value) const;

  // Adds administrative centres from the TSV format of region_capitals.tsv (code, city).
  void AddCapitals(std::string_view tsv);

  // Every non-overlapping mention in running text, longest forms first, in text order.
  [[nodiscard]] std::vector<RegionMention> FindAll(std::string_view text) const;

  // Whether `text` ends on a mention of a region («… Новгородской области», «…
  // Санкт-Петербурга»): a body's name ended on the territory it serves.
  [[nodiscard]] bool EndsWithMention(std::string_view text) const;

  // Canonical names closest to `name` (for "did you mean" messages), best first.
  [[nodiscard]] std::vector<std::string> Near(std::string_view name, size_t max) const;

  [[nodiscard]] const std::vector<Region>& regions() const { return regions_; }

 private:
  std::vector<Region> regions_;
  std::unordered_map<std::string, size_t> by_form_;  // MatchKey(form) → index in regions_
  std::vector<std::pair<std::u32string, size_t>> forms_longest_first_;
  std::unordered_map<std::string, size_t> by_capital_;  // CapitalKey(city) → index in regions_
};

// Edit distance between two strings, counted in code points.
[[nodiscard]] size_t EditDistance(std::u32string_view a, std::u32string_view b);

}  // namespace karta

#endif  // KARTA_INDEX_GAZETTEER_H_
