// Unicode helpers shared by ingestion and search: UTF-8 <-> UTF-32 conversion, case folding
// with Boost.Locale, ё→е folding and a "match key" form for comparing names.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef KARTA_STEMMERS_UNICODE_TEXT_H_
#define KARTA_STEMMERS_UNICODE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace karta {

// REQUIRES: `utf8` is valid UTF-8 (invalid sequences are skipped).
[[nodiscard]] std::u32string ToU32(std::string_view utf8);
[[nodiscard]] std::string ToUtf8(std::u32string_view text);

// True when `utf8` is well-formed UTF-8.
[[nodiscard]] bool IsValidUtf8(std::string_view utf8);

// Unicode NFC (composes «е» + U+0308 into «ё», and the like) with Boost.Locale.
[[nodiscard]] std::string ToNfc(std::string_view utf8);

// Lower-cases with full Unicode rules (Boost.Locale) and folds ё→е, so «Молодёжь» and
// «молодежь» compare equal. Xapian's Russian Snowball stemmer does not fold ё itself.
[[nodiscard]] std::string FoldCase(std::string_view utf8);

// Key for comparing names as a reader would: FoldCase, every dash or hyphen variant
// becomes '-', spaces around dashes removed, quotes dropped, runs of spaces collapsed.
// «Кемеровской области – Кузбасса» and «кемеровской области-кузбасса» share one key.
[[nodiscard]] std::string MatchKey(std::string_view utf8);

[[nodiscard]] bool IsLetter(char32_t c);
[[nodiscard]] bool IsDigit(char32_t c);
[[nodiscard]] bool IsUpper(char32_t c);
[[nodiscard]] bool IsDash(char32_t c);

// Splits folded text into words: runs of letters/digits, with inner hyphens kept
// («торгово-экономической» is one word).
[[nodiscard]] std::vector<std::string> SplitWords(std::string_view utf8);

// Words as the index's term generator (Xapian's) cuts them: as SplitWords, and a '.', ',' or
// ';' between two digits stays inside the word («14.03.2022», «1,5» are one term each).
[[nodiscard]] std::vector<std::string> SplitIndexWords(std::string_view utf8);

// The lines of a data file that carry data: not empty, not a '#' comment.
[[nodiscard]] std::vector<std::string_view> DataLines(std::string_view text);

// Number of code points, for aligning table columns.
[[nodiscard]] size_t DisplayWidth(std::string_view utf8);

}  // namespace karta

#endif  // KARTA_STEMMERS_UNICODE_TEXT_H_
