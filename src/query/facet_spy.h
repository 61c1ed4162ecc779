// Exact facet counts over matching measures, for single- and multi-valued slots: the match
// records the ids of every matching measure (DocidSpy, with check_at_least = the document
// count), then CountFacets reads the slots' value streams for them. A measure counts once under
// each distinct value it carries (a measure with three agencies counts once for each).
//
// Thread safety: a counter belongs to one match on one thread; distinct counters are independent.
#ifndef KARTA_SRC_QUERY_FACET_SPY_H_
#define KARTA_SRC_QUERY_FACET_SPY_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "src/query/interner.h"
#include "src/query/search_types.h"

namespace karta::query {

class FacetCounter {
 public:
  // Maps one stored item to the facet value to count; empty = skip the item. The result may
  // point into the item.
  using ItemMapper = std::function<std::string_view(std::string_view)>;

  FacetCounter(Xapian::valueno slot, ItemMapper mapper = nullptr)
      : slot_(slot), mapper_(std::move(mapper)) {}

  // Counts `n` measures whose slot holds `value`.
  void Count(const std::string& value, Xapian::doccount n = 1);

  // The same by ids, for callers that split slot values once (FacetColumns): the facet value
  // an item counts under (the mapper applied), or kSkip; then `n` measures under it. A measure
  // must count once per facet value, however many of its items map to it.
  static constexpr uint32_t kSkip = UINT32_MAX;
  [[nodiscard]] uint32_t ItemId(std::string_view item);
  void Add(uint32_t id, Xapian::doccount n) { counts_[id] += n; }

  [[nodiscard]] Xapian::valueno slot() const { return slot_; }

  // Every value counted with its number of matching measures: by count (most first, then by
  // value), or by value.
  [[nodiscard]] std::vector<FacetValue> Sorted(bool by_value) const;

 private:
  Xapian::valueno slot_;
  ItemMapper mapper_;
  Interner values_;
  std::vector<Xapian::doccount> counts_;
  std::string last_value_;  // the slot value counted last, and
  bool have_last_ = false;
  std::vector<uint32_t> seen_in_doc_;  // its distinct facet values
};

// Records the ids of the matching documents, and nothing else: facets are then counted from
// the value streams in document order (CountFacets), much faster than asking each matching
// document for its values as the match goes.
class DocidSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    docids_.push_back(doc.get_docid());
  }
  [[nodiscard]] std::vector<Xapian::docid>& docids() { return docids_; }

 private:
  std::vector<Xapian::docid> docids_;
};

// Feeds every facet the values its slot holds for `docids`, which must be sorted.
void CountFacets(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                 const std::vector<FacetCounter*>& facets);

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FACET_SPY_H_
