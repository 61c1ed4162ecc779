// Read access to the members of a zip package held in memory (DOCX and ODT are zip
// packages), through libzip.
//
// Thread safety: an instance is used by one thread; instances are independent.
#ifndef KARTA_INDEX_FORMATS_ZIP_ARCHIVE_H_
#define KARTA_INDEX_FORMATS_ZIP_ARCHIVE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace karta {

class ZipArchive {
 public:
  // REQUIRES: `bytes` outlives the archive. Returns nullptr when the bytes are not a zip
  // package (`*error` says why).
  [[nodiscard]] static std::unique_ptr<ZipArchive> Open(std::string_view bytes,
                                                        std::string* error);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  [[nodiscard]] bool Has(const std::string& name) const;
  // The member's bytes; nullopt when it is missing, larger than `max_bytes`, or unreadable.
  [[nodiscard]] std::optional<std::string> Read(const std::string& name,
                                                size_t max_bytes = 512u << 20) const;

 private:
  explicit ZipArchive(void* zip) : zip_(zip) {}
  void* zip_;  // zip_t*, kept opaque so that users need not include zip.h
};

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_ZIP_ARCHIVE_H_
