// Requests and results of the query engine, shared by search and the analytics commands.
//
// Thread safety: plain values.
#ifndef KARTA_SRC_QUERY_SEARCH_TYPES_H_
#define KARTA_SRC_QUERY_SEARCH_TYPES_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/agency_canon.h"
#include "index/execution_links.h"
#include "index/measure.h"
#include "index/stored_record.h"
#include "src/query/status.h"

namespace karta::query {

struct SearchRequest {
  std::string query;  // free text; Xapian syntax (phrases, AND/OR/NOT, region:/sphere:/agency:)
  std::vector<std::string> regions;   // any case form or alias
  std::vector<std::string> spheres;   // canonical name or a word of it
  std::vector<std::string> agencies;  // any spelling, or words of the name
  std::optional<Side> side;           // restricts agency filters and the agency facet
  std::vector<int> years;             // the deadline covers one of these years
  std::optional<DocumentKind> kind;
  size_t offset = 0;
  size_t limit = 20;
  bool facets = false;
  size_t facet_limit = 0;  // the most frequent values kept per facet (years: all); 0 = all
  // How the words of a plain query combine. kRanked: measures matching any word, those
  // matching all of them first (search's default); kAll: every word must match (analytics
  // scopes); kAny: any word, plain BM25.
  enum class Match { kRanked, kAll, kAny } match = Match::kRanked;
  // The order of hits: by score (equal scores by measure), or by region (code, kind, period,
  // number), by measure number, by deadline (the last year it covers, then the first).
  enum class Sort { kScore, kRegion, kNumber, kDeadline } sort = Sort::kScore;
  // On the page that shows the last match of a plain ranked query (no operators, quotes or
  // fields), up to this many measures without any query word (or a name of one) that are most
  // like what its three best matches have in common (`karta similar`'s cosine to their
  // centroid), within the filters: what the words miss though it is about the same thing.
  // They follow the last match, outside paging (SearchResponse::related), and are never
  // counted. 0: none.
  size_t related = 0;
  static constexpr size_t kDefaultRelated = 10;  // what search and the server list by default
  static constexpr size_t kMaxRelated = 100;
  // Seconds the matching may take (0: no limit). A match stopped by the limit fails with
  // kUnavailable rather than give counts that are not exact (the server's bound per request).
  double time_limit = 0;
};

struct FacetValue {
  std::string value;
  size_t count = 0;
};

struct Hit {
  std::string id;
  double score = 0;
  StoredRecord record;  // the stored measure with its agreement fields
  std::string snippet;  // of the measure's text, highlighted with `SearchResponse::kHighlight*`
  // When the words match only outside the text: the field they were found in («progress»,
  // «notes», «St Petersburg agencies», «partner agencies», «section», «region») and its snippet.
  std::string matched_in;
  std::string matched_snippet;
  // For a plan measure: the execution-report measures that report on it.
  std::vector<ExecutionLink> reported;
  // A related measure (SearchResponse::related): the match it is nearest; `score` is its
  // cosine to the centroid of the best matches (0…1).
  std::string like;
};

struct SearchResponse {
  static constexpr const char* kHighlightStart = "\x02";  // replaced by each output format
  static constexpr const char* kHighlightEnd = "\x03";

  std::string query;
  size_t total = 0;        // exact number of matching measures
  std::string suggestion;  // when nothing matches: the query with misspelt words corrected
  std::vector<Hit> hits;
  // After the last match, on its page: measures like the best matches without any query word
  // (SearchRequest::related), most alike first. Not in `total` or the facets. Left out, not
  // failed, when the time limit leaves no time for them.
  std::vector<Hit> related;
  // "region", "sphere", "agency", "year", "kind" → values by count (years by year).
  std::map<std::string, std::vector<FacetValue>> facets;
  std::map<std::string, size_t> facet_values;  // facet → distinct values, before the limit
};

// Replaces the engine's highlight markers in a snippet by `start`/`end` («<b>», a terminal's
// bold, «[»).
[[nodiscard]] inline std::string RenderHighlights(const std::string& snippet,
                                                  const std::string& start,
                                                  const std::string& end) {
  std::string out;
  for (char c : snippet) {
    if (c == SearchResponse::kHighlightStart[0]) {
      out += start;
    } else if (c == SearchResponse::kHighlightEnd[0]) {
      out += end;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_SEARCH_TYPES_H_
