// The TF-IDF vector of a text, and the cosine of two: how alike two measures' texts are (0…1).
// `karta similar` and `twins` weigh words by the index's IDF; the plan ↔ report links by the
// IDF within the two agreements linked. Words are analysed as the index analyses them
// (hyphenated parts apart).
//
// Thread safety: safe to call concurrently with different Database objects.
#ifndef KARTA_INDEX_TEXT_VECTOR_H_
#define KARTA_INDEX_TEXT_VECTOR_H_

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace karta {

using TermVector = std::unordered_map<std::string, double>;  // term → normalised TF-IDF

// Throws Xapian::Error.
[[nodiscard]] TermVector TextVector(const Xapian::Database& db, const std::string& text);

// TextVector for many texts of one database: one stemmer, and each term's IDF looked up once.
// Not thread safe; `db` must outlive it and not change meanwhile.
class TextVectorizer {
 public:
  explicit TextVectorizer(const Xapian::Database& db);
  [[nodiscard]] TermVector Of(const std::string& text);  // throws Xapian::Error

 private:
  const Xapian::Database& db_;
  Xapian::Stem stem_;
  double doccount_;
  std::unordered_map<std::string, double> idf_;
};

// The vectors of `texts` with IDF over these texts alone, not the index: how alike two of them
// are within the group, whatever else the index holds (the plan ↔ report links, so a link
// changes only with the two agreements it joins).
[[nodiscard]] std::vector<TermVector> VectorsAmong(const std::vector<const std::string*>& texts);

[[nodiscard]] double Cosine(const TermVector& a, const TermVector& b);

// The normalised sum of unit vectors (Rocchio's centroid): the words several of them share
// weigh most, what only one of them says weighs little.
[[nodiscard]] TermVector Centroid(const std::vector<const TermVector*>& vectors);

// The "more like this" query of a text's vector: its `max_terms` most discriminating terms
// (highest TF-IDF), any of which may match.
[[nodiscard]] Xapian::Query MoreLikeThisQuery(const TermVector& v, size_t max_terms = 30);

}  // namespace karta

#endif  // KARTA_INDEX_TEXT_VECTOR_H_
