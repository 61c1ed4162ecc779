#include "stemmers/query_expansion.h"

#include <algorithm>

#include "stemmers/data_files.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.front() != '#') lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string Z(const std::string& stem) { return "Z" + stem; }

}  // namespace

QueryExpansion::QueryExpansion(std::string_view families_text, std::string_view abbreviations_text,
                               const RussianAnalyzer& analyzer)
    : analyzer_(analyzer) {
  Xapian::Stem stem = analyzer.MakeStemmer();
  for (std::string_view line : Lines(families_text)) {
    std::vector<std::string> family;
    for (const std::string& w : SplitWords(analyzer.Normalize(line))) {
      std::string s = stem(w);
      if (std::find(family.begin(), family.end(), s) == family.end()) family.push_back(s);
    }
    for (const std::string& s : family) {
      std::vector<std::string>& others = related_[s];
      for (const std::string& o : family) {
        if (o != s && std::find(others.begin(), others.end(), o) == others.end()) {
          others.push_back(o);
        }
      }
    }
  }
  for (std::string_view line : Lines(abbreviations_text)) {
    const size_t tab = line.find('\t');
    if (tab != std::string_view::npos) AddAbbreviation(line.substr(0, tab), line.substr(tab + 1));
  }
}

void QueryExpansion::AddAbbreviation(std::string_view short_form, std::string_view long_form) {
  Abbreviation a;
  for (const Token& t : Tokenize(short_form)) {
    a.short_form.insert(a.short_form.end(), t.parts.begin(), t.parts.end());
  }
  for (const Token& t : Tokenize(long_form)) {
    a.long_form.insert(a.long_form.end(), t.parts.begin(), t.parts.end());
  }
  if (a.short_form.empty() || a.long_form.empty()) return;
  for (const Abbreviation& known : abbreviations_) {
    if (known.short_form == a.short_form && known.long_form == a.long_form) return;
  }
  abbreviations_.push_back(std::move(a));
}

QueryExpansion QueryExpansion::With(
    const std::vector<std::pair<std::string, std::string>>& abbreviations) const {
  QueryExpansion copy = *this;
  for (const auto& [short_form, long_form] : abbreviations)
    copy.AddAbbreviation(short_form, long_form);
  return copy;
}

const QueryExpansion& QueryExpansion::Default() {
  static const QueryExpansion kDefault(data::WordFamiliesRuTxt(), data::AbbreviationsRuTsv(),
                                       RussianAnalyzer::Default());
  return kDefault;
}

std::vector<std::string> QueryExpansion::Related(const std::string& stem) const {
  auto it = related_.find(stem);
  return it == related_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<QueryExpansion::Token> QueryExpansion::Tokenize(std::string_view text) const {
  Xapian::Stem stem = analyzer_.MakeStemmer();
  std::vector<Token> tokens;
  for (const std::string& word : SplitIndexWords(analyzer_.Normalize(text))) {
    Token t;
    t.stop = analyzer_.IsStopword(word);
    size_t start = 0;
    while (start <= word.size()) {  // the index splits hyphenated words into adjacent parts
      size_t end = word.find('-', start);
      if (end == std::string::npos) end = word.size();
      if (end > start) t.parts.push_back(stem(word.substr(start, end - start)));
      start = end + 1;
    }
    if (t.parts.size() == 1) {
      const std::string rest = analyzer_.CompoundRemainder(word);
      if (!rest.empty()) t.compound_rest = stem(rest);
    }
    if (!t.parts.empty()) tokens.push_back(std::move(t));
  }
  return tokens;
}

Xapian::Query QueryExpansion::Phrase(const std::vector<std::string>& stems) {
  if (stems.size() == 1) return Xapian::Query(Z(stems[0]));
  std::vector<Xapian::Query> terms;
  for (const std::string& s : stems) terms.emplace_back(Z(s));
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

Xapian::Query QueryExpansion::Word(const Token& token) const {
  Xapian::Query exact = Phrase(token.parts);
  std::vector<Xapian::Query> related;
  if (token.parts.size() == 1) {
    for (const std::string& r : Related(token.parts[0])) related.emplace_back(Z(r));
    if (!token.compound_rest.empty()) related.emplace_back(Z(token.compound_rest));
  }
  for (const Abbreviation& a : abbreviations_) {
    if (a.short_form == token.parts) related.push_back(Phrase(a.long_form));
  }
  if (related.empty()) return exact;
  Xapian::Query alternatives(Xapian::Query::OP_SYNONYM, related.begin(), related.end());
  return Xapian::Query(Xapian::Query::OP_OR, exact,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, alternatives, kRelatedWeight));
}

Xapian::Query QueryExpansion::BuildPhrase(std::string_view text) const {
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<std::string> stems;  // stopwords too: the index keeps every word's position
  for (const Token& t : tokens) stems.insert(stems.end(), t.parts.begin(), t.parts.end());
  return stems.empty() ? Xapian::Query() : Phrase(stems);
}

Xapian::Query QueryExpansion::Build(std::string_view text, Xapian::Query::op op,
                                    bool proximity) const {
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<Xapian::Query> groups;
  for (size_t i = 0; i < tokens.size();) {
    // An abbreviation written out in full («некоммерческие организации») also finds «НКО».
    bool matched = false;
    for (const Abbreviation& a : abbreviations_) {
      std::vector<std::string> seen;
      size_t j = i;
      while (j < tokens.size() && seen.size() < a.long_form.size()) {
        seen.insert(seen.end(), tokens[j].parts.begin(), tokens[j].parts.end());
        ++j;
      }
      // Compare without stopwords: «малое и среднее» = «малое среднее».
      auto content = [&](const std::vector<std::string>& stems) {
        std::vector<std::string> out;
        for (const std::string& s : stems) {
          if (!analyzer_.IsStopword(s)) out.push_back(s);
        }
        return out;
      };
      std::vector<std::string> wanted = content(a.long_form);
      std::vector<std::string> have;
      size_t k = i;
      while (k < tokens.size() && have.size() < wanted.size()) {
        if (!tokens[k].stop)
          have.insert(have.end(), tokens[k].parts.begin(), tokens[k].parts.end());
        ++k;
      }
      if (wanted.size() < 2 || have != wanted) continue;
      std::vector<Xapian::Query> words;
      for (size_t m = i; m < k; ++m) {
        if (!tokens[m].stop) words.push_back(Word(tokens[m]));
      }
      Xapian::Query full(Xapian::Query::OP_AND, words.begin(), words.end());
      groups.emplace_back(
          Xapian::Query::OP_OR, full,
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Phrase(a.short_form), kRelatedWeight));
      i = k;
      matched = true;
      break;
    }
    if (matched) continue;
    if (!tokens[i].stop) groups.push_back(Word(tokens[i]));
    ++i;
  }
  if (groups.empty()) return Xapian::Query();
  Xapian::Query query(op, groups.begin(), groups.end());
  if (!proximity) return query;
  // Proximity: measures where the words stand close together («малого и среднего
  // предпринимательства») rank above those where they are scattered.
  std::vector<Xapian::Query> words;  // OP_NEAR takes single terms: hyphen parts count as words
  for (const Token& t : tokens) {
    if (t.stop) continue;
    for (const std::string& part : t.parts) words.emplace_back(Z(part));
  }
  if (words.size() >= 2) {
    const auto window = static_cast<Xapian::termcount>(std::max<size_t>(4, 2 * words.size()));
    query =
        Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                      Xapian::Query(Xapian::Query::OP_NEAR, words.begin(), words.end(), window));
  }
  return query;
}

}  // namespace karta
