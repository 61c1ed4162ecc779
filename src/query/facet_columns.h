// The facet slots of every measure (region, spheres, years, kind, agencies) held in memory, for
// a long-running server: counting the facets of a broad query is then an array lookup per
// matching measure instead of a read of five value streams. Built once per index revision
// (about as long as one whole-index analysis) and shared by every handle on that revision, as
// Sphinx keeps its attributes in memory. The CLI, which answers one query per process, keeps
// reading the value streams (facet_spy.h).
//
// Thread safety: For() and Count() may be called from any thread; the columns are immutable
// once built, and the mapped items kept per facet mapping are added under a lock.
#ifndef KARTA_SRC_QUERY_FACET_COLUMNS_H_
#define KARTA_SRC_QUERY_FACET_COLUMNS_H_

#include <xapian.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/query/facet_spy.h"

namespace karta::query {

class FacetColumns {
 public:
  // The columns of `db` at its revision: built by the first caller, shared with the others
  // (and with later callers on the same revision). Throws Xapian::Error.
  static std::shared_ptr<const FacetColumns> For(const Xapian::Database& db);

  // Feeds every facet (of a slot held here) the values of the measures `docids`: the same
  // counts as CountFacets over the value streams.
  void Count(const std::vector<Xapian::docid>& docids,
             const std::vector<FacetCounter*>& facets) const;

 private:
  // A slot's values split into items once: value v holds items[item_ids[first[v]] …
  // item_ids[first[v + 1] - 1]].
  struct Column {
    std::vector<uint32_t> of_doc;    // docid → value id (0: no value)
    std::vector<uint32_t> first;     // value id → its first entry in item_ids; one past the last
    std::vector<uint32_t> item_ids;  // the items of every value, value after value
    std::vector<std::string> items;  // distinct items of the slot
  };
  // A column's items mapped to the facet values of one mapping (FacetCounter::Map), kept
  // across queries: value v counts under names[value_ids[first[v]] … value_ids[first[v+1]-1]],
  // each once.
  struct Grouping {
    std::shared_ptr<const std::vector<std::string>> names;
    std::vector<uint32_t> first;
    std::vector<uint32_t> value_ids;
  };
  [[nodiscard]] static std::shared_ptr<const Grouping> Group(const Column& column,
                                                             const FacetCounter& facet);
  [[nodiscard]] std::shared_ptr<const Grouping> GroupingFor(const Column& column,
                                                            const FacetCounter& facet) const;

  explicit FacetColumns(const Xapian::Database& db);
  std::unordered_map<Xapian::valueno, Column> columns_;
  mutable std::mutex groupings_mutex_;
  mutable std::map<std::pair<Xapian::valueno, std::string>, std::shared_ptr<const Grouping>>
      groupings_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FACET_COLUMNS_H_
