// Agency cells: splitting a cell into one entry per agency («;» and paragraphs separate
// agencies) and deciding whether text continued across a page break finishes the agency left
// open or starts a new one (index/data/agency_heads.txt lists the words that begin a name).
#ifndef KARTA_INDEX_AGENCY_LIST_H_
#define KARTA_INDEX_AGENCY_LIST_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace karta {

// «ГБУК», «НКО», «СОГБУ»: every letter a capital, at least two.
[[nodiscard]] bool IsAbbreviation(std::string_view word);

class AgencyList {
 public:
  static AgencyList FromText(std::string_view head_words);
  static const AgencyList& Default();

  // True when `next` (the first paragraph of a continued cell) completes `previous` rather
  // than naming another agency: `previous` does not end with «;» and `next` does not start
  // with a head word such as «Комитет» or «Министерство».
  [[nodiscard]] bool Continues(std::string_view previous, std::string_view next) const;

  // Appends the paragraphs of a cell; when `continuation`, the first one may finish the last
  // agency already there (see Continues).
  void Append(std::vector<std::string>* paragraphs, const std::vector<std::string>& more,
              bool continuation) const;

  // One entry per agency, as written: split at «;», trimmed of list punctuation and
  // footnote markers («…«Смоленский терем» *» → «…«Смоленский терем»»), duplicates dropped.
  [[nodiscard]] static std::vector<std::string> Names(const std::vector<std::string>& paragraphs);

 private:
  std::unordered_set<std::string> heads_;
};

}  // namespace karta

#endif  // KARTA_INDEX_AGENCY_LIST_H_
