#include "src/cli/svg_heatmap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "stemmers/unicode_text.h"

namespace karta::cli {
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
  double max = 0;
  for (const auto& row : map.values) {
    for (const auto& v : row) {
      if (v) max = std::max(max, *v);
    }
  }
  const int left = static_cast<int>(row_chars * kCharWidth) + 30;
  // Column labels are turned by 45°, so they need about 0.72 of their length upwards.
  const int top = static_cast<int>(col_chars * kCharWidth * 0.72) + 50;
  const int width = left + static_cast<int>(map.columns.size()) * kCell +
                    static_cast<int>(col_chars * kCharWidth * 0.72) + 20;
  const int height = top + static_cast<int>(map.rows.size()) * kCell + 20;

  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << ' ' << height << "\" "
      << "font-family=\"DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif\" "
         "font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" << XmlEscape(map.title)
      << "</text>\n";
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
      svg << "<rect class=\"cell\" x=\"" << x << "\" y=\"" << y << "\" width=\"" << kCell
          << "\" height=\"" << kCell << "\" fill=\"" << (has_value ? Shade(value, max) : "#eeeeee")
          << "\" stroke=\"white\"><title>" << XmlEscape(map.rows[r]) << " × "
          << XmlEscape(map.columns[c]) << ": " << shown << "</title></rect>\n";
      if (has_value) {
        const bool dark = max > 0 && value / max > 0.55;
        svg << "<text x=\"" << x + kCell / 2 << "\" y=\"" << y + kCell / 2 + 4
            << "\" text-anchor=\"middle\" fill=\"" << (dark ? "white" : "#222222") << "\">" << shown
            << "</text>\n";
      }
    }
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace karta::cli
