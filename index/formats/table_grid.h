// Builds the rows of a TableText from a marked-up table (DOCX, ODT, HTML), resolving merged
// cells: a cell spanning several columns keeps its text in its first column and leaves the
// others empty; a cell spanning several rows is copied into the rows below, marked
// `from_above` (see table_model.h for what the assembler makes of it).
//
// Thread safety: one builder per table; no shared state.
#ifndef KARTA_INDEX_FORMATS_TABLE_GRID_H_
#define KARTA_INDEX_FORMATS_TABLE_GRID_H_

#include <vector>

#include "index/table_model.h"

namespace karta {

class TableGrid {
 public:
  // How a format marks the positions a merged cell covers: HTML leaves them out (cells skip
  // positions still occupied by a rowspan from above); DOCX writes a placeholder for a
  // vertical merge only (`vMerge`), a horizontal one is implied by `gridSpan`; ODT writes a
  // covered cell for every covered position.
  enum class Placement { kHtml, kDocx, kOdt };
  explicit TableGrid(Placement placement) : placement_(placement) {}

  void BeginRow(int line);
  // A cell spanning `colspan` columns and `rowspan` rows (1 = no merge).
  void AddCell(Cell cell, int colspan, int rowspan);
  // A placeholder for a position covered by a cell above (DOCX `vMerge` continue, ODT
  // covered cell under a row span): takes a copy of that cell, or stays empty.
  void AddCovered(int colspan);
  void EndRow();

  // The rows, without the columns that are empty in every row (positions only a row's
  // `gridBefore`/`gridAfter` or a spacer column left); columns() then counts those kept.
  [[nodiscard]] std::vector<Row> TakeRows();
  [[nodiscard]] size_t columns() const { return columns_; }
  // True when the table declared more than a roadmap can hold (kMaxColumns columns, kMaxCells
  // cells): what exceeds it was not built, and the reader refuses the document.
  [[nodiscard]] bool overflowed() const { return overflowed_; }

  static constexpr size_t kMaxColumns = 64;
  static constexpr size_t kMaxCells = 1u << 20;

 private:
  struct Span {
    Cell cell;
    int rows_left = 0;  // further rows it covers (0: none; -1: until it is no longer continued)
  };
  void Place(Cell cell);
  void SkipOccupied();

  Placement placement_;
  std::vector<Row> rows_;
  std::vector<Span> spans_;  // by grid column: the last cell that started a row span there
  size_t columns_ = 0;
  size_t cells_ = 0;
  bool overflowed_ = false;
};

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_TABLE_GRID_H_
