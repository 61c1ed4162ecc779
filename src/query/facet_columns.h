// The facet slots of every measure (region, spheres, years, kind, agencies) held in memory, for
// a long-running server: counting the facets of a broad query is then an array lookup per
// matching measure instead of a read of five value streams. Built once per index revision
// (about as long as one whole-index analysis) and shared by every handle on that revision, as
// Sphinx keeps its attributes in memory. The CLI, which answers one query per process, keeps
// reading the value streams (facet_spy.h).
//
// Thread safety: For() may be called from any thread; a FacetColumns is immutable once built.
#ifndef KARTA_SRC_QUERY_FACET_COLUMNS_H_
#define KARTA_SRC_QUERY_FACET_COLUMNS_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_map>
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
  explicit FacetColumns(const Xapian::Database& db);
  std::unordered_map<Xapian::valueno, Column> columns_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FACET_COLUMNS_H_
