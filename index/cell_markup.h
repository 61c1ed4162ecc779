// Cleans the text of one table cell as exported from Word/HTML/Markdown: splits <p>/<br>
// paragraphs, drops other tags, Markdown bold markers (**), editor artefacts such as
// «[bookmark: _GoBack]», decodes HTML entities and collapses whitespace.
#ifndef KARTA_INDEX_CELL_MARKUP_H_
#define KARTA_INDEX_CELL_MARKUP_H_

#include <string>
#include <string_view>
#include <vector>

namespace karta {

// Paragraphs of a cell, each trimmed and whitespace-collapsed; empty ones dropped.
[[nodiscard]] std::vector<std::string> CellParagraphs(std::string_view raw);

// All paragraphs of `raw` joined by single spaces.
[[nodiscard]] std::string CleanCellText(std::string_view raw);

// Collapses runs of spaces/tabs/newlines into one space and trims both ends.
[[nodiscard]] std::string CollapseSpaces(std::string_view text);

}  // namespace karta

#endif  // KARTA_INDEX_CELL_MARKUP_H_
