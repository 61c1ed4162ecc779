// Turns the bytes of a document into normalised UTF-8 text: detects the encoding (UTF-8
// with or without BOM, UTF-16 with BOM, Windows-1251, KOI8-R), converts with Boost.Locale,
// unifies line endings to LF and replaces NBSP and other odd spaces by a plain space.
#ifndef KARTA_INDEX_TEXT_DECODER_H_
#define KARTA_INDEX_TEXT_DECODER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace karta {

struct DecodedText {
  std::string text;      // UTF-8, LF line endings, no BOM, odd spaces normalised
  std::string encoding;  // "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "windows-1251", "KOI8-R"
  bool crlf = false;     // the source used CR LF line endings
  // UTF-8 text with a few bytes that are not UTF-8: they are replaced by U+FFFD, and the lines
  // where that happened listed here for warnings (rather than misreading the whole file as a
  // single-byte code page).
  std::vector<int> repaired_lines;
};

struct DecodeResult {
  std::optional<DecodedText> decoded;
  std::string error;  // set when `decoded` is empty: why the bytes are not a text document
};

[[nodiscard]] DecodeResult DecodeDocument(std::string_view bytes);

// Replaces NBSP, thin, figure and other Unicode spaces by ' ', the hyphen and non-breaking
// hyphen (U+2010, U+2011) by '-', fullwidth ASCII by ASCII; composes «й» and «ё» written
// decomposed; removes zero-width characters, soft hyphens, other combining marks (stress) and
// stray control characters (keeps '\t' and '\n'). Documents and queries alike.
[[nodiscard]] std::string NormalizeSpaces(std::string_view utf8);

}  // namespace karta

#endif  // KARTA_INDEX_TEXT_DECODER_H_
