#include "index/table_reader.h"

#include <algorithm>

#include "index/cell_markup.h"
#include "index/formats/paragraph_cells.h"
#include "index/numbering.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

size_t CountTabs(std::string_view line) { return std::count(line.begin(), line.end(), '\t'); }

Cell MakeCell(int line, std::string_view raw) { return Cell{line, CellParagraphs(raw), {}, false}; }

void AddTextLine(std::vector<TextLine>* out, int line, std::string_view raw) {
  std::string text = CleanCellText(raw);
  if (!text.empty()) out->push_back(TextLine{line, std::move(text)});
}

TableText ReadTabRows(const std::vector<std::string_view>& lines) {
  TableText table;
  table.layout = TableLayout::kTabRows;
  std::vector<TextLine> pending;  // text lines after a row: trailer unless a row follows
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    std::string_view line = lines[i];
    if (IsBlank(line)) continue;
    if (line.find('\t') == std::string_view::npos) {
      AddTextLine(table.rows.empty() ? &table.preamble : &pending, line_no, line);
      continue;
    }
    table.stray.insert(table.stray.end(), pending.begin(), pending.end());
    pending.clear();
    Row row{line_no, {}};
    size_t start = 0;
    while (start <= line.size()) {
      size_t end = line.find('\t', start);
      if (end == std::string_view::npos) end = line.size();
      row.cells.push_back(MakeCell(line_no, line.substr(start, end - start)));
      start = end + 1;
    }
    table.rows.push_back(std::move(row));
  }
  table.trailer = std::move(pending);
  return table;
}

// Cells of the one-cell-per-line layout; grouped into rows afterwards.
struct LooseCell {
  Cell cell;
  bool blank_before = false;  // a blank line separates it from the previous cell
};

