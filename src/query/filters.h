// Turns what an analyst types for a region, sphere or agency into index terms, after
// canonicalisation («Пермского края» → PER, «спорт» → Физическая культура и спорт, «Комитет по
// культуре» → the canonical agency). Unknown or ambiguous values raise FilterError with the
// nearest names, so the CLI can say "did you mean".
//
// Thread safety: Filters only reads its registry; one per thread, or shared read-only.
#ifndef KARTA_SRC_QUERY_FILTERS_H_
#define KARTA_SRC_QUERY_FILTERS_H_

#include <xapian.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "index/agency_canon.h"

namespace karta::query {

class FilterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Filters {
 public:
  explicit Filters(const AgencyRegistry& agencies) : agencies_(agencies) {}

  [[nodiscard]] Xapian::Query Region(const std::string& value) const;
  [[nodiscard]] Xapian::Query Sphere(const std::string& value) const;
  [[nodiscard]] Xapian::Query Agency(const std::string& value, std::optional<Side> side) const;
  // The one agency `value` names (on `side`, if given); FilterError when none or several.
  [[nodiscard]] const AgencyRegistry::Entry& ResolveAgency(const std::string& value,
                                                           std::optional<Side> side) const;

 private:
  const AgencyRegistry& agencies_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_FILTERS_H_
