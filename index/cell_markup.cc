#include "index/cell_markup.h"

#include <array>
#include <cctype>
#include <utility>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

constexpr char kParagraphBreak = '\x1E';  // record separator: never occurs in the text

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Recognises an HTML tag at `pos` (which holds '<'). Returns its length, or 0 if the '<'
// is ordinary text («< 5 %»). Sets *paragraph when the tag breaks a paragraph.
size_t TagLength(std::string_view s, size_t pos, bool* paragraph) {
  static constexpr std::array<std::string_view, 14> kTags = {
      "p", "br", "b", "i", "u", "strong", "em", "span", "div", "font", "sup", "sub", "li", "ul"};
  size_t end = s.find('>', pos);
  if (end == std::string_view::npos || end - pos > 200) return 0;
  std::string_view inner = s.substr(pos + 1, end - pos - 1);
  if (!inner.empty() && inner.front() == '/') inner.remove_prefix(1);
  size_t name_len = 0;
  while (name_len < inner.size() && std::isalpha(static_cast<unsigned char>(inner[name_len]))) {
    ++name_len;
  }
  const std::string name = AsciiLower(inner.substr(0, name_len));
  for (std::string_view tag : kTags) {
    if (name == tag) {
      *paragraph = name == "p" || name == "br" || name == "div" || name == "li";
      return end - pos + 1;
    }
  }
  return 0;
}

// Decodes the entity at `pos` (which holds '&'); returns {replacement, length} or {"", 0}.
std::pair<std::string, size_t> Entity(std::string_view s, size_t pos) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kEntities = {{
      {"&nbsp;", " "},
      {"&amp;", "&"},
      {"&lt;", "<"},
      {"&gt;", ">"},
      {"&quot;", "\""},
      {"&laquo;", "«"},
      {"&raquo;", "»"},
      {"&ndash;", "–"},
      {"&mdash;", "—"},
      {"&#160;", " "},
  }};
  for (const auto& [name, value] : kEntities) {
    if (s.substr(pos, name.size()) == name) return {std::string(value), name.size()};
  }
  // Numeric references: «&#8211;», «&#x2013;».
  if (pos + 3 < s.size() && s[pos + 1] == '#') {
    const bool hex = s[pos + 2] == 'x' || s[pos + 2] == 'X';
    size_t i = pos + (hex ? 3 : 2);
    const size_t digits = i;
    unsigned long code = 0;
    while (i < s.size() && i - digits < 8 && std::isxdigit(static_cast<unsigned char>(s[i]))) {
      const char c = s[i];
      if (!hex && !std::isdigit(static_cast<unsigned char>(c))) break;
      code =
          code * (hex ? 16 : 10) +
          static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(c))
                                         ? c - '0'
                                         : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
      ++i;
    }
    if (i > digits && i < s.size() && s[i] == ';' && code > 0 && code <= 0x10FFFF &&
        !(code >= 0xD800 && code <= 0xDFFF)) {
      std::string utf8 =
          ToUtf8(std::u32string(1, static_cast<char32_t>(code == 0xA0 ? 0x20 : code)));
      return {utf8, i + 1 - pos};
    }
  }
  return {"", 0};
}

}  // namespace

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> CellParagraphs(std::string_view raw) {
  std::string flat;
  flat.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c == '<') {
      bool paragraph = false;
      if (size_t len = TagLength(raw, i, &paragraph)) {
        flat.push_back(paragraph ? kParagraphBreak : ' ');
        i += len;
        continue;
      }
    } else if (c == '&') {
      auto [value, len] = Entity(raw, i);
      if (len) {
        flat += value;
        i += len;
        continue;
      }
    } else if (c == '[' && raw.substr(i, 10) == "[bookmark:") {
      size_t end = raw.find(']', i);
      if (end != std::string_view::npos) {
        i = end + 1;
        continue;
      }
    } else if (c == '*' && i + 1 < raw.size() && raw[i + 1] == '*') {
      i += 2;  // Markdown bold marker; single '*' stays (footnote marker)
      continue;
    } else if (c == '\n') {
      flat.push_back(kParagraphBreak);
      ++i;
      continue;
    }
    flat.push_back(c);
    ++i;
  }
  std::vector<std::string> paragraphs;
  size_t start = 0;
  while (start <= flat.size()) {
    size_t end = flat.find(kParagraphBreak, start);
    if (end == std::string::npos) end = flat.size();
    std::string p = CollapseSpaces(std::string_view(flat).substr(start, end - start));
    if (!p.empty()) paragraphs.push_back(std::move(p));
    start = end + 1;
  }
  return paragraphs;
}

std::string CleanCellText(std::string_view raw) {
  std::string out;
  for (const std::string& p : CellParagraphs(raw)) {
    if (!out.empty()) out.push_back(' ');
    out += p;
  }
  return out;
}

}  // namespace karta
