#include "index/index_schema.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>

#include "index/split.h"
#include "stemmers/unicode_text.h"

namespace karta::schema {

namespace {

// FNV-1a: stable across builds, unlike std::hash, so stored terms stay valid.
uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string Term(std::string_view prefix, std::string_view value) {
  constexpr size_t kMaxTerm = 240;  // Xapian's limit is 245 bytes
  std::string term = std::string(prefix) + std::string(value);
  if (term.size() <= kMaxTerm) return term;
  char hash[20];
  std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(Fnv1a(value)));
  size_t cut = kMaxTerm - sizeof hash;
  while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return term.substr(0, cut) + hash;
}

std::string JoinItems(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(kItemSep);
    out += items[i];
  }
  return out;
}

std::vector<std::string> SplitItems(std::string_view joined) {
  std::vector<std::string> items;
  if (joined.empty()) return items;
  for (std::string_view item : Split(joined, kItemSep)) items.emplace_back(item);
  return items;
}

std::string DisplayName(std::string_view name) {
  if (IsValidUtf8(name)) return std::string(name);
  bool cyrillic = true;  // every high byte a Windows-1251 letter (0xC0–0xFF, Ё 0xA8, ё 0xB8)
  for (unsigned char c : name) {
    if (c >= 0x80 && c < 0xC0 && c != 0xA8 && c != 0xB8) cyrillic = false;
  }
  if (cyrillic) {
    std::u32string out;
    for (unsigned char c : name) {
      if (c < 0x80) {
        out.push_back(c);
      } else if (c == 0xA8 || c == 0xB8) {
        out.push_back(c == 0xA8 ? U'Ё' : U'ё');
      } else {
        out.push_back(U'А' + (c - 0xC0));
      }
    }
    return ToUtf8(out);
  }
  std::string out;
  for (size_t i = 0; i < name.size();) {
    // Keep the valid UTF-8 runs, escape the rest byte by byte.
    size_t j = i + 1;
    while (j <= name.size() && j - i <= 4 && !IsValidUtf8(name.substr(i, j - i))) ++j;
    if (j <= name.size() && j - i <= 4) {
      out.append(name.substr(i, j - i));
      i = j;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(name[i]));
      out += hex;
      ++i;
    }
  }
  return out;
}

std::string FileKey(const std::string& path) {
  return std::filesystem::absolute(path).lexically_normal().string();
}

std::string ContentHash(std::string_view bytes) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%016llx-%zx", static_cast<unsigned long long>(Fnv1a(bytes)),
                bytes.size());
  return buf;
}

std::string NumberSortKey(std::string_view number) {
  std::string out;
  size_t start = 0;
  while (start <= number.size()) {
    size_t end = number.find('.', start);
    if (end == std::string_view::npos) end = number.size();
    std::string part(number.substr(start, end - start));
    if (!out.empty()) out.push_back('.');
    // The digits padded, a sub-item's letter after them: «3» < «3а» < «4».
    const size_t digits =
        std::find_if(part.begin(), part.end(), [](char c) { return c < '0' || c > '9'; }) -
        part.begin();
    out += std::string(digits < 4 ? 4 - digits : 0, '0') + part;
    start = end + 1;
  }
  return out;
}

unsigned ShardOf(std::string_view agreement_key, unsigned shards) {
  // FNV-1a's low bits follow the last bytes, which agreement keys share («…-2026»): mixed
  // first (MurmurHash3's 64-bit finaliser), else keys crowd into a few shards.
  uint64_t h = Fnv1a(agreement_key);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<unsigned>(h % shards);
}

std::string EncodeFacetRow(std::string_view region, std::string_view kind, std::string_view spheres,
                           std::string_view years, const std::vector<std::string>& agency_items) {
  std::vector<std::string> keys;
  for (const std::string& item : agency_items) {
    AgencyItem a;
    if (!ParseAgencyItem(item, &a)) continue;
    keys.push_back(std::string(1, a.side) + kFieldSep + std::string(a.key) + kFieldSep);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::string out;
  for (std::string_view field : {region, kind, spheres, years}) {
    out += field;
    out += kRowSep;
  }
  return out + JoinItems(keys);
}

bool DecodeFacetRow(std::string_view value, FacetRow* out) {
  std::string_view* fields[] = {&out->region, &out->kind, &out->spheres, &out->years};
  size_t start = 0;
  for (std::string_view* field : fields) {
    const size_t end = value.find(kRowSep, start);
    if (end == std::string_view::npos) return false;
    *field = value.substr(start, end - start);
    start = end + 1;
  }
  out->agencies = value.substr(start);
  return true;
}

std::string NumberOrderKey(std::string_view order, std::string_view number) {
  return NumberSortKey(number) + "|" + std::string(order);
}

std::string DeadlineOrderKey(std::string_view order, const std::vector<std::string>& years) {
  // Undated measures last: «9999» sorts after every year.
  std::string first = "9999", last = "9999";
  if (!years.empty()) {
    first = *std::min_element(years.begin(), years.end());
    last = *std::max_element(years.begin(), years.end());
  }
  return last + first + "|" + std::string(order);
}

}  // namespace karta::schema
