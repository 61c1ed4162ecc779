#include "index/table_model.h"

namespace karta {

const char* TableLayoutName(TableLayout layout) {
  switch (layout) {
    case TableLayout::kTabRows:
      return "tab-separated rows";
    case TableLayout::kCellPerLine:
      return "one cell per line";
    case TableLayout::kPipeRows:
      return "«|»-separated rows";
    case TableLayout::kParagraphCells:
      return "one paragraph per cell";
    case TableLayout::kMarkupTable:
      return "table";
    case TableLayout::kPositioned:
      return "table from word positions";
  }
  return "?";
}

std::string Cell::Text() const {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out.push_back(' ');
    out += p;
  }
  return out;
}

bool IsColumnNumbering(const Row& row) {
  int expected = 1;
  bool any = false;
  for (const Cell& c : row.cells) {
    if (c.empty()) continue;
    if (c.Text() != std::to_string(expected)) return false;
    ++expected;
    any = true;
  }
  return any && expected > 2;
}

}  // namespace karta
