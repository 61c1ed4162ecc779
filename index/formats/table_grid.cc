#include "index/formats/table_grid.h"

#include <algorithm>

namespace karta {

void TableGrid::BeginRow(int line) { rows_.push_back(Row{line, {}}); }

void TableGrid::Place(Cell cell) {
  if (rows_.back().cells.size() >= kMaxColumns || cells_ >= kMaxCells) {
    overflowed_ = true;
    return;
  }
  ++cells_;
  rows_.back().cells.push_back(std::move(cell));
  columns_ = std::max(columns_, rows_.back().cells.size());
}

void TableGrid::SkipOccupied() {
  if (placement_ != Placement::kHtml) return;
  while (!overflowed_) {
    const size_t col = rows_.back().cells.size();
    if (col >= spans_.size() || spans_[col].rows_left <= 0) return;
    AddCovered(1);
  }
}

void TableGrid::AddCell(Cell cell, int colspan, int rowspan) {
  if (rows_.empty()) BeginRow(cell.line);
  SkipOccupied();
  colspan = std::clamp(colspan, 1, static_cast<int>(kMaxColumns));
  const size_t col = rows_.back().cells.size();
  if (spans_.size() < col + static_cast<size_t>(colspan)) spans_.resize(col + colspan);
  // rowspan 0 (HTML: to the end of the table) and DOCX's open-ended vMerge both run until
  // no longer continued.
  const int more = rowspan == 1 ? 0 : (rowspan <= 0 ? -1 : rowspan - 1);
  for (int k = 0; k < colspan; ++k) spans_[col + k] = Span{k == 0 ? cell : Cell{}, more};
  const int line = cell.line;
  cell.colspan = colspan;
  Place(std::move(cell));
  if (placement_ == Placement::kOdt) return;  // the covered cells that follow fill the span
  for (int k = 1; k < colspan; ++k) Place(Cell{line, {}, {}, false});
}

void TableGrid::AddCovered(int colspan) {
  if (rows_.empty()) BeginRow(0);
  colspan = std::clamp(colspan, 0, static_cast<int>(kMaxColumns));
  for (int k = 0; k < colspan && !overflowed_; ++k) {
    const size_t col = rows_.back().cells.size();
    Cell copy{rows_.back().line, {}, {}, false};
    if (col < spans_.size() && spans_[col].rows_left != 0) {
      const Cell& above = spans_[col].cell;
      if (!above.empty()) {
        copy.paragraphs = above.paragraphs;
        copy.from_above = true;  // notes stay with the cell that holds them
      }
      if (spans_[col].rows_left > 0) --spans_[col].rows_left;
    }
    Place(std::move(copy));
  }
}

std::vector<Row> TableGrid::TakeRows() {
  std::vector<bool> filled(columns_, false);
  for (const Row& row : rows_) {
    for (size_t c = 0; c < row.cells.size(); ++c) {
      filled[c] = filled[c] || !row.cells[c].empty() || !row.cells[c].notes.empty();
    }
  }
  if (std::find(filled.begin(), filled.end(), false) != filled.end()) {
    for (Row& row : rows_) {
      size_t kept = 0;
      for (size_t c = 0; c < row.cells.size(); ++c) {
        if (!filled[c]) continue;
        if (kept != c) row.cells[kept] = std::move(row.cells[c]);
        ++kept;
      }
      row.cells.resize(kept);
    }
    columns_ = static_cast<size_t>(std::count(filled.begin(), filled.end(), true));
  }
  return std::move(rows_);
}

void TableGrid::EndRow() {
  if (rows_.empty()) return;
  SkipOccupied();
  // Row spans in HTML count rows; a row that did not reach a spanned column still used it.
  if (placement_ == Placement::kHtml) {
    for (size_t col = rows_.back().cells.size(); col < spans_.size(); ++col) {
      if (spans_[col].rows_left > 0) --spans_[col].rows_left;
    }
  }
}

}  // namespace karta
