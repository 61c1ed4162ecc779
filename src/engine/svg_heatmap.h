// A heatmap as a standalone SVG document: a title and the scope, row and column labels
// (Cyrillic, with a font stack that has it), one cell per value shaded from white to dark
// blue, the value written in the cell, a colour legend from the lowest to the highest value,
// and notes under it. Empty cells (no value) are light grey. Opens in any browser.
//
// Thread safety: pure functions.
#ifndef KARTA_SRC_ENGINE_SVG_HEATMAP_H_
#define KARTA_SRC_ENGINE_SVG_HEATMAP_H_

#include <optional>
#include <string>
#include <vector>

namespace karta::engine {

struct Heatmap {
  std::string title;
  std::string subtitle;  // the scope: query and filters
  std::vector<std::string> rows, columns;
  std::vector<std::vector<std::optional<double>>> values;  // [row][column]
  int decimals = 0;                                        // for the numbers in the cells
  std::string legend;  // what a cell's value is («measures», «Jaccard»), under the colour scale
  // A square map of a thing against itself (overlap): the diagonal is drawn neutral and left
  // out of the colour scale, so the scale shows the pairs.
  bool neutral_diagonal = false;
  std::vector<std::string> notes;  // lines under the map
};

[[nodiscard]] std::string RenderSvg(const Heatmap& map);

[[nodiscard]] std::string XmlEscape(const std::string& text);

}  // namespace karta::engine

#endif  // KARTA_SRC_ENGINE_SVG_HEATMAP_H_
