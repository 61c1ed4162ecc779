// The table model every format reader produces and the measure assembler consumes: a
// document's table as rows of cells (each cell a list of paragraphs), with the text before
// it (preamble: the title block), after it (trailer: signatures, footnotes) and any text
// found between rows. Readers resolve merged cells into this grid: a cell merged across
// columns sits in its first column with the others empty (as in the text exports); a cell
// merged down several rows is copied into the rows below with `from_above` set, so the
// assembler can decide what the merge means (a shared agency of several measures, or one
// measure drawn over several rows).
#ifndef KARTA_INDEX_TABLE_MODEL_H_
#define KARTA_INDEX_TABLE_MODEL_H_

#include <string>
#include <vector>

namespace karta {

// How the table was laid out in its source; says which reading applied.
enum class TableLayout {
  kTabRows,         // text export: one row per line, cells separated by tabs
  kCellPerLine,     // text export: one cell per line, each starting with a tab
  kPipeRows,        // text: «cell | cell | cell |» lines
  kParagraphCells,  // every cell its own paragraph, no table markup; columns from «1 2 3 4 5»
  kMarkupTable,     // a real table of DOCX, ODT or HTML
  kPositioned,      // rebuilt from word positions (PDF)
};

[[nodiscard]] const char* TableLayoutName(TableLayout layout);

struct Cell {
  int line = 0;                         // line (text) or paragraph ordinal (documents)
  std::vector<std::string> paragraphs;  // markup removed, whitespace collapsed, none empty
  std::vector<std::string> notes;       // footnotes referenced from the cell
  bool from_above = false;              // a copy of a cell merged down from the row above
  int colspan = 1;                      // the columns it covers, from its own (merged across)

  [[nodiscard]] bool empty() const { return paragraphs.empty(); }
  [[nodiscard]] std::string Text() const;  // paragraphs joined by a space
};

struct Row {
  int line = 0;
  std::vector<Cell> cells;
};

// «1 2 3 4 5»: the column numbering under a header, repeated after every page break.
[[nodiscard]] bool IsColumnNumbering(const Row& row);

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

}  // namespace karta

#endif  // KARTA_INDEX_TABLE_MODEL_H_
