// Query-time expansion for plain-word queries: derivational families (спорт ↔ спортивный ↔
// спортсмен) and abbreviations (НКО ↔ «некоммерческая организация»), from the data files
// stemmers/data/word_families_ru.txt and abbreviations_ru.tsv. Related forms count at a lower
// weight than the words typed, so exact matches still rank first.
//
// Thread safety: immutable after construction; Default() is safe to share. Build() needs a
// stemmer of the caller's own.
#ifndef KARTA_STEMMERS_QUERY_EXPANSION_H_
#define KARTA_STEMMERS_QUERY_EXPANSION_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stemmers/russian_analyzer.h"

namespace karta {

class QueryExpansion {
 public:
  QueryExpansion(std::string_view families_text, std::string_view abbreviations_text,
                 const RussianAnalyzer& analyzer);
  static const QueryExpansion& Default();

  // A copy that also knows these {abbreviation, expansion} pairs (learned from documents).
  [[nodiscard]] QueryExpansion With(
      const std::vector<std::pair<std::string, std::string>>& abbreviations) const;

  static constexpr double kRelatedWeight = 0.5;

  // The query for plain text (no operators, quotes or field prefixes): every word, or phrase
  // of an abbreviation, is one group; groups are combined with `op` (AND or OR).
  // `proximity`: measures where the words stand close together rank higher (an optional
  // boost: the set of matches is the same without it, and cheaper to count).
  [[nodiscard]] Xapian::Query Build(std::string_view text, Xapian::Query::op op,
                                    bool proximity = true) const;

  // A quoted phrase: its words' stems in order (stopwords included, as the index keeps them),
  // any inflection, no family or abbreviation: quotes mean «as written» (a quoted single word
  // too). Empty when it holds no word.
  [[nodiscard]] Xapian::Query BuildPhrase(std::string_view text) const;

  // Stems (without Xapian's "Z" prefix) of the family of `stem`, itself excluded.
  [[nodiscard]] std::vector<std::string> Related(const std::string& stem) const;

 private:
  struct Abbreviation {
    std::vector<std::string> short_form;  // stems of the abbreviation's words
    std::vector<std::string> long_form;   // stems of the expansion's words, stopwords included
  };
  struct Token {
    std::vector<std::string> parts;  // stems of a word's hyphen-separated parts
    std::string compound_rest;       // stem of a one-word compound without its combining form
    bool stop = false;
  };
  [[nodiscard]] std::vector<Token> Tokenize(std::string_view text) const;
  void AddAbbreviation(std::string_view short_form, std::string_view long_form);
  [[nodiscard]] static Xapian::Query Phrase(const std::vector<std::string>& stems);
  [[nodiscard]] Xapian::Query Word(const Token& token) const;

  const RussianAnalyzer& analyzer_;
  std::unordered_map<std::string, std::vector<std::string>> related_;
  std::vector<Abbreviation> abbreviations_;
};

}  // namespace karta

#endif  // KARTA_STEMMERS_QUERY_EXPANSION_H_
