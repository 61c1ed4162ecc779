#include "index/formats/paragraph_cells.h"

#include <string>

#include "index/numbering.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

// Length of the run «1», «2», … starting at `i` (0 when paragraphs[i] is not «1»).
size_t NumberingRun(const std::vector<Cell>& p, size_t i) {
  size_t n = 0;
  while (i + n < p.size() && p[i + n].Text() == std::to_string(n + 1)) ++n;
  return n;
}

bool HasLetters(const std::string& s) {
  for (char32_t c : ToU32(s)) {
    if (IsLetter(c)) return true;
  }
  return false;
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// Lays the header paragraphs out over `columns`: one per column, or — with more paragraphs
// than columns — the trailing ones are sub-headers of the column headed «Ответственный …».
std::vector<Row> HeaderRows(std::vector<Cell> header, size_t columns) {
  Row top{header.empty() ? 0 : header.front().line, {}};
  if (header.size() <= columns) {
    top.cells = std::move(header);
    top.cells.resize(columns);
    return {std::move(top)};
  }
  const size_t subs = header.size() - columns + 1;
  std::vector<Cell> tops(header.begin(), header.end() - subs);
  std::vector<Cell> below(header.end() - subs, header.end());
  size_t spanned = tops.size() >= 2 ? tops.size() - 2 : 0;
  for (size_t c = 0; c < tops.size(); ++c) {
    const std::string key = MatchKey(tops[c].Text());
    if (Contains(key, "ответствен") || Contains(key, "исполнител")) {
      spanned = c;
      break;
    }
  }
  Row second{below.front().line, {}};
  for (size_t c = 0; c < tops.size(); ++c) {
    if (c != spanned) {
      top.cells.push_back(tops[c]);
      second.cells.push_back(Cell{tops[c].line, {}, {}, false});
      continue;
    }
    for (size_t k = 0; k < below.size(); ++k) {
      top.cells.push_back(k == 0 ? tops[c] : Cell{tops[c].line, {}, {}, false});
      second.cells.push_back(below[k]);
    }
  }
  return {std::move(top), std::move(second)};
}

}  // namespace

TableText ReadParagraphCells(std::vector<Cell> p) {
  // A dash alone marks an empty cell («-», «–», «—»).
  for (Cell& c : p) {
    const std::string t = c.Text();
    if (t == "-" || t == "–" || t == "—") c.paragraphs.clear();
  }
  TableText table;
  table.layout = TableLayout::kParagraphCells;
  size_t numbering = p.size(), columns = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const size_t run = NumberingRun(p, i);
    if (run >= 3) {
      numbering = i;
      columns = run;
      break;
    }
  }
  auto to_lines = [](std::vector<TextLine>* out, const std::vector<Cell>& cells, size_t from,
                     size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (!cells[i].empty()) out->push_back(TextLine{cells[i].line, cells[i].Text()});
    }
  };
  if (columns == 0) {
    to_lines(&table.preamble, p, 0, p.size());
    return table;
  }
  // The header starts at «№ …» (or is the `columns` paragraphs before the numbering row).
  size_t header_start = numbering >= columns ? numbering - columns : 0;
  for (size_t i = numbering; i-- > 0;) {
    const std::string t = p[i].Text();
    if (t.rfind("№", 0) == 0 || Contains(MatchKey(t), "п/п")) {
      header_start = i;
      break;
    }
  }
  to_lines(&table.preamble, p, 0, header_start);
  std::vector<Cell> header;
  for (size_t i = header_start; i < numbering; ++i) {
    if (!p[i].empty()) header.push_back(p[i]);
  }
  for (Row& r : HeaderRows(std::move(header), columns)) table.rows.push_back(std::move(r));

  size_t i = numbering + columns;
  while (i < p.size()) {
    if (NumberingRun(p, i) == columns) {  // the numbering repeated after a page break
      i += columns;
      continue;
    }
    const std::string text = p[i].Text();
    const bool next_is_number = i + 1 < p.size() && ParseMeasureNumber(p[i + 1].Text());
    if (p[i].empty() && !next_is_number) {
      ++i;
      continue;
    }
    if (!ParseMeasureNumber(text) && HasLetters(text)) {
      const bool heading_follows = i + 1 < p.size() && ParseSectionHeading(p[i + 1].Text());
      if (!next_is_number && !heading_follows) {
        // Rows start with a number (or an empty cell continuing a measure); text here is
        // what follows the table: footnotes, signatures.
        to_lines(&table.trailer, p, i, p.size());
        break;
      }
      Row row{p[i].line, {std::move(p[i])}};
      row.cells.resize(columns);
      table.rows.push_back(std::move(row));
      ++i;
      continue;
    }
    if (i + columns > p.size()) {
      to_lines(&table.trailer, p, i, p.size());
      break;
    }
    Row row{p[i].line, {}};
    for (size_t c = 0; c < columns; ++c) row.cells.push_back(std::move(p[i + c]));
    table.rows.push_back(std::move(row));
    i += columns;
  }
  return table;
}

}  // namespace karta
