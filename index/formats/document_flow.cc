#include "index/formats/document_flow.h"

#include <algorithm>

#include "index/cell_markup.h"
#include "index/formats/paragraph_cells.h"
#include "index/numbering.h"
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

std::vector<std::string> ParagraphBuilder::TakeParagraphs() {
  Break();
  return std::move(paragraphs_);
}

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
  bool seen = false;
  // A table continued with other widths (an added or a dropped column) still holds measures.
  auto holds_measures = [](const FlowBlock& b) {
    for (const Row& r : b.rows) {
      if (r.cells.empty() || r.cells[0].empty()) continue;
      const std::string first = r.cells[0].Text();
      if (ParseMeasureNumber(first) || ParseSectionHeading(first)) return true;
    }
    return false;
  };
  for (FlowBlock& b : flow.blocks) {
    if (b.is_table && (b.columns == columns || holds_measures(b))) {
      seen = true;
      for (Row& r : b.rows) table.rows.push_back(std::move(r));
      continue;
    }
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
