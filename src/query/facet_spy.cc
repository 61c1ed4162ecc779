#include "src/query/facet_spy.h"

#include <algorithm>

#include "index/index_schema.h"
#include "src/query/value_cursor.h"

namespace karta::query {

void FacetCounter::Count(const std::string& value, Xapian::doccount n) {
  // Neighbouring measures (one agreement, one section) often carry the same value.
  if (have_last_ && value == last_value_) {
    for (uint32_t id : seen_in_doc_) counts_[id] += n;
    return;
  }
  last_value_ = value;
  have_last_ = true;
  seen_in_doc_.clear();
  schema::ForEachItem(value, [&](std::string_view item) {
    if (mapper_) item = mapper_(item);
    if (item.empty()) return;
    const uint32_t id = values_.Id(item);
    if (id == counts_.size()) counts_.push_back(0);
    // A measure counts once per value, however often it carries it.
    if (std::find(seen_in_doc_.begin(), seen_in_doc_.end(), id) != seen_in_doc_.end()) return;
    seen_in_doc_.push_back(id);
    counts_[id] += n;
  });
}

void CountFacets(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                 const std::vector<FacetCounter*>& facets) {
  for (FacetCounter* facet : facets) {
    ValueCursor values(db, facet->slot());
    for (Xapian::docid did : docids) facet->Count(values.At(did));
  }
}

std::map<std::string, Xapian::doccount> FacetCounter::counts() const {
  std::map<std::string, Xapian::doccount> counts;
  for (size_t i = 0; i < counts_.size(); ++i) counts.emplace(values_.names()[i], counts_[i]);
  return counts;
}

}  // namespace karta::query
