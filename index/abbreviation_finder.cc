#include "index/abbreviation_finder.h"

#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

// «(далее – ИОГВ)», «(далее - ИОГВ)», «(далее — ИОГВ)»: returns the acronym, or empty.
std::u32string AcronymAt(const std::u32string& text, size_t open) {
  static const std::u32string kMarker = U"далее";
  size_t i = open + 1;
  while (i < text.size() && text[i] == U' ') ++i;
  if (text.compare(i, kMarker.size(), kMarker) != 0) return {};
  i += kMarker.size();
  while (i < text.size() && (text[i] == U' ' || IsDash(text[i]))) ++i;
  size_t end = i;
  while (end < text.size() && IsUpper(text[end])) ++end;
  if (end >= text.size() || text[end] != U')' || end - i < 2 || end - i > 8) return {};
  return text.substr(i, end - i);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> FindDefinedAbbreviations(std::string_view utf8) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::u32string text = ToU32(utf8);
  for (size_t open = text.find(U'('); open != std::u32string::npos;
       open = text.find(U'(', open + 1)) {
    const std::u32string acronym = AcronymAt(text, open);
    if (acronym.empty()) continue;
    // Walk back over the words before «(», matching the acronym's letters from its end.
    const std::vector<std::string> words = SplitWords(ToUtf8(text.substr(0, open)));
    size_t letter = acronym.size();
    size_t w = words.size();
    while (letter > 0 && w > 0) {
      const std::string folded = FoldCase(words[w - 1]);
      const std::u32string first = ToU32(folded).substr(0, 1);
      const std::u32string want = ToU32(FoldCase(ToUtf8(acronym.substr(letter - 1, 1))));
      if (first == want) {
        --letter;
        --w;
      } else if (RussianAnalyzer::Default().IsStopword(folded) && letter < acronym.size()) {
        --w;  // «малого и среднего»: skip «и» inside the long form
      } else {
        break;
      }
    }
    if (letter != 0) continue;
    std::string long_form;
    for (size_t k = w; k < words.size(); ++k)
      long_form += (long_form.empty() ? "" : " ") + words[k];
    found.emplace_back(ToUtf8(acronym), long_form);
  }
  return found;
}

}  // namespace karta
