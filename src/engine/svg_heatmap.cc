#include "src/engine/svg_heatmap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "stemmers/unicode_text.h"

namespace karta::engine {
namespace {

constexpr int kCell = 44;           // cell size, px
constexpr double kCharWidth = 7.6;  // generous width of one character at 12 px

std::string Number(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// White (0) to dark blue (max).
std::string Shade(double v, double max) {
  const double t = max > 0 ? std::clamp(v / max, 0.0, 1.0) : 0.0;
  const int r = static_cast<int>(std::lround(247 - t * (247 - 8)));
  const int g = static_cast<int>(std::lround(251 - t * (251 - 48)));
  const int b = static_cast<int>(std::lround(255 - t * (255 - 107)));
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderSvg(const Heatmap& map) {
  size_t row_chars = 0, col_chars = 0;
  for (const std::string& r : map.rows) row_chars = std::max(row_chars, DisplayWidth(r));
  for (const std::string& c : map.columns) col_chars = std::max(col_chars, DisplayWidth(c));
  auto on_diagonal = [&](size_t r, size_t c) { return map.neutral_diagonal && r == c; };
  double max = 0, min = 0;
  bool any = false;
  for (size_t r = 0; r < map.values.size(); ++r) {
    for (size_t c = 0; c < map.values[r].size(); ++c) {
      if (!map.values[r][c] || on_diagonal(r, c)) continue;
      max = any ? std::max(max, *map.values[r][c]) : *map.values[r][c];
      min = any ? std::min(min, *map.values[r][c]) : *map.values[r][c];
      any = true;
    }
  }
  min = std::min(min, 0.0);  // counts and similarities: the scale starts at nothing
  const int left = static_cast<int>(row_chars * kCharWidth) + 30;
  // Column labels are turned by 45°, so they need about 0.72 of their length upwards.
  const int top = static_cast<int>(col_chars * kCharWidth * 0.72) + 70;
  size_t note_chars = DisplayWidth(map.title) + 10;
  for (const std::string& n : map.notes) note_chars = std::max(note_chars, DisplayWidth(n));
  note_chars = std::max(note_chars, DisplayWidth(map.subtitle));
  // The legend's label starts after the scale (about 30 characters) and may add the diagonal's.
  note_chars =
      std::max(note_chars, DisplayWidth(map.legend) + 30 + (map.neutral_diagonal ? 47 : 0) + 25);
  const int width = std::max(left + static_cast<int>(map.columns.size()) * kCell +
                                 static_cast<int>(col_chars * kCharWidth * 0.72) + 20,
                             static_cast<int>(note_chars * kCharWidth * 0.9) + 20);
  const int grid_bottom = top + static_cast<int>(map.rows.size()) * kCell;
  const int legend_top = grid_bottom + 24;
  const int height = legend_top + 50 + static_cast<int>(map.notes.size()) * 18 + 10;

  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << ' ' << height << "\" "
      << "font-family=\"DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif\" "
         "font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" << XmlEscape(map.title)
      << "</text>\n";
  if (!map.subtitle.empty()) {
    svg << "<text x=\"10\" y=\"42\" fill=\"#444444\">" << XmlEscape(map.subtitle) << "</text>\n";
  }
  for (size_t c = 0; c < map.columns.size(); ++c) {
    const int x = left + static_cast<int>(c) * kCell + kCell / 2;
    svg << "<text class=\"col\" transform=\"translate(" << x << ',' << top - 6 << ") rotate(-45)\">"
        << XmlEscape(map.columns[c]) << "</text>\n";
  }
  for (size_t r = 0; r < map.rows.size(); ++r) {
    const int y = top + static_cast<int>(r) * kCell;
    svg << "<text class=\"row\" x=\"" << left - 8 << "\" y=\"" << y + kCell / 2 + 4
        << "\" text-anchor=\"end\">" << XmlEscape(map.rows[r]) << "</text>\n";
    for (size_t c = 0; c < map.columns.size(); ++c) {
      const int x = left + static_cast<int>(c) * kCell;
      const bool has_value =
          r < map.values.size() && c < map.values[r].size() && map.values[r][c].has_value();
      const double value = has_value ? *map.values[r][c] : 0.0;
      const std::string shown = has_value ? Number(value, map.decimals) : "—";
      const std::string fill = on_diagonal(r, c) ? "#d9d9d9"
                               : has_value       ? Shade(value - min, max - min)
                                                 : "#eeeeee";
      svg << "<rect class=\"cell\" x=\"" << x << "\" y=\"" << y << "\" width=\"" << kCell
          << "\" height=\"" << kCell << "\" fill=\"" << fill << "\" stroke=\"white\"><title>"
          << XmlEscape(map.rows[r]) << " × " << XmlEscape(map.columns[c]) << ": " << shown
          << "</title></rect>\n";
      if (has_value) {
        const bool dark = !on_diagonal(r, c) && max > min && (value - min) / (max - min) > 0.55;
        svg << "<text x=\"" << x + kCell / 2 << "\" y=\"" << y + kCell / 2 + 4
            << "\" text-anchor=\"middle\" fill=\"" << (dark ? "white" : "#222222") << "\">" << shown
            << "</text>\n";
      }
    }
  }
  // The colour legend: the scale from the lowest to the highest value, labelled.
  if (any) {
    constexpr int kSteps = 10, kStep = 18;
    for (int i = 0; i < kSteps; ++i) {
      svg << "<rect class=\"legend\" x=\"" << 10 + i * kStep << "\" y=\"" << legend_top
          << "\" width=\"" << kStep << "\" height=\"14\" fill=\""
          << Shade(static_cast<double>(i) / (kSteps - 1), 1.0) << "\"/>\n";
    }
    svg << "<text x=\"10\" y=\"" << legend_top + 28 << "\">" << Number(min, map.decimals)
        << "</text>\n"
        << "<text x=\"" << 10 + kSteps * kStep << "\" y=\"" << legend_top + 28
        << "\" text-anchor=\"end\">" << Number(max, map.decimals) << "</text>\n"
        << "<text x=\"" << 20 + kSteps * kStep << "\" y=\"" << legend_top + 12 << "\">"
        << XmlEscape(map.legend)
        << (map.neutral_diagonal ? " (grey: the diagonal, left out of the scale)" : "")
        << "; no value: light grey</text>\n";
  }
  for (size_t i = 0; i < map.notes.size(); ++i) {
    svg << "<text class=\"note\" x=\"10\" y=\"" << legend_top + 50 + static_cast<int>(i) * 18
        << "\" fill=\"#444444\">" << XmlEscape(map.notes[i]) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace karta::engine