TableText ReadCellPerLine(const std::vector<std::string_view>& lines) {
  TableText table;
  table.layout = TableLayout::kCellPerLine;
  std::vector<LooseCell> cells;
  std::vector<TextLine> pending;  // non-tab lines after a blank line: paragraph or trailer
  bool blank = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    std::string_view line = lines[i];
    // A tab-only line is an empty cell (the report's empty columns), not a blank line.
    if (line.empty() || (line.front() != '\t' && IsBlank(line))) {
      blank = true;
      continue;
    }
    if (line.front() == '\t') {
      if (!cells.empty()) {
        // Lines after a blank line were new paragraphs of the open cell after all.
        for (TextLine& t : pending) cells.back().cell.paragraphs.push_back(std::move(t.text));
        pending.clear();
      }
      std::string body(line.substr(1));
      std::replace(body.begin(), body.end(), '\t', ' ');
      cells.push_back(LooseCell{MakeCell(line_no, body), blank});
      blank = false;
      continue;
    }
    if (cells.empty()) {
      AddTextLine(&table.preamble, line_no, line);
      blank = false;
      continue;
    }
    std::string text = CleanCellText(line);
    if (text.empty()) continue;
    std::vector<std::string>& paragraphs = cells.back().cell.paragraphs;
    if (blank) {
      // A new paragraph of the open cell, or the trailer if no cell follows.
      pending.push_back(TextLine{line_no, std::move(text)});
    } else if (!pending.empty()) {
      pending.back().text += " " + text;
    } else if (!paragraphs.empty()) {
      paragraphs.back() += " " + text;  // a wrapped line: «2021-2023» / «годы»
    } else {
      paragraphs.push_back(std::move(text));
    }
    blank = false;
  }
  table.trailer = std::move(pending);

  // Group cells into rows. The header is the first run of cells without blank lines between
  // them; its size is the column count. A heading cell («2. В области …») at the start of a
  // row is a row by itself (a merged cell).
  size_t columns = 0;
  size_t k = 0;
  if (!cells.empty()) {
    columns = 1;
    while (columns < cells.size() && !cells[columns].blank_before) ++columns;
    Row header{cells[0].cell.line, {}};
    for (size_t c = 0; c < columns; ++c) header.cells.push_back(std::move(cells[c].cell));
    table.rows.push_back(std::move(header));
    k = columns;
  }
  // «2. В области …», «Раздел IV. …»: a section heading merged across the row.
  auto is_heading = [](const Cell& cell) {
    return cell.paragraphs.size() == 1 && ParseSectionHeading(cell.paragraphs[0]) &&
           !ParseMeasureNumber(cell.paragraphs[0]);
  };
  while (k < cells.size()) {
    Row row{cells[k].cell.line, {}};
    if (is_heading(cells[k].cell)) {
      row.cells.push_back(std::move(cells[k].cell));
      ++k;
    } else {
      for (size_t c = 0; c < columns && k < cells.size(); ++c, ++k) {
        row.cells.push_back(std::move(cells[k].cell));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

bool IsPipeLine(std::string_view line) {
  const size_t i = line.find_first_not_of(' ');
  return i != std::string_view::npos && line[i] == '|' &&
         line.find('|', i + 1) != std::string_view::npos;
}

bool IsBorderLine(std::string_view line) {
  const size_t i = line.find_first_not_of(' ');
  return i != std::string_view::npos && line[i] == '+' &&
         line.find_first_not_of("+-= ", i) == std::string_view::npos;
}

// The cells of one «| a | b | c |» line, trimmed.
std::vector<std::string> PipeCells(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = line.find('|');
  while (start != std::string_view::npos) {
    const size_t end = line.find('|', start + 1);
    if (end == std::string_view::npos) break;
    cells.push_back(CleanCellText(line.substr(start + 1, end - start - 1)));
    start = end;
  }
  // Text after the last «|» (a line whose closing bar is missing) is a cell too.
  if (start != std::string_view::npos && start + 1 < line.size()) {
    std::string rest = CleanCellText(line.substr(start + 1));
    if (!rest.empty()) cells.push_back(std::move(rest));
  }
  return cells;
}

// Joins a cell's next line: a word broken at its hyphen («конгрессно-» / «выставочных») is
// joined back, other lines with a space.
void AppendLine(std::string* text, const std::string& more) {
  if (more.empty()) return;
  if (text->empty()) {
    *text = more;
    return;
  }
  const std::u32string head = ToU32(std::string_view(more).substr(0, 4));
  const bool broken = text->size() >= 2 && text->back() == '-' &&
                      (*text)[text->size() - 2] != ' ' && !head.empty() && IsLetter(head[0]) &&
                      !IsUpper(head[0]);
  if (!broken) text->push_back(' ');
  *text += more;
}

// «| cell | cell |» lines (legal databases): a line whose first cell is filled starts a row,
// the lines after it with an empty first cell continue its cells; a line of one cell spanning
// the table is a row of its own (a section or a year); «+---+» lines separate rows.
TableText ReadPipeRows(const std::vector<std::string_view>& lines) {
  TableText table;
  table.layout = TableLayout::kPipeRows;
  std::vector<std::string> open;  // the row being read, one text per column
  int open_line = 0;
  bool seen_table = false;
  std::vector<TextLine> pending;
  auto flush = [&] {
    if (open.empty()) return;
    Row row{open_line, {}};
    for (std::string& text : open) {
      Cell cell{open_line, {}, {}, false};
      if (!text.empty()) cell.paragraphs.push_back(std::move(text));
      row.cells.push_back(std::move(cell));
    }
    table.rows.push_back(std::move(row));
    open.clear();
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (IsBlank(line)) continue;
    if (IsBorderLine(line)) {  // «+----+----+»
      flush();
      seen_table = true;
      continue;
    }
    if (!IsPipeLine(line)) {
      flush();
      AddTextLine(seen_table ? &pending : &table.preamble, line_no, line);
      continue;
    }
    seen_table = true;
    table.stray.insert(table.stray.end(), pending.begin(), pending.end());
    pending.clear();
    std::vector<std::string> cells = PipeCells(line);
    if (cells.size() <= 1) {  // a line spanning the table
      flush();
      table.rows.push_back(
          Row{line_no, {Cell{line_no, CellParagraphs(cells.empty() ? "" : cells[0]), {}, false}}});
      continue;
    }
    if (!cells[0].empty() || open.empty() || open.size() != cells.size()) {
      flush();
      open = std::move(cells);
      open_line = line_no;
      continue;
    }
    for (size_t c = 0; c < cells.size(); ++c) AppendLine(&open[c], cells[c]);
  }
  flush();
  table.trailer = std::move(pending);
  return table;
}

}  // namespace

TableLayout DetectLayout(std::string_view text) {
  size_t multi_tab = 0, leading_single_tab = 0;
  for (std::string_view line : SplitLines(text)) {
    const size_t tabs = CountTabs(line);
    if (tabs >= 2) ++multi_tab;
    if (tabs == 1 && line.front() == '\t') ++leading_single_tab;
  }
  if (multi_tab == 0 && leading_single_tab == 0) {
    size_t pipes = 0;
    for (std::string_view line : SplitLines(text)) pipes += IsPipeLine(line);
    return pipes >= 3 ? TableLayout::kPipeRows : TableLayout::kParagraphCells;
  }
  return leading_single_tab > multi_tab ? TableLayout::kCellPerLine : TableLayout::kTabRows;
}

TableText ReadTable(std::string_view text) {
  const std::vector<std::string_view> lines = SplitLines(text);
  switch (DetectLayout(text)) {
    case TableLayout::kCellPerLine:
      return ReadCellPerLine(lines);
    case TableLayout::kPipeRows:
      return ReadPipeRows(lines);
    case TableLayout::kParagraphCells: {
      // No tabs, no «|»: every non-blank line is a cell (paragraph_cells.h).
      std::vector<Cell> cells;
      for (size_t i = 0; i < lines.size(); ++i) {
        if (IsBlank(lines[i])) continue;
        cells.push_back(MakeCell(static_cast<int>(i) + 1, lines[i]));
      }
      return ReadParagraphCells(std::move(cells));
    }
    default:
      return ReadTabRows(lines);
  }
}

}  // namespace karta
