// JSON form of agreements and measures: the contract of `karta parse --format json`.
#ifndef KARTA_INDEX_MEASURE_JSON_H_
#define KARTA_INDEX_MEASURE_JSON_H_

#include <nlohmann/json.hpp>

#include "index/measure.h"

namespace karta {

[[nodiscard]] nlohmann::json ToJson(const Deadline& d);
[[nodiscard]] nlohmann::json ToJson(const Measure& m);
[[nodiscard]] nlohmann::json ToJson(const Agreement& a);

// What the document says — title, parties, period and every field of every measure — without
// where it was read from (file, format, lines). Two files with the same fingerprint hold the
// same document, whatever their formats.
[[nodiscard]] std::string ContentFingerprint(const Agreement& a);

}  // namespace karta

#endif  // KARTA_INDEX_MEASURE_JSON_H_
