#include "src/query/facet_columns.h"

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
    Interner values;
    values.Id("");
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      column.of_doc[it.get_docid()] = values.Id(*it);
    }
    column.values = values.names();
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
  std::vector<Xapian::doccount> tally;
  for (FacetCounter* facet : facets) {
    const Column& column = columns_.at(facet->slot());
    tally.assign(column.values.size(), 0);
    for (Xapian::docid did : docids) {
      if (did < column.of_doc.size()) ++tally[column.of_doc[did]];
    }
    for (size_t id = 1; id < tally.size(); ++id) {
      if (tally[id]) facet->Count(column.values[id], tally[id]);
    }
  }
}

}  // namespace karta::query
