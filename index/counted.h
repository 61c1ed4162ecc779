// A count with its noun for messages, singular or plural: «1 measure», «2 measures».
#ifndef KARTA_INDEX_COUNTED_H_
#define KARTA_INDEX_COUNTED_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace karta {

// «1 measure», «0 measures», «2 clusters»: `many` is the plural (English: any count but one).
[[nodiscard]] inline std::string Counted(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace karta

#endif  // KARTA_INDEX_COUNTED_H_
