// Reads the table of a roadmap document into rows of cells, whatever the export layout:
//  - kTabRows: one table row per line, cells separated by tabs (the plans);
//  - kCellPerLine: one cell per line, each starting with a tab, long cells wrapping onto
//    following lines and blank lines separating paragraphs (the execution report).
// Lines before the table (title, sometimes signatures) are the preamble; lines after it
// (signatures, footnotes) the trailer. Rows keep the line they start on for diagnostics.
#ifndef KARTA_INDEX_TABLE_READER_H_
#define KARTA_INDEX_TABLE_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "index/table_model.h"

namespace karta {

// Decides the layout from the shape of the lines.
[[nodiscard]] TableLayout DetectLayout(std::string_view text);

// REQUIRES: `text` is normalised UTF-8 with LF line endings (see DecodeDocument).
[[nodiscard]] TableText ReadTable(std::string_view text);

}  // namespace karta

#endif  // KARTA_INDEX_TABLE_READER_H_
