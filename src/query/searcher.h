// The query engine: ranked (BM25) full-text search over the measures of a karta index, with
// canonical filters and exact facet counts. The thin wrapper around Xapian's reading side:
// Xapian::Error never leaves it.
//
// Thread safety: a Searcher is used by one thread at a time. A search counts its matches on
// a second thread of its own, through a second database handle and its own copy of the query.
#ifndef KARTA_SRC_QUERY_SEARCHER_H_
#define KARTA_SRC_QUERY_SEARCHER_H_

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/agency_canon.h"
#include "index/execution_links.h"
#include "index/index_schema.h"
#include "src/query/search_types.h"

namespace karta::query {

// Receives the facets of the measures a match finds: `n` measures share `row`.
class FacetRowSink {
 public:
  virtual ~FacetRowSink() = default;
  virtual void Add(const schema::FacetRow& row, Xapian::doccount n) = 0;
};

class Searcher {
 public:
  // Opens the index in `dir` — a directory, or a shard list (index/shard_stub.h) of local and
  // remote shards; a missing directory, one that is not a karta index or a shard that does not
  // answer is kUnavailable. `resident_facets`: count facets from columns held in memory and shared
  // by every Searcher on the same revision (src/query/facet_columns.h) — for a server; a single
  // query reads the value streams instead.
  static std::unique_ptr<Searcher> Open(const std::string& dir, Status* error,
                                        bool resident_facets = false);
  ~Searcher();

  [[nodiscard]] std::optional<SearchResponse> Search(const SearchRequest& request,
                                                     Status* error) const;

  // Shows the facets of every measure matching `request` (query and filters; paging ignored)
  // to `sink`, measures with the same facets at once: for analytics that aggregate over all
  // matches, exact over remote shards too. Returns false and sets *error on failure.
  bool ForEachMatch(const SearchRequest& request, FacetRowSink* sink, Status* error) const;
  // The document ids of every measure matching `request`, in measure order (region code,
  // kind, period, number: kSlotOrder), which is the same for an index and for its shards.
  [[nodiscard]] std::optional<std::vector<Xapian::docid>> MatchingIds(const SearchRequest& request,
                                                                      Status* error) const;

  [[nodiscard]] const AgencyRegistry& agencies() const;
  // Plan ↔ report links, as the last `karta index` computed them.
  [[nodiscard]] const ExecutionLinks& execution() const;
  // The index itself, for the analyses built on top of search (similarity).
  [[nodiscard]] const Xapian::Database& database() const;
  [[nodiscard]] size_t measure_count() const;
  // Whether some shard is remote: then value streams are not read (the remote backend serves
  // them a document at a time) and facets are counted by Xapian's own spies on the servers.
  [[nodiscard]] bool remote() const;

 private:
  struct Impl;
  struct BuiltQuery;
  [[nodiscard]] std::string Suggest(const std::string& query) const;
  // Throws FilterError, Xapian::Error.
  [[nodiscard]] BuiltQuery Build(const SearchRequest& request) const;
  // Up to `req.related` measures within the filters without any word of the plain query
  // `req.query` (none for another query), most like the best matches (SearchRequest::related).
  // `seconds` bounds each of its two matches (none when not positive). Throws Xapian::Error.
  [[nodiscard]] std::vector<Hit> Related(const SearchRequest& req, const BuiltQuery& built,
                                         double seconds) const;
  template <typename F>
  auto Guarded(const SearchRequest& req, const char* what, Status* error, F f) const
      -> std::optional<std::decay_t<decltype(*std::optional(f()))>>;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_SEARCHER_H_
