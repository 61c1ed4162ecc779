// JSON form of agreements and measures: the contract of `karta parse --format json`.
#ifndef KARTA_INDEX_MEASURE_JSON_H_
#define KARTA_INDEX_MEASURE_JSON_H_

#include <nlohmann/json.hpp>

#include "index/measure.h"

namespace karta {

[[nodiscard]] nlohmann::json ToJson(const Deadline& d);
[[nodiscard]] nlohmann::json ToJson(const Measure& m);
[[nodiscard]] nlohmann::json ToJson(const Agreement& a);

}  // namespace karta

#endif  // KARTA_INDEX_MEASURE_JSON_H_
