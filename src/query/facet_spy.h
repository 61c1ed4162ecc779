// Exact facet counts over every matching measure, for single- and multi-valued slots. A
// measure counts once under each distinct value it carries (a measure with three agencies
// counts once for each of them). Counts are exact only when the match examines every
// document: the searcher asks for check_at_least = the document count.
#ifndef KARTA_SRC_QUERY_FACET_SPY_H_
#define KARTA_SRC_QUERY_FACET_SPY_H_

#include <xapian.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace karta::query {

class FacetSpy : public Xapian::MatchSpy {
 public:
  // Maps one stored item to the facet value to count; empty = skip the item. The result may
  // point into the item.
  using ItemMapper = std::function<std::string_view(std::string_view)>;

  FacetSpy(Xapian::valueno slot, ItemMapper mapper = nullptr)
      : slot_(slot), mapper_(std::move(mapper)) {}

  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts one measure whose slot holds `value` (what operator() does with a document).
  void Count(const std::string& value);
  [[nodiscard]] Xapian::valueno slot() const { return slot_; }

  // Value → number of matching measures carrying it.
  [[nodiscard]] std::map<std::string, Xapian::doccount> counts() const;
  [[nodiscard]] Xapian::doccount documents_seen() const { return seen_; }

 private:
  // Values are interned while matching (hundreds of thousands of measures): a lookup by
  // string_view allocates nothing, counting is an array increment.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  Xapian::valueno slot_;
  ItemMapper mapper_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
  std::vector<Xapian::doccount> counts_;
  std::string last_value_;  // the slot value counted last, and
  bool have_last_ = false;
  std::vector<uint32_t> seen_in_doc_;  // its distinct facet values
  Xapian::doccount seen_ = 0;
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
                 const std::vector<FacetSpy*>& facets);

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FACET_SPY_H_
