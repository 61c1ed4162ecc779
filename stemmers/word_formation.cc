#include "stemmers/word_formation.h"

#include <algorithm>

#include "stemmers/data_files.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

bool EndsWith(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

size_t Letters(std::string_view utf8) { return ToU32(utf8).size(); }

// Whether a folded word has the inflection of a relational adjective. These are hard-stem
// adjectives (-ный, -ский, -овый, -ический), so an ending with и after anything but к, г, х
// is a noun's (образование, фехтование) or a soft adjective's (крайний, средний), which no
// rule derives.
bool LooksAdjectival(const std::u32string& w) {
  static const std::u32string kHard[] = {U"ыми", U"ого", U"ому", U"ый", U"ой", U"ая",
                                         U"ое",  U"ые",  U"ым",  U"ом", U"ую", U"ых"};
  static const std::u32string kAfterVelar[] = {U"ими", U"ий", U"ие", U"им", U"их"};
  auto ends = [&](const std::u32string& end) {
    return w.size() > end.size() + 2 && w.compare(w.size() - end.size(), end.size(), end) == 0;
  };
  for (const std::u32string& end : kHard) {
    if (ends(end)) return true;
  }
  for (const std::u32string& end : kAfterVelar) {
    if (!ends(end)) continue;
    const char32_t before = w[w.size() - end.size() - 1];
    if (before == U'к' || before == U'г' || before == U'х') return true;
  }
  return false;
}

}  // namespace

WordFormation::WordFormation(std::string_view rules_text, std::string_view exceptions_text,
                             const RussianAnalyzer& analyzer)
    : analyzer_(analyzer) {
  for (std::string_view line : DataLines(rules_text)) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    Rule r{std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))};
    if (r.noun_end == "-") r.noun_end.clear();
    if (r.adjective_end.empty() || r.adjective_end == "-") continue;
    rules_.push_back(std::move(r));
  }
  for (std::string_view line : DataLines(exceptions_text)) {
    std::vector<std::string> stems;
    for (const std::string& w : SplitWords(analyzer.Normalize(line)))
      stems.push_back(analyzer.Term(w));
    if (stems.size() != 2) continue;
    exceptions_.emplace(stems[0], stems[1]);
    exceptions_.emplace(stems[1], stems[0]);
  }
}

const WordFormation& WordFormation::Default() {
  static const WordFormation kDefault(
      data::WordFormationRuTsv(), data::WordFormationExceptionsRuTxt(), RussianAnalyzer::Default());
  return kDefault;
}

std::vector<std::string> WordFormation::Relatives(std::string_view folded_word) const {
  Xapian::Stem fixed_point = analyzer_.MakeStemmer();
  const std::string word(folded_word);
  const std::string term = fixed_point(word);
  std::vector<std::string> out;
  auto add = [&](const std::string& root, const std::string& noun_end, const std::string& end) {
    if (Letters(root) + Letters(noun_end) < kMinNounLetters || Letters(root) < 2) return;
    std::string candidate = fixed_point(root + end);
    if (candidate == term || exceptions_.count({term, candidate})) return;
    if (analyzer_.IsStopTerm(candidate)) return;  // «передовой» is no relative of «перед»
    if (std::find(out.begin(), out.end(), candidate) == out.end()) out.push_back(candidate);
  };
  const bool adjective = LooksAdjectival(ToU32(word));
  for (const std::string& stem : {Xapian::Stem("russian")(word), term}) {
    for (const Rule& r : rules_) {
      if (adjective && EndsWith(stem, r.adjective_end)) {  // an adjective: its noun
        add(stem.substr(0, stem.size() - r.adjective_end.size()), r.noun_end, r.noun_end);
      } else if (!adjective && EndsWith(stem, r.noun_end)) {  // a noun: its adjective
        add(stem.substr(0, stem.size() - r.noun_end.size()), r.noun_end, r.adjective_end);
      }
    }
  }
  return out;
}

}  // namespace karta
