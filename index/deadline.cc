#include "index/deadline.h"

#include <algorithm>
#include <vector>

#include "index/cell_markup.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

struct YearToken {
  int year;
  size_t begin, end;  // byte offsets in the folded key
};

std::vector<YearToken> FindYears(const std::string& key) {
  std::vector<YearToken> years;
  for (size_t i = 0; i < key.size();) {
    if (!std::isdigit(static_cast<unsigned char>(key[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < key.size() && std::isdigit(static_cast<unsigned char>(key[j]))) ++j;
    if (j - i == 4) {
      const int y = std::stoi(key.substr(i, 4));
      if (y >= 1900 && y <= 2100) years.push_back(YearToken{y, i, j});
    }
    i = j;
  }
  return years;
}

bool EndsWithWord(std::string_view s, std::string_view word) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.size() < word.size() || s.substr(s.size() - word.size()) != word) return false;
  return s.size() == word.size() || s[s.size() - word.size() - 1] == ' ';
}

}  // namespace

Deadline ParseDeadline(std::string_view raw, std::optional<int> period_from,
                       std::optional<int> period_to) {
  Deadline d;
  d.raw = CollapseSpaces(raw);
  const std::string key = MatchKey(d.raw);  // dashes unified to '-', ё folded, lower case
  // Recurring deadlines cover every year of the agreement: yearly, quarterly, monthly.
  d.annual =
      key.find("ежегодн") != std::string::npos || key.find("ежекварт") != std::string::npos ||
      key.find("ежемесяч") != std::string::npos || key.find("ежеполугод") != std::string::npos;
  const std::vector<YearToken> years = FindYears(key);
  if (years.empty()) {
    d.from = period_from;
    d.to = period_to;
    d.inferred = true;
    return d;
  }
  if (years.size() >= 2) {
    auto [lo, hi] = std::minmax_element(years.begin(), years.end(),
                                        [](auto& a, auto& b) { return a.year < b.year; });
    d.from = lo->year;
    d.to = hi->year;
    return d;
  }
  const int year = years.front().year;
  const std::string_view before(key.data(), years.front().begin);
  if (EndsWithWord(before, "до") || EndsWithWord(before, "по")) {
    d.from = period_from && *period_from <= year ? *period_from : year;
    d.to = year;
  } else if (EndsWithWord(before, "с") || EndsWithWord(before, "начиная с")) {
    d.from = year;
    d.to = period_to && *period_to >= year ? *period_to : year;
  } else {
    d.from = d.to = year;
  }
  return d;
}

}  // namespace karta
