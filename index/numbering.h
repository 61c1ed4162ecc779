// How roadmaps number their parts: measure numbers («1.2», «1.2.», «1.1.1», «7»), section
// headings («1. В сфере культуры», «Раздел III. …», «IV. …», Roman or Arabic), year rows
// («2025 год») and a report row's citation of the plan item it reports on («п. 2.3 Плана»).
// Hand-written scanners: row classification runs for every row (std::regex cost 40% of
// indexing once).
#ifndef KARTA_INDEX_NUMBERING_H_
#define KARTA_INDEX_NUMBERING_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace karta {

// «1.2», «1.2.», «10.», «1.1.1» → the number without the trailing dot; nullopt otherwise.
[[nodiscard]] std::optional<std::string> ParseMeasureNumber(std::string_view s);

// «а)», «б.», «b)»: a lettered sub-item under the measure above → its letter; nullopt otherwise.
[[nodiscard]] std::optional<std::string> ParseLetterItem(std::string_view s);

// Whether measure number `next` follows `prev` in a numbered list: the same level's next
// («1.9» → «1.10»), a first sub-item («1.2» → «1.2.1»), or the next of a level above with
// its sub-levels at 1 («1.12» → «2», «2.1»). Both as ParseMeasureNumber gives them.
[[nodiscard]] bool FollowsInSequence(std::string_view prev, std::string_view next);

// «п. 2.3 Плана», «пункт 2.3 плана», «2.3 Плана» → «2.3»: a report row citing a plan item.
[[nodiscard]] std::optional<std::string> ParsePlanCitation(std::string_view s);

// «XIV» → 14; nullopt unless `s` is a well-formed Roman numeral (I … MMM).
[[nodiscard]] std::optional<int> RomanToInt(std::string_view s);

struct SectionHeading {
  std::string number;   // Arabic («3» for «Раздел III»); empty for an unnumbered heading
  std::string heading;  // the words after the number
};

// «1. В сфере культуры», «2 В области …», «IV. Культура», «Раздел III. Спорт», «Раздел 2 …»
// → {number, heading}; nullopt for anything else (a measure number, a year row, plain text).
[[nodiscard]] std::optional<SectionHeading> ParseSectionHeading(std::string_view s);

// «1.1. Проведение совместных мероприятий» → {«1.1», «Проведение …»}: a heading numbered on
// two or more levels, under a section.
[[nodiscard]] std::optional<SectionHeading> ParseSubsectionHeading(std::string_view s);

// «2025 год», «2025 г.», «На 2025 год» → 2025: a row grouping the measures of a year.
[[nodiscard]] std::optional<int> ParseYearRow(std::string_view s);

// «Итого», «Всего: 12 мероприятий» — a totals row, never a measure.
[[nodiscard]] bool IsTotalsRow(std::string_view s);

}  // namespace karta

#endif  // KARTA_INDEX_NUMBERING_H_
