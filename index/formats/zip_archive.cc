#include "index/formats/zip_archive.h"

#include <zip.h>

namespace karta {

std::unique_ptr<ZipArchive> ZipArchive::Open(std::string_view bytes, std::string* error) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (source == nullptr) {
    *error = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return nullptr;
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &ze);
  if (zip == nullptr) {
    *error = zip_error_strerror(&ze);
    zip_source_free(source);
    zip_error_fini(&ze);
    return nullptr;
  }
  zip_error_fini(&ze);
  return std::unique_ptr<ZipArchive>(new ZipArchive(zip));
}

ZipArchive::~ZipArchive() { zip_discard(static_cast<zip_t*>(zip_)); }

bool ZipArchive::Has(const std::string& name) const {
  return zip_name_locate(static_cast<zip_t*>(zip_), name.c_str(), 0) >= 0;
}

std::optional<std::string> ZipArchive::Read(const std::string& name, size_t max_bytes) const {
  zip_t* zip = static_cast<zip_t*>(zip_);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return std::nullopt;
  if (st.size > max_bytes) return std::nullopt;
  zip_file_t* file = zip_fopen(zip, name.c_str(), 0);
  if (file == nullptr) return std::nullopt;
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_int64_t got = 0;
  while (static_cast<zip_uint64_t>(got) < st.size) {
    const zip_int64_t n = zip_fread(file, out.data() + got, st.size - got);
    if (n <= 0) break;
    got += n;
  }
  zip_fclose(file);
  if (static_cast<zip_uint64_t>(got) != st.size) return std::nullopt;
  return out;
}

}  // namespace karta
