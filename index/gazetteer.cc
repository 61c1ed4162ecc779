#include "index/gazetteer.h"

#include <algorithm>
#include <array>

#include "index/data_files.h"
#include "index/split.h"
#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

bool IsWordChar(char32_t c) { return IsLetter(c) || IsDigit(c); }

// A city name compared across case forms: each word (and hyphen part) stemmed, «г.» and
// «город» dropped — «в г. Ростове-на-Дону» and «Ростов-на-Дону» give the same key.
std::string CapitalKey(std::string_view name) {
  Xapian::Stem stem = RussianAnalyzer::Default().MakeStemmer();
  std::string key;
  for (const std::string& word : SplitWords(MatchKey(name))) {
    if (word == "г" || word == "город" || word == "в" || word == "во") continue;
    size_t start = 0;
    while (start <= word.size()) {
      size_t end = word.find('-', start);
      if (end == std::string::npos) end = word.size();
      if (end > start) {
        if (!key.empty()) key.push_back(' ');
        key += stem(word.substr(start, end - start));
      }
      start = end + 1;
    }
  }
  return key;
}

// «Томская обл.» → «томская область», «Смоленской обл.» → «смоленской области»: the
// abbreviations of a subject's kind written out, in each case form (the name's other words
// carry the case; the gazetteer knows which form is a name). Nominative first.
std::vector<std::string> WithKindsWrittenOut(std::string_view value) {
  struct Kind {
    const char* abbreviation;
    std::array<const char*, 5> forms;  // nominative, genitive, dative, instrumental, prepositional
  };
  static const Kind kKinds[] = {
      {"обл", {"область", "области", "области", "областью", "области"}},
      {"респ", {"республика", "республики", "республике", "республикой", "республике"}},
      {"ао",
       {"автономный округ", "автономного округа", "автономному округу", "автономным округом",
        "автономном округе"}},
      {"авт", {"автономный", "автономного", "автономному", "автономным", "автономном"}},
      {"окр", {"округ", "округа", "округу", "округом", "округе"}}};
  const std::vector<std::string> words = SplitWords(MatchKey(value));
  std::vector<std::string> out;
  for (size_t form = 0; form < 5; ++form) {
    std::string text;
    bool abbreviated = false;
    for (const std::string& word : words) {
      std::string w = word;
      for (const Kind& kind : kKinds) {
        if (word == kind.abbreviation) w = kind.forms[form], abbreviated = true;
      }
      text += (text.empty() ? "" : " ") + w;
    }
    out.push_back(text);
    if (!abbreviated) break;  // one form: nothing was written out
  }
  return out;
}

}  // namespace

