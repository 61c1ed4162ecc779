// Comparable measures: the measures most like a given one (or like a text the analyst drafts),
// and clusters of near-identical measures across agreements — the standard wording reused from
// plan to plan — against measures unique to one agreement.
//
// Candidates come from "more like this": the most discriminating stemmed terms of the
// measure's text (highest TF-IDF), any of which may match, ranked by BM25. The similarity
// reported is the cosine of the TF-IDF vectors of the two texts (0…1), comparable across
// queries; progress entries and agency names are left out so a report's long progress does
// not dilute what its measure says.
//
// Thread safety: uses its Searcher; one thread at a time.
#ifndef KARTA_SRC_QUERY_SIMILARITY_H_
#define KARTA_SRC_QUERY_SIMILARITY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/stored_record.h"
#include "src/query/search_types.h"

namespace karta::query {

class Searcher;

enum class SimilarScope {
  kOtherAgreements,  // default: not the measure's own agreement
  kOtherRegions,     // none of the agreements of the measure's region
  kEverywhere,
};

struct SimilarHit {
  std::string id;
  double similarity = 0;  // cosine of TF-IDF term vectors, 0…1
  StoredRecord record;
};

struct TwinCluster {
  std::vector<std::string> ids;      // the measures, by region then number
  std::vector<std::string> regions;  // distinct regions sharing the wording
  std::string text;                  // the text of the first measure, as a label
  // Clusters are chained (single linkage): each measure is at least `min_similarity` like some
  // other member, while two members may be less alike: `min_pair_similarity` is the least
  // similar two (the score `karta similar` gives them), so the figure holds for every pair.
  double min_similarity = 0;       // the weakest link that joined the cluster
  double min_pair_similarity = 0;  // the least similar two members
};

struct TwinsReport {
  std::vector<TwinCluster> clusters;  // largest first
  std::vector<std::string> unique;    // measures with no twin in another agreement
  size_t measures = 0;
};

class Similarity {
 public:
  explicit Similarity(const Searcher& searcher) : searcher_(searcher) {}

  // The measure `id` must exist (kFilter error otherwise, naming near ids).
  [[nodiscard]] std::optional<std::vector<SimilarHit>> LikeMeasure(const std::string& id,
                                                                   SimilarScope scope, size_t limit,
                                                                   Status* error) const;
  [[nodiscard]] std::optional<std::vector<SimilarHit>> LikeText(const std::string& text,
                                                                size_t limit, Status* error) const;
  // Clusters over the measures matching `scope` (query and filters of a search request).
  [[nodiscard]] std::optional<TwinsReport> Twins(const SearchRequest& scope, double min_score,
                                                 Status* error) const;

 private:
  const Searcher& searcher_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_SIMILARITY_H_
