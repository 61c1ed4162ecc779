// Plain-text data files of index/data/, compiled into the binary (cmake/EmbedData.cmake).
#ifndef KARTA_INDEX_DATA_FILES_H_
#define KARTA_INDEX_DATA_FILES_H_

#include <string_view>

namespace karta::data {

[[nodiscard]] std::string_view RegionsTsv();         // index/data/regions.tsv
[[nodiscard]] std::string_view RegionCapitalsTsv();  // index/data/region_capitals.tsv
[[nodiscard]] std::string_view SpheresTsv();         // index/data/spheres.tsv
[[nodiscard]] std::string_view AgencyHeadsTxt();     // index/data/agency_heads.txt
// index/data/spb_body_abbreviations.tsv
[[nodiscard]] std::string_view SpbBodyAbbreviationsTsv();

}  // namespace karta::data

#endif  // KARTA_INDEX_DATA_FILES_H_
