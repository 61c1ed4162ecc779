// The TF-IDF vector of a text over the index's vocabulary, and the cosine of two: how alike two
// measures' texts are (0…1), the same figure for `karta similar`, `twins` and the plan ↔ report
// links. Words are analysed as the index analyses them (hyphenated parts apart).
//
// Thread safety: safe to call concurrently with different Database objects.
#ifndef KARTA_INDEX_TEXT_VECTOR_H_
#define KARTA_INDEX_TEXT_VECTOR_H_

#include <xapian.h>

#include <string>
#include <unordered_map>

namespace karta {

using TermVector = std::unordered_map<std::string, double>;  // term → normalised TF-IDF

// Throws Xapian::Error.
[[nodiscard]] TermVector TextVector(const Xapian::Database& db, const std::string& text);

[[nodiscard]] double Cosine(const TermVector& a, const TermVector& b);

}  // namespace karta

#endif  // KARTA_INDEX_TEXT_VECTOR_H_
