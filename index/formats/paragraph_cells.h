// Reads a table rendered without table markup, every cell its own paragraph (as some legal
// databases publish roadmaps): the column numbering row «1», «2», … «N» tells the column
// count; the paragraphs before it back to «№ п/п» are the header cells (a two-level header
// — «Ответственный исполнитель» over «от Санкт-Петербурга», «от …» — is put back into
// columns); after it, each run of N paragraphs is a row, except a heading paragraph followed
// by a measure number, which is a section row of its own. Empty paragraphs are empty cells.
#ifndef KARTA_INDEX_FORMATS_PARAGRAPH_CELLS_H_
#define KARTA_INDEX_FORMATS_PARAGRAPH_CELLS_H_

#include <vector>

#include "index/table_model.h"

namespace karta {

// `paragraphs`: the document's paragraphs in order, each a cell (its line breaks are the
// cell's paragraphs). Without a numbering row there is no table: every paragraph goes to
// the preamble and `rows` stays empty.
[[nodiscard]] TableText ReadParagraphCells(std::vector<Cell> paragraphs);

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_PARAGRAPH_CELLS_H_
