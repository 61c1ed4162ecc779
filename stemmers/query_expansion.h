// Query-time expansion for plain-word queries, every kind at a lower weight than the words
// typed, so exact matches still rank first:
// - derivational families (спорт ↔ спортивный ↔ спортсмен), word_families_ru.txt;
// - nouns and their relational adjectives by the rules of word formation (медицина ↔
//   медицинский, телемедицина ↔ телемедицинский), WordFormation;
// - one-word compounds and their parts (агропромышленный → промышленный; ranked higher with
//   both parts: агротехнологии → «агропромышленного … технологий»), and clipped
//   compounds written in full (соцзащита → «социальная защита»), truncations_ru.tsv;
// - a hyphenated compound's parts written apart (социально-трудовые → «социального … труда»);
// - groups of names of the same thing, abbreviations (НКО ↔ «некоммерческая организация»,
//   abbreviations_ru.tsv) and colloquial ↔ official names (вуз ↔ «высшее образование»,
//   synonyms_ru.tsv): a query naming one member finds the others as phrases, and their
//   hyphenated compound adjectives with any noun (НИОКР → «научно-исследовательских программ»);
// - narrower terms (единоборства → бокс, дзюдо, …; narrower_terms_ru.tsv): a query naming the
//   broader term finds the narrower ones, not the other way round.
// A word added by expansion does not count inside a fixed name of another thing it heads
// («школа» inside «высшая школа»).
//
// Thread safety: immutable after construction; Default() is safe to share. Build() needs a
// stemmer of the caller's own.
#ifndef KARTA_STEMMERS_QUERY_EXPANSION_H_
#define KARTA_STEMMERS_QUERY_EXPANSION_H_

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stemmers/russian_analyzer.h"
#include "stemmers/word_formation.h"

namespace karta {

class QueryExpansion {
 public:
  // The texts of the data files (any may be empty).
  struct Data {
    std::string_view families;
    std::string_view abbreviations;
    std::string_view synonyms;
    std::string_view truncations;
    std::string_view narrower;
  };
  QueryExpansion(const Data& data, const RussianAnalyzer& analyzer, const WordFormation& formation);
  static const QueryExpansion& Default();

  // A copy that also knows these {abbreviation, expansion} pairs (learned from documents).
  [[nodiscard]] QueryExpansion With(
      const std::vector<std::pair<std::string, std::string>>& abbreviations) const;

  static constexpr double kRelatedWeight = 0.5;
  // Another name of the thing searched for may have words between its own, as coordinated
  // modifiers share one noun: «дошкольного, общего и среднего профессионального образования»
  // names «общее образование».
  static constexpr size_t kCoordinationSlack = 4;
  // The weight of a typed word of a named kind in a measure naming another kind it heads
  // (OwnKind).
  static constexpr double kAnotherKindWeight = 0.3;
  // Letters of a combining form's stem that make it stand for its family (BothParts).
  static constexpr size_t kMinFormStem = 5;

  // The query for plain text (no operators, quotes or field prefixes): every word, or phrase
  // of an abbreviation, is one group; groups are combined with `op` (AND or OR).
  // `ranking`: with the parts that only weigh — measures where the words stand close together
  // rank higher, a written-out phrase adds weight to a word it contains. Without them the
  // query matches the same measures and is cheaper to count.
  [[nodiscard]] Xapian::Query Build(std::string_view text, Xapian::Query::op op,
                                    bool ranking = true) const;

  // The ranked query for plain text: any word may match, and measures with all of them (and
  // with the words close together) get their weight twice, so they lead. The same weights as
  // Build(OR) AND_MAYBE Build(AND), with each posting list and position read as few times as
  // that allows.
  [[nodiscard]] Xapian::Query BuildRanked(std::string_view text) const;

  // A quoted phrase: its words' stems in order (stopwords included, as the index keeps them),
  // any inflection, no family or abbreviation: quotes mean «as written» (a quoted single word
  // too). Empty when it holds no word.
  [[nodiscard]] Xapian::Query BuildPhrase(std::string_view text) const;

  // Stems (without Xapian's "Z" prefix) that a one-word query also finds at the lower weight:
  // its family and its relatives by word formation, its own stem excluded. The word is folded
  // (RussianAnalyzer::Normalize).
  [[nodiscard]] std::vector<std::string> Related(std::string_view folded_word) const;