size_t EditDistance(std::u32string_view a, std::u32string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

Gazetteer Gazetteer::FromTsv(std::string_view tsv) {
  Gazetteer g;
  std::unordered_map<std::string, size_t> by_code;
  for (std::string_view line : Split(tsv, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() < 3 || (f[1] != "name" && f[1] != "alias")) continue;
    const std::string code(f[0]);
    auto it = by_code.find(code);
    if (it == by_code.end()) {
      if (f[1] != "name") continue;  // an alias before its name: skip
      it = by_code.emplace(code, g.regions_.size()).first;
      g.regions_.push_back(Region{code, std::string(f[2])});
    }
    for (size_t k = 2; k < f.size(); ++k) {
      if (f[k].empty()) continue;
      g.by_form_.emplace(MatchKey(f[k]), it->second);
    }
  }
  for (const auto& [key, index] : g.by_form_) {
    g.forms_longest_first_.emplace_back(ToU32(key), index);
  }
  std::sort(g.forms_longest_first_.begin(), g.forms_longest_first_.end(),
            [](const auto& a, const auto& b) {
              return a.first.size() != b.first.size() ? a.first.size() > b.first.size()
                                                      : a.first < b.first;
            });
  return g;
}

const Gazetteer& Gazetteer::Default() {
  static const Gazetteer kDefault = [] {
    Gazetteer g = FromTsv(data::RegionsTsv());
    g.AddCapitals(data::RegionCapitalsTsv());
    return g;
  }();
  return kDefault;
}

void Gazetteer::AddCapitals(std::string_view tsv) {
  std::unordered_map<std::string, size_t> by_code;
  for (size_t i = 0; i < regions_.size(); ++i) by_code.emplace(regions_[i].code, i);
  for (std::string_view line : Split(tsv, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() < 2) continue;
    auto it = by_code.find(std::string(f[0]));
    if (it != by_code.end()) by_capital_.emplace(CapitalKey(f[1]), it->second);
  }
}

const Region* Gazetteer::ResolveAnyForm(std::string_view value) const {
  if (const Region* r = Resolve(value)) return r;
  const std::string trimmed = MatchKey(value);
  if (trimmed.size() >= 2 && trimmed.size() <= 3 &&
      std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    std::string code = trimmed;
    for (char& c : code) c = static_cast<char>(c - 'a' + 'A');
    if (const Region* r = ByCode(code)) return r;
  }
  const std::vector<std::string> written_out = WithKindsWrittenOut(value);
  for (const std::string& form : written_out) {
    if (const Region* r = Resolve(form)) return r;
  }
  for (const std::string& form : written_out) {
    if (const Region* r = ResolvePrefix(form)) return r;
  }
  auto it = by_capital_.find(CapitalKey(value));
  return it == by_capital_.end() ? nullptr : &regions_[it->second];
}

const Region* Gazetteer::Resolve(std::string_view name) const {
  auto it = by_form_.find(MatchKey(name));
  return it == by_form_.end() ? nullptr : &regions_[it->second];
}

const Region* Gazetteer::ResolvePrefix(std::string_view prefix) const {
  const std::string key = MatchKey(prefix);
  if (key.empty()) return nullptr;
  const Region* found = nullptr;
  for (const auto& [form, index] : by_form_) {
    if (form.compare(0, key.size(), key) != 0) continue;
    if (form.size() > key.size() && form[key.size()] != ' ' && form[key.size()] != '-') continue;
    if (found != nullptr && found != &regions_[index]) return nullptr;  // ambiguous
    found = &regions_[index];
  }
  return found;
}

const Region* Gazetteer::ByCode(std::string_view code) const {
  for (const Region& r : regions_) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

std::vector<RegionMention> Gazetteer::FindAll(std::string_view text) const {
  const std::u32string key = ToU32(MatchKey(text));
  std::vector<bool> taken(key.size(), false);
  std::vector<RegionMention> mentions;
  for (const auto& [form, index] : forms_longest_first_) {
    size_t pos = 0;
    while ((pos = key.find(form, pos)) != std::u32string::npos) {
      const size_t end = pos + form.size();
      const bool bounded =
          (pos == 0 || !IsWordChar(key[pos - 1])) && (end == key.size() || !IsWordChar(key[end]));
      const bool free =
          std::none_of(taken.begin() + pos, taken.begin() + end, [](bool t) { return t; });
      if (bounded && free) {
        std::fill(taken.begin() + pos, taken.begin() + end, true);
        mentions.push_back(RegionMention{&regions_[index], pos, end});
      }
      pos = end;
    }
  }
  std::sort(mentions.begin(), mentions.end(),
            [](const RegionMention& a, const RegionMention& b) { return a.begin < b.begin; });
  return mentions;
}

std::vector<std::string> Gazetteer::Near(std::string_view name, size_t max) const {
  const std::u32string key = ToU32(MatchKey(name));
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, region)
  std::vector<size_t> best(regions_.size(), SIZE_MAX);
  for (const auto& [form, index] : forms_longest_first_) {
    // Compare with the prefix of the form as long as the query, so «перм» is near too.
    const std::u32string_view head(form.data(), std::min(form.size(), key.size()));
    best[index] = std::min({best[index], EditDistance(key, form), EditDistance(key, head) + 1});
  }
  for (size_t i = 0; i < regions_.size(); ++i) scored.emplace_back(best[i], i);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [distance, index] : scored) {
    if (out.size() >= max || distance > std::max<size_t>(3, key.size() / 2)) break;
    out.push_back(regions_[index].name);
  }
  return out;
}

bool Gazetteer::EndsWithMention(std::string_view text) const {
  // Region names run to five words («Ханты-Мансийского автономного округа – Югры»).
  size_t tail_begin = 0;  // after the sixth space from the end, or the whole text
  size_t end = text.size();
  for (int words = 0; words < 6 && end > 0; ++words) {
    const size_t space = text.rfind(' ', end - 1);
    if (space == std::string_view::npos) break;
    tail_begin = space + 1;
    end = space;
  }
  const std::string_view tail = text.substr(tail_begin);
  const size_t key_end = ToU32(MatchKey(tail)).size();
  for (const RegionMention& m : FindAll(tail)) {
    if (m.end == key_end) return true;
  }
  return false;
}

}  // namespace karta
