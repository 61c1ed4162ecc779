// What the structured-format readers (DOCX, ODT, HTML) hand over: the document's body as a
// flow of paragraphs and tables, in document order, and the one place that turns it into the
// table model: the roadmap's table is every table with the column count of the largest one
// (a table continued after a page of text, or split by a repeated header, is one table);
// text before it is the preamble, text after or between its parts the trailer. A document
// without any table is read as one paragraph per cell (see paragraph_cells.h).
//
// Thread safety: plain values; ParagraphBuilder instances are not shared.
#ifndef KARTA_INDEX_FORMATS_DOCUMENT_FLOW_H_
#define KARTA_INDEX_FORMATS_DOCUMENT_FLOW_H_

#include <string>
#include <string_view>
#include <vector>

#include "index/table_model.h"

namespace karta {

struct FlowBlock {
  bool is_table = false;
  // When !is_table: one paragraph of the body; its line breaks are the cell's paragraphs
  // (they matter when every paragraph is a table cell). May be empty (an empty paragraph).
  Cell paragraph;
  std::vector<Row> rows;  // when is_table
  size_t columns = 0;
};

struct DocumentFlow {
  std::vector<FlowBlock> blocks;
  int paragraphs = 0;  // paragraph counter: the «line» of diagnostics in structured formats

  void AddParagraph(std::vector<std::string> lines);
  void AddTable(std::vector<Row> rows, size_t columns);
  [[nodiscard]] bool HasTable() const;
};

// Collects the text of a paragraph from runs; Break() ends one paragraph and starts the next
// (a line break inside a cell is a paragraph break, as <br> and <p> are in the text exports).
class ParagraphBuilder {
 public:
  void Append(std::string_view text) { current_ += text; }
  void Break();
  void AddNote(std::string note);
  // The paragraphs so far, whitespace-normalised, empty ones dropped.
  [[nodiscard]] std::vector<std::string> TakeParagraphs();
  [[nodiscard]] std::vector<std::string> TakeNotes() { return std::move(notes_); }

 private:
  std::string current_;
  std::vector<std::string> paragraphs_;
  std::vector<std::string> notes_;
};

// A cell of a table nested in a cell (read into `cell`): its paragraphs joined onto `row` by
// spaces — a nested table gives one paragraph per row — and its notes handed to `out`.
void JoinNestedCell(ParagraphBuilder* cell, std::string* row, ParagraphBuilder* out);

// Odd spaces, zero-width characters and soft hyphens normalised, runs of space collapsed.
[[nodiscard]] std::string CleanParagraph(std::string_view text);

[[nodiscard]] TableText FlowToTable(DocumentFlow flow);

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_DOCUMENT_FLOW_H_
