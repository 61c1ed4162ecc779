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

std::shared_ptr<const FacetColumns::Grouping> FacetColumns::Group(const Column& column,
                                                                  const FacetCounter& facet) {
  constexpr uint32_t kSkip = UINT32_MAX;
  Interner names;
  std::vector<uint32_t> of_item(column.items.size());
  for (size_t i = 0; i < column.items.size(); ++i) {
    const std::string_view value = facet.Map(column.items[i]);
    of_item[i] = value.empty() ? kSkip : names.Id(value);
  }
  auto grouping = std::make_shared<Grouping>();
  grouping->first.reserve(column.first.size());
  for (size_t v = 0; v + 1 < column.first.size(); ++v) {
    grouping->first.push_back(static_cast<uint32_t>(grouping->value_ids.size()));
    const auto begin = grouping->value_ids.size();
    for (uint32_t i = column.first[v]; i < column.first[v + 1]; ++i) {
      const uint32_t id = of_item[column.item_ids[i]];
      // A measure counts once per facet value, however many of its items map to it.
      if (id == kSkip || std::find(grouping->value_ids.begin() + static_cast<std::ptrdiff_t>(begin),
                                   grouping->value_ids.end(), id) != grouping->value_ids.end()) {
        continue;
      }
      grouping->value_ids.push_back(id);
    }
  }
  grouping->first.push_back(static_cast<uint32_t>(grouping->value_ids.size()));
  grouping->names = std::make_shared<const std::vector<std::string>>(names.names());
  return grouping;
}

std::shared_ptr<const FacetColumns::Grouping> FacetColumns::GroupingFor(
    const Column& column, const FacetCounter& facet) const {
  if (!facet.mapping_known()) return Group(column, facet);
  std::lock_guard<std::mutex> lock(groupings_mutex_);
  auto& kept = groupings_[{facet.slot(), facet.mapping()}];
  if (!kept) kept = Group(column, facet);
  return kept;
}

void FacetColumns::Count(const std::vector<Xapian::docid>& docids,
                         const std::vector<FacetCounter*>& facets) const {
  std::vector<Xapian::doccount> tally;
  for (FacetCounter* facet : facets) {
    const Column& column = columns_.at(facet->slot());
    tally.assign(column.first.size() - 1, 0);
    for (Xapian::docid did : docids) {
      if (did < column.of_doc.size()) ++tally[column.of_doc[did]];
    }
    const std::shared_ptr<const Grouping> grouping = GroupingFor(column, *facet);
    std::vector<Xapian::doccount> counts(grouping->names->size(), 0);
    for (size_t value = 1; value < tally.size(); ++value) {
      if (!tally[value]) continue;
      for (uint32_t i = grouping->first[value]; i < grouping->first[value + 1]; ++i) {
        counts[grouping->value_ids[i]] += tally[value];
      }
    }
    facet->Assign(grouping->names, std::move(counts));
  }
}

}  // namespace karta::query
