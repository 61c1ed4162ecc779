// Exact facet counts over matching measures, for single- and multi-valued slots: the match
// records the ids of every matching measure (DocidSpy, with check_at_least = the document
// count), then CountFacets reads the slots' value streams for them. A measure counts once under
// each distinct value it carries (a measure with three agencies counts once for each).
//
// Thread safety: a counter belongs to one match on one thread; distinct counters are independent.
#ifndef KARTA_SRC_QUERY_FACET_SPY_H_
#define KARTA_SRC_QUERY_FACET_SPY_H_

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
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

  // `mapping` names what `mapper` does (the same name, the same mapping), so that FacetColumns
  // can keep the mapped items across queries; empty with a mapper: nothing is kept.
  explicit FacetCounter(Xapian::valueno slot, ItemMapper mapper = nullptr, std::string mapping = "")
      : slot_(slot), mapper_(std::move(mapper)), mapping_(std::move(mapping)) {}

  // Counts `n` measures whose slot holds `value`.
  void Count(std::string_view value, Xapian::doccount n = 1);

  // The facet value `item` counts under (the mapper applied); empty: the item is skipped.
  [[nodiscard]] std::string_view Map(std::string_view item) const {
    return mapper_ ? mapper_(item) : item;
  }
  // Whether Map() is the same for every counter with this mapping name.
  [[nodiscard]] bool mapping_known() const { return !mapper_ || !mapping_.empty(); }
  [[nodiscard]] const std::string& mapping() const { return mapping_; }
  // Replaces what was counted by counts of the values `names` (shared, not copied), for
  // callers that count by ids (FacetColumns).
  void Assign(std::shared_ptr<const std::vector<std::string>> names,
              std::vector<Xapian::doccount> counts);

  [[nodiscard]] Xapian::valueno slot() const { return slot_; }

  // How many distinct values were counted.
  [[nodiscard]] size_t distinct() const;
  // The values counted with their numbers of matching measures: by count (most first, then by
  // value), or by value; the first `limit` of them (0: all).
  [[nodiscard]] std::vector<FacetValue> Sorted(bool by_value, size_t limit = 0) const;

 private:
  [[nodiscard]] const std::vector<std::string>& names() const {
    return assigned_ ? *assigned_ : values_.names();
  }

  Xapian::valueno slot_;
  ItemMapper mapper_;
  std::string mapping_;
  Interner values_;
  std::shared_ptr<const std::vector<std::string>> assigned_;  // the names, when Assign()ed
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
  // Puts the ids in order (a match visits documents in docid order, so they usually are).
  void Sort() {
    if (!std::is_sorted(docids_.begin(), docids_.end())) std::sort(docids_.begin(), docids_.end());
  }

 private:
  std::vector<Xapian::docid> docids_;
};

// Feeds every facet the values its slot holds for `docids`, which must be sorted.
void CountFacets(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                 const std::vector<FacetCounter*>& facets);

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FACET_SPY_H_
