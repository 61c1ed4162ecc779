#include "index/text_vector.h"

#include <cmath>
#include <map>

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

}  // namespace

TextVectorizer::TextVectorizer(const Xapian::Database& db)
    : db_(db),
      stem_(RussianAnalyzer::Default().MakeStemmer()),
      doccount_(static_cast<double>(db.get_doccount())) {}

TermVector TextVectorizer::Of(const std::string& text) {
  std::map<std::string, int> tf;
  for (const std::string& w : SplitIndexWords(RussianAnalyzer::Default().Normalize(text))) {
    size_t start = 0;
    while (start <= w.size()) {
      size_t end = w.find('-', start);
      if (end == std::string::npos) end = w.size();
      if (end > start) ++tf["Z" + stem_(w.substr(start, end - start))];
      start = end + 1;
    }
  }
  TermVector v;
  for (const auto& [term, n] : tf) {
    auto [it, fresh] = idf_.try_emplace(term, 0.0);
    if (fresh) {
      const double df = db_.get_termfreq(term);
      it->second = df > 0 ? std::log(doccount_ / df) + 1e-6 : 0.0;
    }
    v[term] = (1 + std::log(static_cast<double>(n))) * it->second;
  }
  Normalise(&v);
  return v;
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

}  // namespace karta
