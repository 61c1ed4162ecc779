#include "index/sphere_taxonomy.h"

#include <xapian.h>

#include <algorithm>

#include "index/data_files.h"
#include "index/split.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

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
  const std::vector<std::string> words = SplitWords(FoldCase(heading));
  std::vector<bool> filler(words.size());
  for (size_t i = 0; i < words.size(); ++i) filler[i] = filler_.count(words[i]) > 0;
  // Which sphere claims each word; patterns are tried longest first and consume words. A
  // pattern may name a filler word («социальн развит») and otherwise skips filler words
  // between its own («охраны труда и занятости»).
  std::vector<int> owner(words.size(), -1);
  for (const Pattern& p : patterns_) {
    for (size_t i = 0; i < words.size(); ++i) {
      if (owner[i] >= 0 || !StartsWith(words[i], p.prefixes[0])) continue;
      size_t k = 1, j = i + 1;
      while (k < p.prefixes.size() && j < words.size()) {
        if (owner[j] < 0 && StartsWith(words[j], p.prefixes[k])) {
          ++k;
          ++j;
        } else if (filler[j]) {
          ++j;
        } else {
          break;
        }
      }
      if (k < p.prefixes.size()) continue;
      for (size_t m = i; m < j; ++m) {
        if (owner[m] < 0) owner[m] = static_cast<int>(p.sphere);
      }
    }
  }
  Classification c;
  for (size_t i = 0; i < words.size(); ++i) {
    if (owner[i] < 0) {
      if (!filler[i]) c.unmatched_words.push_back(words[i]);
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

std::vector<std::string> SphereTaxonomy::NamedBy(std::string_view words) const {
  thread_local const Xapian::Stem kStem("russian");  // a stemmer holds state per call
  auto stems = [](std::string_view text) {
    std::vector<std::string> out;
    for (const std::string& w : SplitWords(FoldCase(text))) {
      if (ToU32(w).size() > 1) out.push_back(kStem(w));
    }
    return out;
  };
  const std::vector<std::string> wanted = stems(words);
  std::vector<std::string> out;
  if (wanted.empty()) return out;
  for (const std::string& sphere : spheres_) {
    const std::vector<std::string> have = stems(sphere);
    if (std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
          return std::find(have.begin(), have.end(), w) != have.end();
        })) {
      out.push_back(sphere);
    }
  }
  return out;
}

namespace {

// Stems of the words that open a body's name, in any case form.
constexpr std::string_view kBodyHeads[] = {"комитет",     "министерств",  "департамент",
                                           "агентств",    "управлени",    "служб",
                                           "администрац", "правительств", "инспекци"};
// Words that close a body's name: its region or city («Калининградской области»).
constexpr std::string_view kNameEnds[] = {"области",          "края",      "республики", "округа",
                                          "санкт-петербурга", "петербурга"};

bool OneOf(const std::string& word, const std::string_view* list, size_t n, bool prefix) {
  for (size_t i = 0; i < n; ++i) {
    if (prefix ? word.rfind(list[i], 0) == 0 : word == list[i]) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SphereTaxonomy::ClassifyText(std::string_view text) const {
  std::string kept;
  const std::string folded = FoldCase(text);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find_first_of(",;.()", start);
    if (end == std::string::npos) end = folded.size();
    bool in_name = false;
    for (const std::string& word : SplitWords(folded.substr(start, end - start))) {
      if (!in_name && OneOf(word, kBodyHeads, std::size(kBodyHeads), true)) in_name = true;
      if (!in_name) kept += word + " ";
      if (in_name && OneOf(word, kNameEnds, std::size(kNameEnds), false)) in_name = false;
    }
    kept += ". ";
    start = end + 1;
  }
  return Classify(kept).spheres;
}

}  // namespace karta
