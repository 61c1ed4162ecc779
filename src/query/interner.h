// Strings interned into dense ids, for counting while matching hundreds of thousands of
// measures: a lookup by string_view allocates nothing, a count is an array increment.
//
// Thread safety: not synchronised; one per thread.
#ifndef KARTA_SRC_QUERY_INTERNER_H_
#define KARTA_SRC_QUERY_INTERNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace karta::query {

class Interner {
 public:
  // The id of `s`, a new one (the next integer) the first time.
  uint32_t Id(std::string_view s) {
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    const auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(s);
    ids_.emplace(names_.back(), id);
    return id;
  }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

}  // namespace karta::query

#endif  // KARTA_SRC_QUERY_INTERNER_H_
