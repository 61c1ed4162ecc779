#include "src/query/facet_spy.h"

#include <algorithm>

#include "index/index_schema.h"
#include "src/query/value_cursor.h"

namespace karta::query {

void FacetCounter::Count(std::string_view value, Xapian::doccount n) {
  // Neighbouring measures (one agreement, one section) often carry the same value.
  if (have_last_ && value == last_value_) {
    for (uint32_t id : seen_in_doc_) counts_[id] += n;
    return;
  }
  last_value_ = value;
  have_last_ = true;
  seen_in_doc_.clear();
  schema::ForEachItem(value, [&](std::string_view item) {
    item = Map(item);
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

void FacetCounter::Assign(std::shared_ptr<const std::vector<std::string>> names,
                          std::vector<Xapian::doccount> counts) {
  assigned_ = std::move(names);
  counts_ = std::move(counts);
  have_last_ = false;
}

size_t FacetCounter::distinct() const {
  return static_cast<size_t>(
      std::count_if(counts_.begin(), counts_.end(), [](Xapian::doccount n) { return n > 0; }));
}

std::vector<FacetValue> FacetCounter::Sorted(bool by_value, size_t limit) const {
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < counts_.size(); ++id) {
    if (counts_[id]) ids.push_back(id);
  }
  const std::vector<std::string>& all = names();
  auto before = [&](uint32_t a, uint32_t b) {
    if (!by_value && counts_[a] != counts_[b]) return counts_[a] > counts_[b];
    return all[a] < all[b];
  };
  if (limit && limit < ids.size()) {
    // Thousands of agencies, twenty shown: only those are put in order.
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(limit), ids.end(),
                      before);
    ids.resize(limit);
  } else {
    std::sort(ids.begin(), ids.end(), before);
  }
  std::vector<FacetValue> out;
  out.reserve(ids.size());
  for (uint32_t id : ids) out.push_back(FacetValue{all[id], counts_[id]});
  return out;
}

}  // namespace karta::query
