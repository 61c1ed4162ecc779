#include "src/query/facet_spy.h"

#include <algorithm>

#include "index/index_schema.h"
#include "src/query/value_cursor.h"

namespace karta::query {

uint32_t FacetCounter::ItemId(std::string_view item) {
  if (mapper_) item = mapper_(item);
  if (item.empty()) return kSkip;
  const uint32_t id = values_.Id(item);
  if (id == counts_.size()) counts_.push_back(0);
  return id;
}

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
    const uint32_t id = ItemId(item);
    if (id == kSkip) return;
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

std::vector<FacetValue> FacetCounter::Sorted(bool by_value) const {
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < counts_.size(); ++id) {
    if (counts_[id]) ids.push_back(id);
  }
  const std::vector<std::string>& names = values_.names();
  std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
    if (!by_value && counts_[a] != counts_[b]) return counts_[a] > counts_[b];
    return names[a] < names[b];
  });
  std::vector<FacetValue> out;
  out.reserve(ids.size());
  for (uint32_t id : ids) out.push_back(FacetValue{names[id], counts_[id]});
  return out;
}

}  // namespace karta::query
