#include "index/sphere_taxonomy.h"

#include <algorithm>

#include "index/data_files.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

SphereTaxonomy SphereTaxonomy::FromTsv(std::string_view tsv) {
  SphereTaxonomy t;
  for (std::string_view line : Split(tsv, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() != 2) continue;
    if (f[0] == "filler") {
      for (std::string_view w : Split(f[1], '|')) t.filler_.insert(FoldCase(w));
      continue;
    }
    const size_t sphere = t.spheres_.size();
    t.spheres_.emplace_back(f[0]);
    for (std::string_view alternative : Split(f[1], '|')) {
      Pattern p{SplitWords(FoldCase(alternative)), sphere, 0};
      if (p.prefixes.empty()) continue;
      for (const std::string& w : p.prefixes) p.weight += w.size();
      t.patterns_.push_back(std::move(p));
    }
  }
  std::stable_sort(t.patterns_.begin(), t.patterns_.end(), [](const Pattern& a, const Pattern& b) {
    return a.prefixes.size() != b.prefixes.size() ? a.prefixes.size() > b.prefixes.size()
                                                  : a.weight > b.weight;
  });
  return t;
}

const SphereTaxonomy& SphereTaxonomy::Default() {
  static const SphereTaxonomy kDefault = FromTsv(data::SpheresTsv());
  return kDefault;
}

SphereTaxonomy::Classification SphereTaxonomy::Classify(std::string_view heading) const {
  std::vector<std::string> words;
  for (std::string& w : SplitWords(FoldCase(heading))) {
    if (!filler_.count(w)) words.push_back(std::move(w));
  }
  // Which sphere claims each word; patterns are tried longest first and consume words.
  std::vector<int> owner(words.size(), -1);
  for (const Pattern& p : patterns_) {
    const size_t n = p.prefixes.size();
    for (size_t i = 0; i + n <= words.size(); ++i) {
      bool match = true;
      for (size_t k = 0; k < n && match; ++k) {
        match = owner[i + k] < 0 && StartsWith(words[i + k], p.prefixes[k]);
      }
      if (!match) continue;
      for (size_t k = 0; k < n; ++k) owner[i + k] = static_cast<int>(p.sphere);
    }
  }
  Classification c;
  for (size_t i = 0; i < words.size(); ++i) {
    if (owner[i] < 0) {
      c.unmatched_words.push_back(words[i]);
      continue;
    }
    const std::string& sphere = spheres_[owner[i]];
    if (std::find(c.spheres.begin(), c.spheres.end(), sphere) == c.spheres.end()) {
      c.spheres.push_back(sphere);
    }
  }
  return c;
}

std::string SphereTaxonomy::Resolve(std::string_view name) const {
  const std::string key = MatchKey(name);
  for (const std::string& s : spheres_) {
    if (MatchKey(s) == key) return s;
  }
  Classification c = Classify(name);
  return c.spheres.size() == 1 && c.unmatched_words.empty() ? c.spheres.front() : std::string();
}

}  // namespace karta
