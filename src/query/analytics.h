// Cross-agreement analytics: which agencies appear where, how alike agreements are, what one
// has that the others do not, and which partner agency each St Petersburg committee works with
// in each region. Everything is computed in one pass over the matching measures of the index
// (exact counts, the same canonical agency names as the search facets; a measure counts once
// per agency).
#ifndef KARTA_SRC_QUERY_ANALYTICS_H_
#define KARTA_SRC_QUERY_ANALYTICS_H_

#include <xapian.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/agency_canon.h"
#include "src/query/interner.h"
#include "src/query/searcher.h"

namespace karta::query {

// Per-region aggregates of the matching measures. An "agreement" here is a partner region:
// analytics compare the regions St Petersburg has agreements with.
struct Aggregate {
  struct AgencyKey {
    Side side;
    std::string key;
    bool operator==(const AgencyKey& o) const { return side == o.side && key == o.key; }
    bool operator<(const AgencyKey& o) const {
      return side != o.side ? side < o.side : key < o.key;
    }
  };
  std::map<std::string, size_t> measures;                        // region → count
  std::map<std::string, std::set<int>> years;                    // region → years
  std::map<AgencyKey, std::map<std::string, size_t>> agencies;   // agency → region → n
  std::map<std::string, std::map<std::string, size_t>> spheres;  // sphere → region → n
  // (St Petersburg agency key, region, partner agency key) → measures they share.
  std::map<std::tuple<std::string, std::string, std::string>, size_t> pairs;
};

// Collects an Aggregate from the facet rows of the measures a match finds. Strings are
// interned into small ids and counted in dense arrays (hundreds of thousands of measures); the
// string-keyed Aggregate is built once, at the end.
class AggregateSpy : public FacetRowSink {
 public:
  struct Parts {
    bool agencies = true, spheres = true, years = true, pairs = true;
  };
  AggregateSpy() = default;
  explicit AggregateSpy(Parts parts) : parts_(parts) {}

  void Add(const schema::FacetRow& row, Xapian::doccount n) override;
  // `n` measures, from their value slots (index/index_schema.h); slots a part does not need
  // may be empty.
  void Add(std::string_view region, std::string_view years, std::string_view spheres,
           std::string_view agencies, Xapian::doccount n = 1);
  // Adds what another spy with the same parts has seen.
  void Merge(const AggregateSpy& other);
  [[nodiscard]] Aggregate aggregate() const;
  [[nodiscard]] const Parts& parts() const { return parts_; }

 private:
  static void Bump(std::vector<std::vector<uint32_t>>* counts, uint32_t row, uint32_t col,
                   uint32_t n = 1);

  Parts parts_;
  Interner regions_, agencies_, spheres_;             // agencies_ keys: side char + FieldSep + key
  std::vector<uint32_t> measures_;                    // per region
  std::vector<std::vector<uint32_t>> agency_counts_;  // [agency][region]
  std::vector<std::vector<uint32_t>> sphere_counts_;  // [sphere][region]
  std::vector<std::vector<bool>> years_;              // [region][year - kMinYear]
  std::unordered_map<uint64_t, uint32_t> pairs_;      // spb | partner | region → measures
  std::string last_region_value_;
  uint32_t last_region_ = 0;
  bool have_last_region_ = false;
  void ParseAgencies(std::string_view value);  // into spb_ and partner_
  std::string last_agencies_;
  bool have_last_agencies_ = false;
  std::vector<uint32_t> spb_, partner_;  // the agencies of last_agencies_, sorted, distinct
};

// Aggregates every measure of the index at `db_path`, `threads` ranges of document ids at once,
// reading the value streams directly instead of matching: what analytics without a query or
// filter need. Throws Xapian::Error.
[[nodiscard]] Aggregate AggregateAll(const std::string& db_path, AggregateSpy::Parts parts,
                                     unsigned threads);

// Regions in a stable order: alphabetical by folded name.
[[nodiscard]] std::vector<std::string> SortedRegions(const Aggregate& a);

struct AgencyMatrix {
  struct Row {
    std::string key, name;
    Side side;
    size_t total = 0;
    std::map<std::string, size_t> regions;  // only regions where it appears
    bool everywhere = false;                // appears in every region of the matrix
    bool only_one = false;                  // appears in exactly one region
  };
  std::vector<std::string> regions;
  std::map<std::string, size_t> measures;  // per region
  std::vector<Row> rows;                   // by total, then name
};

[[nodiscard]] AgencyMatrix BuildAgencyMatrix(const Aggregate& a, const AgencyRegistry& registry,
                                             std::optional<Side> side);

enum class OverlapBy { kAgency, kSphere };

struct OverlapPair {
  std::string a, b;
  size_t shared = 0, only_a = 0, only_b = 0;
  double jaccard = 0;
  std::vector<std::string> shared_names, only_a_names, only_b_names;
};

// Names of the shared and unique items are filled only `with_names`.
[[nodiscard]] std::vector<OverlapPair> BuildOverlap(const Aggregate& a,
                                                    const AgencyRegistry& registry, OverlapBy by,
                                                    std::optional<Side> side,
                                                    bool with_names = true);

struct Comparison {
  struct Column {
    std::string region;
    size_t measures = 0;
    std::vector<int> years;
    std::map<std::string, size_t> spheres;                    // sphere → measures
    std::vector<std::string> spb_agencies, partner_agencies;  // display names
    std::vector<std::string> unique_spheres, unique_spb_agencies;
  };
  std::vector<std::string> spheres;  // union, by total count
  std::vector<Column> columns;       // in the order asked
};

// REQUIRES: every name in `regions` is a canonical region present in `a` (the caller resolves).
[[nodiscard]] Comparison BuildComparison(const Aggregate& a, const AgencyRegistry& registry,
                                         const std::vector<std::string>& regions);

struct Counterparts {
  struct Partner {
    std::string name;
    std::vector<std::string> roles;  // spheres the agency's name speaks of
    size_t measures = 0;
  };
  struct Entry {
    std::string agency;  // display name
    Side side;
    std::vector<std::string> roles;
    std::map<std::string, std::vector<Partner>> by_region;  // region → counterparts by count
  };
  std::vector<Entry> entries;
};

// For St Petersburg agencies: the partner agencies sharing their measures, per region; for a
// partner agency: the St Petersburg agencies. `only_key` restricts to one agency.
[[nodiscard]] Counterparts BuildCounterparts(const Aggregate& a, const AgencyRegistry& registry,
                                             const std::optional<std::string>& only_key);

// The functional role of an agency: the spheres its name speaks of («Министерство культуры
// Пермского края» → Культура), through the one sphere taxonomy.
[[nodiscard]] std::vector<std::string> AgencyRoles(const std::string& name);

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_ANALYTICS_H_
