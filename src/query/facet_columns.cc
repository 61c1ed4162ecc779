#include "src/query/facet_columns.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "index/index_schema.h"
#include "src/query/interner.h"

namespace karta::query {

FacetColumns::FacetColumns(const Xapian::Database& db) {
  const Xapian::docid last = db.get_lastdocid();
  for (Xapian::valueno slot : {schema::kSlotRegion, schema::kSlotSpheres, schema::kSlotYears,
                               schema::kSlotKind, schema::kSlotAgencies}) {
    Column& column = columns_[slot];
    column.of_doc.assign(static_cast<size_t>(last) + 1, 0);
    Interner values, items;
    values.Id("");  // value 0: none, no items
    column.first.assign(2, 0);
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      const std::string value = *it;
      const uint32_t id = values.Id(value);
      column.of_doc[it.get_docid()] = id;
      if (id + 1 < column.first.size()) continue;  // split already
      schema::ForEachItem(
          value, [&](std::string_view item) { column.item_ids.push_back(items.Id(item)); });
      column.first.push_back(static_cast<uint32_t>(column.item_ids.size()));
    }
    column.items = items.names();
  }
}

std::shared_ptr<const FacetColumns> FacetColumns::For(const Xapian::Database& db) {
  // One entry per index (its UUID): the columns of the newest revision asked for.
  struct Entry {
    Xapian::rev revision = 0;
    std::shared_ptr<const FacetColumns> columns;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> cache;
  const std::string uuid = db.get_uuid();
  const Xapian::rev revision = db.get_revision();
  std::lock_guard<std::mutex> lock(mutex);  // the others wait rather than build it again
  Entry& entry = cache[uuid];
  if (!entry.columns || entry.revision != revision) {
    std::shared_ptr<const FacetColumns> columns(new FacetColumns(db));
    if (entry.columns && entry.revision > revision) return columns;  // an older handle's
    entry = {revision, std::move(columns)};
  }
  return entry.columns;
}

void FacetColumns::Count(const std::vector<Xapian::docid>& docids,
                         const std::vector<FacetCounter*>& facets) const {
  constexpr uint32_t kUnseen = FacetCounter::kSkip - 1;
  std::vector<Xapian::doccount> tally;
  std::vector<uint32_t> facet_id;  // item → the facet's id for it, looked up once
  std::vector<uint32_t> in_value;  // the facet ids of one value, each once
  for (FacetCounter* facet : facets) {
    const Column& column = columns_.at(facet->slot());
    tally.assign(column.first.size() - 1, 0);
    for (Xapian::docid did : docids) {
      if (did < column.of_doc.size()) ++tally[column.of_doc[did]];
    }
    facet_id.assign(column.items.size(), kUnseen);
    for (size_t value = 1; value < tally.size(); ++value) {
      if (!tally[value]) continue;
      in_value.clear();
      for (uint32_t i = column.first[value]; i < column.first[value + 1]; ++i) {
        uint32_t& id = facet_id[column.item_ids[i]];
        if (id == kUnseen) id = facet->ItemId(column.items[column.item_ids[i]]);
        if (id == FacetCounter::kSkip) continue;
        if (std::find(in_value.begin(), in_value.end(), id) == in_value.end()) {
          in_value.push_back(id);
        }
      }
      for (uint32_t id : in_value) facet->Add(id, tally[value]);
    }
  }
}

}  // namespace karta::query
