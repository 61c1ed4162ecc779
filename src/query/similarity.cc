#include "src/query/similarity.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "index/index_schema.h"
#include "index/text_vector.h"
#include "src/query/searcher.h"
#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta::query {
namespace {

constexpr size_t kCandidates = 60;  // BM25 candidates re-scored by cosine

std::optional<Xapian::docid> FindMeasure(const Xapian::Database& db, const std::string& id) {
  const std::string term = schema::Term(schema::kIdPrefix, id);
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return *it;
}

// What a measure says: its text (progress entries and agency names would dilute it).
TermVector MeasureVector(TextVectorizer& vectors, const StoredRecord& record) {
  return vectors.Of(record.measure.text);
}

std::vector<std::pair<Xapian::docid, double>> Candidates(const Xapian::Database& db,
                                                         const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  // Equal weights in measure order, not document id order: the same candidates from one index
  // and from its shards.
  enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
  Xapian::MSet mset = enquire.get_mset(0, kCandidates);
  std::vector<std::pair<Xapian::docid, double>> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
  return out;
}

std::vector<SimilarHit> Rank(const Xapian::Database& db, const TermVector& source,
                             const std::vector<std::pair<Xapian::docid, double>>& candidates,
                             size_t limit) {
  std::vector<SimilarHit> hits;
  TextVectorizer vectors(db);  // a term's IDF looked up once (over the network, for shards)
  for (const auto& [did, weight] : candidates) {
    SimilarHit hit;
    hit.record = DecodeRecord(db.get_document(did).get_data());
    hit.id = hit.record.measure.id;
    hit.similarity = Cosine(source, MeasureVector(vectors, hit.record));
    // A candidate found by another field (a year in its deadline) shares no word of the text.
    if (hit.similarity <= 0) continue;
    hits.push_back(std::move(hit));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SimilarHit& a, const SimilarHit& b) {
    return a.similarity > b.similarity;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace

std::optional<std::vector<SimilarHit>> Similarity::LikeMeasure(const std::string& id,
                                                               SimilarScope scope, size_t limit,
                                                               Status* error) const {
  const Xapian::Database& db = searcher_.database();
  try {
    std::optional<Xapian::docid> did = FindMeasure(db, id);
    if (!did) {
      std::string near;
      const std::string prefix = schema::kIdPrefix + id.substr(0, id.find(':') + 1);
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && near.size() < 200;
           ++it) {
        near += (near.empty() ? "" : ", ") + (*it).substr(1);
      }
      *error = Status{Status::Code::kNotFound,
                      "no measure with id «" + id + "»" +
                          (near.empty() ? "; ids look like PER-2024-2026:10.1 (see `karta search`)"
                                        : "; ids of that agreement: " + near)};
      return std::nullopt;
    }
    const StoredRecord me = DecodeRecord(db.get_document(*did).get_data());
    const TermVector source = TextVector(db, me.measure.text);
    Xapian::Query query = MoreLikeThisQuery(source);
    std::vector<Xapian::Query> excluded{Xapian::Query(schema::Term(schema::kIdPrefix, id))};
    if (scope == SimilarScope::kOtherAgreements) {
      excluded.emplace_back(schema::Term(schema::kAgreementPrefix, me.agreement));
    } else if (scope == SimilarScope::kOtherRegions && !me.region_code.empty()) {
      excluded.emplace_back(schema::kRegionPrefix + me.region_code);
    }
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    return Rank(db, source, Candidates(db, query), limit);
  } catch (const Xapian::Error& e) {
    *error = Status{Status::Code::kUnavailable, "similarity failed: " + e.get_msg()};
  }
  return std::nullopt;
}

std::optional<std::vector<SimilarHit>> Similarity::LikeText(const std::string& text, size_t limit,
                                                            Status* error) const {
  const Xapian::Database& db = searcher_.database();
  try {
    const TermVector source = TextVector(db, text);
    const RussianAnalyzer& analyzer = RussianAnalyzer::Default();
    const std::vector<std::string> words = SplitIndexWords(analyzer.Normalize(text));
    if (source.empty() || std::all_of(words.begin(), words.end(), [&](const std::string& w) {
          return analyzer.IsStopword(w);
        })) {
      *error = Status{Status::Code::kBadQuery,
                      "the text has no searchable words (only stopwords or punctuation)"};
      return std::nullopt;
    }
    return Rank(db, source, Candidates(db, MoreLikeThisQuery(source)), limit);
  } catch (const Xapian::Error& e) {
    *error = Status{Status::Code::kUnavailable, "similarity failed: " + e.get_msg()};
  }
  return std::nullopt;
}

std::optional<TwinsReport> Similarity::Twins(const SearchRequest& scope, double min_score,
                                             Status* error) const {
  const Xapian::Database& db = searcher_.database();
  std::optional<std::vector<Xapian::docid>> ids = searcher_.MatchingIds(scope, error);
  if (!ids) return std::nullopt;
  try {
    std::unordered_map<Xapian::docid, size_t> index;
    for (size_t i = 0; i < ids->size(); ++i) index[(*ids)[i]] = i;
    std::vector<StoredRecord> data;
    std::vector<TermVector> vectors;
    TextVectorizer vectorizer(db);
    for (Xapian::docid did : *ids) {
      data.push_back(DecodeRecord(db.get_document(did).get_data()));
      vectors.push_back(MeasureVector(vectorizer, data.back()));
    }
    std::vector<size_t> parent(ids->size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](size_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    std::vector<double> weakest(ids->size(), 1.0);
    std::vector<bool> linked(ids->size(), false);
    for (size_t i = 0; i < ids->size(); ++i) {
      Xapian::Query query(Xapian::Query::OP_AND_NOT, MoreLikeThisQuery(vectors[i]),
                          Xapian::Query(schema::Term(schema::kAgreementPrefix, data[i].agreement)));
      for (const auto& [did, weight] : Candidates(db, query)) {
        auto it = index.find(did);
        if (it == index.end()) continue;  // outside the scope
        const size_t j = it->second;
        const double cos = Cosine(vectors[i], vectors[j]);
        // Compared as printed (three decimals): a pair `similar` shows at 0.800 is a twin at
        // 0.8, and identical texts (0.99999…) at 1.
        if (std::round(cos * 1000) / 1000 < min_score - 1e-9) continue;
        linked[i] = linked[j] = true;
        const size_t a = find(i), b = find(j);
        const double w = std::min({weakest[a], weakest[b], cos});
        if (a != b) parent[a] = b;
        weakest[find(b)] = w;
      }
    }
    std::map<size_t, std::vector<size_t>> groups;
    TwinsReport report;
    report.measures = ids->size();
    for (size_t i = 0; i < ids->size(); ++i) {
      if (linked[i]) {
        groups[find(i)].push_back(i);
      } else {
        report.unique.push_back(data[i].measure.id);
      }
    }
    for (auto& [root, members] : groups) {
      TwinCluster c;
      std::sort(members.begin(), members.end(),
                [&](size_t x, size_t y) { return data[x].measure.id < data[y].measure.id; });
      for (size_t m : members) {
        c.ids.push_back(data[m].measure.id);
        const std::string& region = data[m].region;
        if (std::find(c.regions.begin(), c.regions.end(), region) == c.regions.end()) {
          c.regions.push_back(region);
        }
      }
      std::sort(c.regions.begin(), c.regions.end());
      c.text = data[members.front()].measure.text;
      c.min_similarity = weakest[root];
      c.min_pair_similarity = c.min_similarity;
      for (size_t x = 0; x < members.size(); ++x) {
        for (size_t y = x + 1; y < members.size(); ++y) {
          c.min_pair_similarity =
              std::min(c.min_pair_similarity, Cosine(vectors[members[x]], vectors[members[y]]));
        }
      }
      report.clusters.push_back(std::move(c));
    }
    std::stable_sort(report.clusters.begin(), report.clusters.end(),
                     [](const TwinCluster& a, const TwinCluster& b) {
                       return a.regions.size() != b.regions.size()
                                  ? a.regions.size() > b.regions.size()
                                  : a.ids.size() > b.ids.size();
                     });
    return report;
  } catch (const Xapian::Error& e) {
    *error = Status{Status::Code::kUnavailable, "twins failed: " + e.get_msg()};
  }
  return std::nullopt;
}

}  // namespace karta::query
