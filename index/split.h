// Splitting text at a separator, for the data-file readers and stored multi-valued fields.
#ifndef KARTA_INDEX_SPLIT_H_
#define KARTA_INDEX_SPLIT_H_

#include <string_view>
#include <vector>

namespace karta {

// Every piece between separators, empty ones included: Split("a||b", '|') is {"a", "", "b"}.
// The views point into `s`.
[[nodiscard]] inline std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace karta

#endif  // KARTA_INDEX_SPLIT_H_
