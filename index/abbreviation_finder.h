// Abbreviations a document defines itself: «исполнительных органов государственной власти
// (далее – ИОГВ)». An acronym is taken when its letters are the initials of the words just
// before the parenthesis (stopwords such as «и» may stand between them). Defined terms that are
// not acronyms («(далее – Регионы)») are not taken: where their long form starts cannot be told
// from the text.
#ifndef KARTA_INDEX_ABBREVIATION_FINDER_H_
#define KARTA_INDEX_ABBREVIATION_FINDER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace karta {

// {acronym, long form as written} for every definition in `text`.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> FindDefinedAbbreviations(
    std::string_view text);

}  // namespace karta

#endif  // KARTA_INDEX_ABBREVIATION_FINDER_H_
