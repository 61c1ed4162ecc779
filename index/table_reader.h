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

namespace karta {

enum class TableLayout { kTabRows, kCellPerLine };

struct Cell {
  int line = 0;
  std::vector<std::string> paragraphs;  // markup removed, whitespace collapsed

  [[nodiscard]] bool empty() const { return paragraphs.empty(); }
  [[nodiscard]] std::string Text() const;  // paragraphs joined by a space
};

struct Row {
  int line = 0;
  std::vector<Cell> cells;
};

struct TextLine {
  int line = 0;
  std::string text;  // markup removed, whitespace collapsed, never empty
};

struct TableText {
  TableLayout layout = TableLayout::kTabRows;
  std::vector<TextLine> preamble;
  std::vector<Row> rows;
  std::vector<TextLine> trailer;
  // Text lines found between table rows (not in any cell); kept so nothing is lost.
  std::vector<TextLine> stray;
};

// Decides the layout from the shape of the lines.
[[nodiscard]] TableLayout DetectLayout(std::string_view text);

// REQUIRES: `text` is normalised UTF-8 with LF line endings (see DecodeDocument).
[[nodiscard]] TableText ReadTable(std::string_view text);

}  // namespace karta

#endif  // KARTA_INDEX_TABLE_READER_H_
