#include "index/formats/document_flow.h"

#include <algorithm>

#include "index/cell_markup.h"
#include "index/formats/paragraph_cells.h"
#include "index/numbering.h"
#include "index/sphere_taxonomy.h"
#include "index/text_decoder.h"

namespace karta {

std::string CleanParagraph(std::string_view text) { return CollapseSpaces(NormalizeSpaces(text)); }

void DocumentFlow::AddParagraph(std::vector<std::string> lines) {
  FlowBlock block;
  block.paragraph.line = ++paragraphs;
  block.paragraph.paragraphs = std::move(lines);
  blocks.push_back(std::move(block));
}

void DocumentFlow::AddTable(std::vector<Row> rows, size_t columns) {
  if (rows.empty()) return;
  FlowBlock block;
  block.is_table = true;
  block.rows = std::move(rows);
  block.columns = columns;
  blocks.push_back(std::move(block));
}

bool DocumentFlow::HasTable() const {
  return std::any_of(blocks.begin(), blocks.end(), [](const FlowBlock& b) { return b.is_table; });
}

void ParagraphBuilder::Break() {
  std::string p = CleanParagraph(current_);
  current_.clear();
  if (!p.empty()) paragraphs_.push_back(std::move(p));
}

void ParagraphBuilder::AddNote(std::string note) {
  note = CleanParagraph(note);
  if (!note.empty()) notes_.push_back(std::move(note));
}

void JoinNestedCell(ParagraphBuilder* cell, std::string* row, ParagraphBuilder* out) {
  for (const std::string& p : cell->TakeParagraphs()) *row += (row->empty() ? "" : " ") + p;
  for (std::string& note : cell->TakeNotes()) out->AddNote(std::move(note));
}

std::vector<std::string> ParagraphBuilder::TakeParagraphs() {
  Break();
  return std::move(paragraphs_);
}

namespace {

// A paragraph that heads a part of the table: a numbered section or subsection heading
// («2. Сотрудничество в сфере культуры», «Раздел II», «2.1. …»), a year («2025 год») or,
// between two parts, a short line naming a sphere without ending a sentence («В сфере
// туризма»). Before the first part only numbered headings and years count: the title above
// the table names spheres too.
bool HeadsPart(const Cell& paragraph, bool between_parts) {
  if (paragraph.paragraphs.size() != 1) return false;
  const std::string& text = paragraph.paragraphs[0];
  if (ParseMeasureNumber(text)) return false;
  if (ParseSectionHeading(text) || ParseSubsectionHeading(text) || ParseYearRow(text)) return true;
  if (!between_parts) return false;
  const char last = text.back();
  if (last == '.' || last == ';' || last == ':' || last == ',') return false;
  if (std::count(text.begin(), text.end(), ' ') >= 20) return false;
  return !SphereTaxonomy::Default().Classify(text).spheres.empty();
}

// For each part of the table, the paragraphs right before it (empty ones skipped) that head
// it, in document order.
std::vector<std::vector<size_t>> HeadingsBeforeParts(const std::vector<FlowBlock>& blocks,
                                                     const std::vector<bool>& part) {
  std::vector<std::vector<size_t>> headings(blocks.size());
  bool seen = false;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (!part[i]) continue;
    std::vector<size_t> found;
    for (size_t j = i; j-- > 0;) {
      const FlowBlock& b = blocks[j];
      if (b.is_table) break;
      if (b.paragraph.empty()) continue;
      if (!HeadsPart(b.paragraph, seen)) break;
      found.insert(found.begin(), j);
    }
    headings[i] = std::move(found);
    seen = true;
  }
  return headings;
}

// The first row of a part that holds a measure or a section of the table: the headings go
// above it, below the header the part may repeat.
bool OpensBody(const Row& r) {
  if (IsColumnNumbering(r)) return false;
  for (const Cell& c : r.cells) {
    if (c.empty()) continue;
    const std::string text = c.Text();
    return ParseMeasureNumber(text) || ParseSectionHeading(text) || ParseSubsectionHeading(text);
  }
  return false;
}

Row HeadingRow(const Cell& paragraph, size_t columns) {
  Row row;
  row.line = paragraph.line;
  row.cells.resize(std::max<size_t>(columns, 1));
  row.cells[0] = paragraph;
  row.cells[0].colspan = static_cast<int>(row.cells.size());
  return row;
}

}  // namespace

TableText FlowToTable(DocumentFlow flow) {
  if (!flow.HasTable()) {
    std::vector<Cell> paragraphs;
    for (FlowBlock& b : flow.blocks) paragraphs.push_back(std::move(b.paragraph));
    return ReadParagraphCells(std::move(paragraphs));
  }
  // The roadmap table: the column count of the table with the most rows.
  size_t columns = 0, most_rows = 0;
  for (const FlowBlock& b : flow.blocks) {
    if (b.is_table && b.rows.size() > most_rows) {
      most_rows = b.rows.size();
      columns = b.columns;
    }
  }
  TableText table;
  table.layout = TableLayout::kMarkupTable;
  // A table continued with other widths (an added or a dropped column) still holds measures.
  auto holds_measures = [](const FlowBlock& b) {
    for (const Row& r : b.rows) {
      if (r.cells.empty() || r.cells[0].empty()) continue;
      const std::string first = r.cells[0].Text();
      if (ParseMeasureNumber(first) || ParseSectionHeading(first)) return true;
    }
    return false;
  };
  std::vector<bool> part(flow.blocks.size(), false);
  for (size_t i = 0; i < flow.blocks.size(); ++i) {
    const FlowBlock& b = flow.blocks[i];
    part[i] = b.is_table && (b.columns == columns || holds_measures(b));
  }
  // Section headings written as paragraphs before the parts of the table they head.
  std::vector<std::vector<size_t>> headings = HeadingsBeforeParts(flow.blocks, part);
  bool seen = false;
  std::vector<bool> taken(flow.blocks.size(), false);
  for (size_t i = 0; i < flow.blocks.size(); ++i) {
    for (size_t h : headings[i]) taken[h] = true;
  }
  for (size_t i = 0; i < flow.blocks.size(); ++i) {
    FlowBlock& b = flow.blocks[i];
    if (part[i]) {
      seen = true;
      size_t at = table.rows.size();
      bool found = false;
      for (Row& r : b.rows) {
        if (!found && !headings[i].empty() && OpensBody(r)) {
          at = table.rows.size();
          found = true;
        }
        table.rows.push_back(std::move(r));
      }
      if (!found) at = table.rows.size() - b.rows.size();
      std::vector<Row> rows;
      for (size_t h : headings[i]) rows.push_back(HeadingRow(flow.blocks[h].paragraph, b.columns));
      table.rows.insert(table.rows.begin() + static_cast<std::ptrdiff_t>(at),
                        std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
      continue;
    }
    if (taken[i]) continue;
    std::vector<TextLine> lines;
    if (b.is_table) {
      // Another table (signatures, a layout table): its text is kept beside the roadmap's.
      for (const Row& r : b.rows) {
        for (const Cell& c : r.cells) {
          for (const std::string& p : c.paragraphs) lines.push_back(TextLine{c.line, p});
        }
      }
    } else if (!b.paragraph.empty()) {
      lines.push_back(TextLine{b.paragraph.line, b.paragraph.Text()});
    }
    auto& out = seen ? table.trailer : table.preamble;
    out.insert(out.end(), std::make_move_iterator(lines.begin()),
               std::make_move_iterator(lines.end()));
  }
  return table;
}

}  // namespace karta
