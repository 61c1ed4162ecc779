#include "src/query/facet_spy.h"

#include <set>

#include "index/index_schema.h"

namespace karta::query {

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++seen_;
  const std::string value = doc.get_value(slot_);
  if (value.empty()) return;
  std::set<std::string> distinct;
  for (const std::string& item : schema::SplitItems(value)) {
    std::string mapped = mapper_ ? mapper_(item) : item;
    if (!mapped.empty()) distinct.insert(std::move(mapped));
  }
  for (const std::string& v : distinct) ++counts_[v];
}

}  // namespace karta::query