 private:
  struct Expression {
    std::vector<std::string> stems;    // every word's stems, stopwords included: a phrase
    std::vector<std::string> content;  // without stopwords: what a query must contain
    std::string head;  // the stem of its first word not inflected as an adjective, if any
    // Its hyphenated compound adjectives («научно-исследовательские»), each its parts' stems:
    // terms of a field by themselves.
    std::vector<std::vector<std::string>> compound_adjectives;
  };
  struct Token {
    std::vector<std::string> parts;       // stems of a word's hyphen-separated parts
    std::vector<std::string> part_words;  // the folded parts of a hyphenated word
    std::string word;                     // the folded word, when it has one part
    std::string compound_rest;            // a one-word compound without its combining form (folded)
    std::vector<std::string> unclipped;   // a clipped compound's two stems written in full
    bool stop = false;
  };
  [[nodiscard]] std::vector<Token> Tokenize(std::string_view text) const;
  [[nodiscard]] Expression MakeExpression(std::string_view text) const;
  void AddGroup(std::vector<Expression> members);
  // Notes the names of several words whose head word means something else alone («высшая
  // школа» is not a school), and the kinds each head word names, from the groups and narrower
  // terms built.
  void NoteFixedNames();
  // A typed word of a kind («образование» in «школьное образование», «помощь» in
  // «медицинская помощь») weighs little inside the name of another kind it heads in the data
  // («высшего образования», «социальная помощь»), unless the measure also holds the words
  // typed (`typed`, their stems, as a phrase). Not other kinds: the names in `family` (what
  // the words name, its other names, its narrower and broader terms), and names whose words
  // are all typed or that hold all the words typed.
  [[nodiscard]] Xapian::Query OwnKind(Xapian::Query word, const std::string& head,
                                      const std::set<std::vector<std::string>>& family,
                                      const std::vector<std::string>& typed) const;
  // The query for a stem that expansion adds (not a word typed): it does not count inside a
  // fixed name whose head it is.
  [[nodiscard]] Xapian::Query Expanded(const std::string& stem) const;
  // Another name of what the query names, as a query: a phrase whose words may have
  // coordinated modifiers between them, or one word as Expanded().
  [[nodiscard]] Xapian::Query Named(const Expression& e) const;
  // Past-the-end token index when `tokens` from `i` hold exactly `content` (stopwords
  // skipped), else 0.
  [[nodiscard]] static size_t MatchAt(const std::vector<Token>& tokens, size_t i,
                                      const std::vector<std::string>& content);
  // `slack`: how many other words may stand between the stems (still in order).
  [[nodiscard]] static Xapian::Query Phrase(const std::vector<std::string>& stems,
                                            size_t slack = 0);
  [[nodiscard]] Xapian::Query Word(const Token& token, bool ranking) const;
  // For a one-word compound («агротехнологии»): measures with both its parts, its combining
  // form in a word of its own («агропромышленного», «энергетики» for «энергосбережение») and
  // its rest in any of the forms `rest` («технологий»).
  [[nodiscard]] static Xapian::Query BothParts(const Xapian::Stem& stem, const Token& token,
                                               const std::vector<Xapian::Query>& rest);
  // One query per word or named expression, its own words combined with `op`.
  [[nodiscard]] std::vector<Xapian::Query> Groups(const std::vector<Token>& tokens,
                                                  Xapian::Query::op op, bool ranking) const;
  // The words within a window of each other, or an empty query for fewer than two words.
  [[nodiscard]] static Xapian::Query Proximity(const std::vector<Token>& tokens);

  const RussianAnalyzer& analyzer_;
  const WordFormation& formation_;
  std::unordered_map<std::string, std::vector<std::string>> related_;
  struct Narrower {
    Expression broader;
    std::vector<Expression> narrower;
  };
  std::vector<std::vector<Expression>> groups_;  // names of the same thing
  std::vector<Narrower> narrower_;
  std::vector<std::pair<std::string, std::string>> clipped_;  // folded clipping, adjective stem
  // Head stem → the fixed names it heads, as phrases of stems.
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> fixed_names_;
  // Head stem → every name of several words in the data that it heads: the kinds of a thing
  // («высшее образование», «дошкольное образование» for «образование»).
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> kinds_by_head_;
};

}  // namespace karta

#endif  // KARTA_STEMMERS_QUERY_EXPANSION_H_
