#include "src/query/facet_spy.h"

#include <algorithm>

#include "index/index_schema.h"

namespace karta::query {

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  Count(doc.get_value(slot_));
}

void FacetSpy::Count(const std::string& value) {
  ++seen_;
  // Neighbouring measures (one agreement, one section) often carry the same value.
  if (have_last_ && value == last_value_) {
    for (uint32_t id : seen_in_doc_) ++counts_[id];
    return;
  }
  last_value_ = value;
  have_last_ = true;
  seen_in_doc_.clear();
  size_t start = 0;
  while (start < value.size()) {
    size_t end = value.find(schema::kItemSep, start);
    if (end == std::string::npos) end = value.size();
    std::string_view item = std::string_view(value).substr(start, end - start);
    start = end + 1;
    if (mapper_) item = mapper_(item);
    if (item.empty()) continue;
    auto it = ids_.find(item);
    if (it == ids_.end()) {
      it = ids_.emplace(std::string(item), static_cast<uint32_t>(names_.size())).first;
      names_.emplace_back(item);
      counts_.push_back(0);
    }
    // A measure counts once per value, however often it carries it.
    if (std::find(seen_in_doc_.begin(), seen_in_doc_.end(), it->second) != seen_in_doc_.end())
      continue;
    seen_in_doc_.push_back(it->second);
    ++counts_[it->second];
  }
}

void CountFacets(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                 const std::vector<FacetSpy*>& facets) {
  const std::string none;
  for (FacetSpy* facet : facets) {
    Xapian::ValueIterator it = db.valuestream_begin(facet->slot());
    const Xapian::ValueIterator end = db.valuestream_end(facet->slot());
    for (Xapian::docid did : docids) {
      if (it != end && it.get_docid() < did) it.skip_to(did);
      if (it != end && it.get_docid() == did) {
        facet->Count(*it);
      } else {
        facet->Count(none);  // the measure has no value in this slot
      }
    }
  }
}

std::map<std::string, Xapian::doccount> FacetSpy::counts() const {
  std::map<std::string, Xapian::doccount> counts;
  for (size_t i = 0; i < names_.size(); ++i) counts.emplace(names_[i], counts_[i]);
  return counts;
}

}  // namespace karta::query
