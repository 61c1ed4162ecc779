// The contract every format reader fulfils: bytes in, the document's table (table_model.h)
// out, or the reason the bytes cannot be read. Readers never throw for bad input.
#ifndef KARTA_INDEX_FORMATS_FORMAT_READER_H_
#define KARTA_INDEX_FORMATS_FORMAT_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/table_model.h"

namespace karta {

enum class DocumentFormat { kText, kDocx, kOdt, kHtml, kPdf };

[[nodiscard]] const char* DocumentFormatName(DocumentFormat format);

struct FormatReadResult {
  std::optional<TableText> table;   // empty when the document cannot be read
  std::string error;                // why, when `table` is empty
  std::string encoding;             // the text encoding the document used («UTF-8», …)
  std::vector<int> repaired_lines;  // lines where bytes that were not UTF-8 were replaced
  // What the reader found broken in a file it could still open (PDF: poppler's errors), named
  // when no measure can be read from it; a file read well despite it is not flagged.
  std::string damage;
};

// Each reader assumes its format (see DetectFormat in document_format.h).
[[nodiscard]] FormatReadResult ReadDocx(std::string_view bytes);
[[nodiscard]] FormatReadResult ReadOdt(std::string_view bytes);
[[nodiscard]] FormatReadResult ReadHtml(std::string_view bytes);
[[nodiscard]] FormatReadResult ReadPdf(std::string_view bytes);

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_FORMAT_READER_H_
