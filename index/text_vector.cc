#include "index/text_vector.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

void Normalise(TermVector* v) {
  double norm = 0;
  for (const auto& [t, w] : *v) norm += w * w;
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (auto& [t, w] : *v) w /= norm;
  }
}

// The analysed terms of `text` with their counts.
std::map<std::string, int> CountTerms(const Xapian::Stem& stem, const std::string& text) {
  std::map<std::string, int> tf;
  for (const std::string& w : SplitIndexWords(RussianAnalyzer::Default().Normalize(text))) {
    size_t start = 0;
    while (start <= w.size()) {
      size_t end = w.find('-', start);
      if (end == std::string::npos) end = w.size();
      if (end > start) ++tf["Z" + stem(w.substr(start, end - start))];
      start = end + 1;
    }
  }
  return tf;
}

double Weight(int count, double idf) { return (1 + std::log(static_cast<double>(count))) * idf; }

}  // namespace

TextVectorizer::TextVectorizer(const Xapian::Database& db)
    : db_(db),
      stem_(RussianAnalyzer::Default().MakeStemmer()),
      doccount_(static_cast<double>(db.get_doccount())) {}

TermVector TextVectorizer::Of(const std::string& text) {
  TermVector v;
  for (const auto& [term, n] : CountTerms(stem_, text)) {
    auto [it, fresh] = idf_.try_emplace(term, 0.0);
    if (fresh) {
      const double df = db_.get_termfreq(term);
      it->second = df > 0 ? std::log(doccount_ / df) + 1e-6 : 0.0;
    }
    v[term] = Weight(n, it->second);
  }
  Normalise(&v);
  return v;
}

std::vector<TermVector> VectorsAmong(const std::vector<const std::string*>& texts) {
  const Xapian::Stem stem = RussianAnalyzer::Default().MakeStemmer();
  std::vector<std::map<std::string, int>> counts;
  counts.reserve(texts.size());
  std::unordered_map<std::string, int> df;
  for (const std::string* text : texts) {
    counts.push_back(CountTerms(stem, *text));
    for (const auto& [term, n] : counts.back()) ++df[term];
  }
  const double n_texts = static_cast<double>(texts.size());
  std::vector<TermVector> out(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    for (const auto& [term, n] : counts[i]) {
      out[i][term] = Weight(n, std::log(n_texts / df[term]) + 1e-6);
    }
    Normalise(&out[i]);
  }
  return out;
}

TermVector TextVector(const Xapian::Database& db, const std::string& text) {
  return TextVectorizer(db).Of(text);
}

double Cosine(const TermVector& a, const TermVector& b) {
  const TermVector& small = a.size() < b.size() ? a : b;
  const TermVector& large = a.size() < b.size() ? b : a;
  double dot = 0;
  for (const auto& [t, w] : small) {
    if (auto it = large.find(t); it != large.end()) dot += w * it->second;
  }
  return dot;
}

TermVector Centroid(const std::vector<const TermVector*>& vectors) {
  TermVector sum;
  for (const TermVector* v : vectors) {
    for (const auto& [term, w] : *v) sum[term] += w;
  }
  Normalise(&sum);
  return sum;
}

Xapian::Query MoreLikeThisQuery(const TermVector& v, size_t max_terms) {
  std::vector<std::pair<double, std::string>> by_weight;
  for (const auto& [term, w] : v) by_weight.emplace_back(w, term);
  std::sort(by_weight.rbegin(), by_weight.rend());
  if (by_weight.size() > max_terms) by_weight.resize(max_terms);
  std::vector<Xapian::Query> terms;
  for (const auto& [w, term] : by_weight) terms.emplace_back(term);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace karta
