#include "index/numbering.h"

#include <algorithm>
#include <vector>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// The longest leading «1.2.3» of `s` (without a trailing dot), and where it ends.
std::pair<std::string, size_t> LeadingNumber(std::string_view s, size_t i) {
  const size_t start = i;
  size_t last_good = i;
  while (true) {
    const size_t part = i;
    while (i < s.size() && IsDigitChar(s[i])) ++i;
    if (i == part) break;
    last_good = i;
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && IsDigitChar(s[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  return {std::string(s.substr(start, last_good - start)), last_good};
}

}  // namespace

std::optional<std::string> ParseMeasureNumber(std::string_view s) {
  size_t i = 0;
  while (true) {
    const size_t start = i;
    while (i < s.size() && IsDigitChar(s[i])) ++i;
    // No part of a measure number has four digits: «01.02.2025» is a date, «2025» a year.
    if (i == start || i - start > 3) return std::nullopt;
    if (i == s.size()) return std::string(s);
    // «1)», «2.3)»: a list number closed by a parenthesis.
    if (s[i] == ')' && i + 1 == s.size()) return std::string(s.substr(0, i));
    if (s[i] != '.') return std::nullopt;
    if (i + 1 == s.size()) return std::string(s.substr(0, i));
    ++i;
  }
}

std::optional<std::string> ParseLetterItem(std::string_view s) {
  const std::u32string u = ToU32(s);
  if (u.size() != 2 || (u[1] != U')' && u[1] != U'.')) return std::nullopt;
  const char32_t c = u[0];
  if ((c >= U'а' && c <= U'я') || (c >= U'a' && c <= U'z')) return ToUtf8(std::u32string(1, c));
  return std::nullopt;
}

bool FollowsInSequence(std::string_view prev, std::string_view next) {
  auto parts = [](std::string_view s) {
    std::vector<long> out;
    long value = 0;
    bool digits = false;
    for (char c : s) {
      if (c >= '0' && c <= '9') {
        value = std::min(value * 10 + (c - '0'), 1000000L);
        digits = true;
      } else if (c == '.' && digits) {
        out.push_back(value);
        value = 0;
        digits = false;
      } else {
        return std::vector<long>{};
      }
    }
    if (digits) out.push_back(value);
    return out;
  };
  const std::vector<long> p = parts(prev), n = parts(next);
  if (p.empty() || n.empty()) return false;
  auto ones_from = [&](size_t k) {
    return std::all_of(n.begin() + static_cast<long>(k), n.end(), [](long v) { return v == 1; });
  };
  // A first sub-item: «1.2» → «1.2.1».
  if (n.size() > p.size() && std::equal(p.begin(), p.end(), n.begin()) && ones_from(p.size())) {
    return true;
  }
  // The next at level k, the levels under it starting again at 1.
  for (size_t k = 0; k < p.size() && k < n.size(); ++k) {
    if (n[k] == p[k] + 1 && std::equal(p.begin(), p.begin() + static_cast<long>(k), n.begin()) &&
        ones_from(k + 1)) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> ParsePlanCitation(std::string_view s) {
  const std::string key = MatchKey(s);
  std::string_view k(key);
  size_t i = 0;
  for (std::string_view lead : {"пункт ", "пункта ", "п. ", "п.", "№ ", "№"}) {
    if (StartsWith(k, lead)) {
      i = lead.size();
      break;
    }
  }
  i = SkipSpaces(k, i);
  auto [number, end] = LeadingNumber(k, i);
  if (number.empty()) return std::nullopt;
  if (end < k.size() && k[end] == '.') ++end;
  end = SkipSpaces(k, end);
  std::string_view rest = k.substr(end);
  if (!StartsWith(rest, "план")) return std::nullopt;
  return number;
}

std::optional<int> RomanToInt(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  auto value = [](char c) {
    switch (c) {
      case 'I':
        return 1;
      case 'V':
        return 5;
      case 'X':
        return 10;
      case 'L':
        return 50;
      case 'C':
        return 100;
      case 'D':
        return 500;
      case 'M':
        return 1000;
      default:
        return 0;
    }
  };
  int total = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const int v = value(s[i]);
    if (v == 0) return std::nullopt;
    const int next = i + 1 < s.size() ? value(s[i + 1]) : 0;
    total += next > v ? -v : v;
  }
  if (total <= 0 || total > 3999) return std::nullopt;
  // Well-formed only: writing the value back must give the same letters.
  static constexpr std::pair<int, std::string_view> kParts[] = {
      {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
      {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
  std::string back;
  int rest = total;
  for (const auto& [v, letters] : kParts) {
    while (rest >= v) {
      back += letters;
      rest -= v;
    }
  }
  if (back != s) return std::nullopt;
  return total;
}

std::optional<SectionHeading> ParseSectionHeading(std::string_view s) {
  size_t i = 0;
  bool named = false;  // «Раздел …»: the number may be followed by the heading directly
  for (std::string_view word : {"Раздел", "РАЗДЕЛ", "Глава", "ГЛАВА"}) {
    if (StartsWith(s, word) && s.size() > word.size() && s[word.size()] == ' ') {
      i = SkipSpaces(s, word.size());
      named = true;
      break;
    }
  }
  const size_t start = i;
  while (i < s.size() && IsDigitChar(s[i])) ++i;
  std::string number(s.substr(start, i - start));
  if (i == start) {
    while (i < s.size() && std::string_view("IVXLCDM").find(s[i]) != std::string_view::npos) ++i;
    if (i == start) return std::nullopt;
    const std::optional<int> roman = RomanToInt(s.substr(start, i - start));
    if (!roman) return std::nullopt;
    number = std::to_string(*roman);
  }
  if (i < s.size() && s[i] == '.') ++i;
  const size_t spaces = i;
  i = SkipSpaces(s, i);
  if (i == s.size()) {
    if (!named) return std::nullopt;
    return SectionHeading{number, ""};
  }
  if (i == spaces) return std::nullopt;
  if (!named && ParseYearRow(s)) return std::nullopt;
  return SectionHeading{number, std::string(s.substr(i))};
}

std::optional<SectionHeading> ParseSubsectionHeading(std::string_view s) {
  auto [number, end] = LeadingNumber(s, 0);
  if (number.find('.') == std::string::npos) return std::nullopt;
  if (end < s.size() && s[end] == '.') ++end;
  const size_t text = SkipSpaces(s, end);
  if (text == end || text == s.size()) return std::nullopt;
  return SectionHeading{number, std::string(s.substr(text))};
}

std::optional<int> ParseYearRow(std::string_view s) {
  const std::string key = MatchKey(s);
  std::string_view k(key);
  if (StartsWith(k, "на ")) k.remove_prefix(3);
  if (StartsWith(k, "в ")) k.remove_prefix(2);
  if (k.size() < 4) return std::nullopt;
  for (size_t d = 0; d < 4; ++d) {
    if (!IsDigitChar(k[d])) return std::nullopt;
  }
  const int year = std::stoi(std::string(k.substr(0, 4)));
  if (year < 1990 || year > 2100) return std::nullopt;
  std::string_view rest = k.substr(4);
  rest.remove_prefix(SkipSpaces(rest, 0));
  if (rest.empty() || rest == "год" || rest == "г." || rest == "г" || rest == "году" ||
      rest == "годы") {
    return year;
  }
  return std::nullopt;
}

bool IsTotalsRow(std::string_view s) {
  const std::string key = MatchKey(s);
  return StartsWith(key, "итого") || StartsWith(key, "всего:") || StartsWith(key, "всего ");
}

}  // namespace karta
