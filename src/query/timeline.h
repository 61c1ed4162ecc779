// Measures per year — active in a year when their deadline covers it (an annual measure every
// year of its agreement's period) — by partner region or by sphere, over the measures matching
// a search request. The reading side of `karta timeline`.
//
// Thread safety: uses its Searcher; one thread at a time.
#ifndef KARTA_SRC_QUERY_TIMELINE_H_
#define KARTA_SRC_QUERY_TIMELINE_H_

#include <map>
#include <optional>
#include <string>

#include "src/query/search_types.h"
#include "src/query/searcher.h"

namespace karta::query {

enum class TimelineBy { kRegion, kSphere };

struct Timeline {
  std::map<std::string, std::map<int, size_t>> groups;  // region or sphere → year → measures
  std::map<int, size_t> total;                          // year → measures (each once)
  size_t undated = 0;  // matching measures whose deadline gives no year
};

[[nodiscard]] std::optional<Timeline> BuildTimeline(const Searcher& searcher,
                                                    const SearchRequest& scope, TimelineBy by,
                                                    Status* error);

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_TIMELINE_H_
