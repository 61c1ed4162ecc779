// What the index holds, read directly: one measure by its id (with near ids when there is
// none) and the list of indexed agreements. The reading side of `karta show` and
// `karta agreements`.
//
// Thread safety: a Catalog reads through its Searcher and is used by one thread at a time.
#ifndef KARTA_SRC_QUERY_CATALOG_H_
#define KARTA_SRC_QUERY_CATALOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/stored_record.h"
#include "src/query/search_types.h"
#include "src/query/searcher.h"

namespace karta::query {

struct AgreementSummary {
  std::string key;  // «PER-2024-2026», «SMO-2021-2023-R2023»: the prefix of its measure ids
  std::string region, region_code, kind, title, file, path, format;
  std::optional<int> period_from, period_to, report_year;
  size_t measures = 0;
  size_t sections = 0;                // distinct section numbers of its measures
  size_t progress_entries = 0;        // reports: entries on what was done
  std::vector<std::string> warnings;  // what indexing reported about the document
};

// One measure as `karta show` gives it: the stored record and its agencies' canonical names
// (one per name as written, in the same order).
struct MeasureView {
  StoredRecord record;
  std::vector<std::string> spb_agencies_canonical, partner_agencies_canonical;
};

class Catalog {
 public:
  // REQUIRES: `searcher` outlives the Catalog.
  explicit Catalog(const Searcher& searcher);

  // The stored measure with every field, and its agencies' canonical names
  // («spb_agencies_canonical», «partner_agencies_canonical», one per name as written).
  // `id` is exact («PER-2024-2026:6.1»), in any letter case, or a region code and a number
  // («PER:6.1») when one measure has them. Unknown: kNotFound, naming near ids.
  [[nodiscard]] std::optional<MeasureView> Measure(std::string_view id, Status* error) const;

  // The one id `id` names (as Measure takes it: any letter case, or «PER:6.1»); nullopt with
  // kNotFound naming near ids, or the measures a short id names.
  [[nodiscard]] std::optional<std::string> ResolveOne(std::string_view id, Status* error) const;

  // Up to `max` indexed ids closest to `id` (same agreement first, then by edit distance).
  [[nodiscard]] std::vector<std::string> NearIds(std::string_view id, size_t max) const;

  // Every agreement, ordered by region, kind and period.
  [[nodiscard]] std::optional<std::vector<AgreementSummary>> Agreements(Status* error) const;

 private:
  // Ids of the index whose term matches `id` (exact, then case-folded, then CODE:NUMBER).
  [[nodiscard]] std::vector<std::string> Resolve(std::string_view id) const;
  const Searcher& searcher_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_CATALOG_H_
