// Tells a document's format from its content (never from the file name) and reads its table
// with the matching reader: DOCX and ODT (zip packages), PDF, HTML, or a text export.
// Formats karta cannot read (legacy Word 97 .doc, RTF, spreadsheets, other archives) are
// refused with a message that says how to convert them.
#ifndef KARTA_INDEX_FORMATS_DOCUMENT_FORMAT_H_
#define KARTA_INDEX_FORMATS_DOCUMENT_FORMAT_H_

#include <string>
#include <string_view>

#include "index/formats/format_reader.h"

namespace karta {

struct FormatDetection {
  DocumentFormat format = DocumentFormat::kText;
  std::string refusal;  // set when the bytes are a format karta does not read
};

[[nodiscard]] FormatDetection DetectFormat(std::string_view bytes);

// The largest text or HTML document read (a roadmap's text is well under 1 MiB). Reading
// takes about 8 bytes of memory per byte of text, so this bounds a document's memory at about
// half a GiB; larger ones are refused with a message. (Every file: 256 MiB, document_parser.)
inline constexpr size_t kMaxTextDocumentBytes = 64u << 20;

// Detects the format and reads the table. On failure `result.error` says why.
[[nodiscard]] FormatReadResult ReadDocumentTable(std::string_view bytes, DocumentFormat* format);

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_DOCUMENT_FORMAT_H_
