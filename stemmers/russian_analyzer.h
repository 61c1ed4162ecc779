// The Russian text analysis used identically at index time and at query time: Unicode NFC
// normalisation, case folding with Boost.Locale, ё→е folding, a stopword list
// (stemmers/data/stopwords_ru.txt) and Snowball Russian stemming through Xapian, wrapped in a
// Xapian::StemImplementation that folds ё itself (Xapian 1.4's stemmer does not), so that
// snippets and spelling see the same terms as the index, and that repeats Snowball until the
// term is stable, so «спортсмены» and «спортсменов» meet (Snowball alone is not idempotent).
//
// Hyphenated words («конгрессно-выставочных», «Санкт- Петербургском») are split into
// adjacent words by the TermGenerator, and the QueryParser turns a hyphenated query word into
// a phrase, so they are found both whole and by their parts.
//
// Thread safety: Default() is immutable and shareable; each Xapian::Stem returned by
// MakeStemmer() must be used by one thread at a time.
#ifndef KARTA_STEMMERS_RUSSIAN_ANALYZER_H_
#define KARTA_STEMMERS_RUSSIAN_ANALYZER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace karta {

class RussianAnalyzer {
 public:
  RussianAnalyzer(std::string_view stopwords_text, std::string_view compound_prefixes_text);
  static const RussianAnalyzer& Default();  // with the bundled stopword list

  // NFC, lower case, ё→е: the form every text takes before indexing or parsing a query.
  [[nodiscard]] std::string Normalize(std::string_view text) const;

  // A fresh ё-folding Russian stemmer.
  [[nodiscard]] Xapian::Stem MakeStemmer() const;

  [[nodiscard]] bool IsStopword(std::string_view folded_word) const;
  // Whether a term is a stopword or a stopword's stem («перед», «во»): no other word's.
  [[nodiscard]] bool IsStopTerm(const std::string& term) const { return stop_stems_->count(term); }

  // The stemmed term of one word as the index stores it (without Xapian's "Z" prefix); empty
  // for stopwords. Used by the word → term test files.
  [[nodiscard]] std::string Term(std::string_view word) const;

  // For a compound written as one word («агропромышленный»), the word without its combining
  // form («промышленный»); empty otherwise. Words are folded (Normalize).
  [[nodiscard]] std::string CompoundRemainder(std::string_view folded_word) const;

  // Adds, for every one-word compound in `folded_text`, the stemmed term of its remainder to
  // `doc` (without positions), so «промышленный» finds «агропромышленный».
  void AddCompoundTerms(std::string_view folded_text, Xapian::Document* doc) const;

  // Sets stemmer and stemming strategy identically on both sides (stemmed terms with
  // positions); queries also drop stopwords.
  void Configure(Xapian::TermGenerator* generator) const;
  void Configure(Xapian::QueryParser* parser) const;

 private:
  std::shared_ptr<Xapian::SimpleStopper> stopper_;
  // The stopwords and their Snowball stems: no other word is stemmed to one of them.
  std::shared_ptr<const std::unordered_set<std::string>> stop_stems_;
  std::vector<std::string> compound_prefixes_;  // longest first
};

}  // namespace karta

#endif  // KARTA_STEMMERS_RUSSIAN_ANALYZER_H_
