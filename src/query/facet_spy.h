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

namespace karta::query {

class FacetSpy : public Xapian::MatchSpy {
 public:
  // Maps one stored item to the facet value to count; empty = skip the item.
  using ItemMapper = std::function<std::string(const std::string&)>;

  FacetSpy(Xapian::valueno slot, ItemMapper mapper = nullptr)
      : slot_(slot), mapper_(std::move(mapper)) {}

  void operator()(const Xapian::Document& doc, double weight) override;

  [[nodiscard]] const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }
  [[nodiscard]] Xapian::doccount documents_seen() const { return seen_; }

 private:
  Xapian::valueno slot_;
  ItemMapper mapper_;
  std::map<std::string, Xapian::doccount> counts_;
  Xapian::doccount seen_ = 0;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FACET_SPY_H_
