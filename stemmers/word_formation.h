// Nouns and their relational adjectives joined by the productive rules of Russian word
// formation (наука — научный, медицина — медицинский, миграция — миграционный), on the stems
// karta's index stores. The rules are data (stemmers/data/word_formation_ru.tsv), as are the
// pairs they would join wrongly (word_formation_exceptions_ru.txt). Query expansion uses the
// result at a lower weight than the word typed; a candidate stem that no measure contains
// simply matches nothing.
//
// Thread safety: immutable after construction; Default() is safe to share.
#ifndef KARTA_STEMMERS_WORD_FORMATION_H_
#define KARTA_STEMMERS_WORD_FORMATION_H_

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stemmers/russian_analyzer.h"

namespace karta {

class WordFormation {
 public:
  WordFormation(std::string_view rules_text, std::string_view exceptions_text,
                const RussianAnalyzer& analyzer);
  static const WordFormation& Default();

  // The index terms (stems, without Xapian's "Z") the rules join to a folded word (a noun's
  // adjectives, an adjective's nouns), without the word's own term and the listed exceptions.
  // The rules apply to Snowball's stem and to the fixed-point stem the index keeps (which can
  // be shorter: «композиты» → «композит» → «композ»), and every candidate is brought to the
  // index's fixed point.
  [[nodiscard]] std::vector<std::string> Relatives(std::string_view folded_word) const;

  // A noun stem shorter than this joins nothing: short stems resemble each other by chance
  // (пол — полный, край — крайний); their families belong in word_families_ru.txt.
  static constexpr size_t kMinNounLetters = 4;

 private:
  struct Rule {
    std::string noun_end;
    std::string adjective_end;
  };
  const RussianAnalyzer& analyzer_;
  std::vector<Rule> rules_;
  std::set<std::pair<std::string, std::string>> exceptions_;  // both orders
};

}  // namespace karta

#endif  // KARTA_STEMMERS_WORD_FORMATION_H_
