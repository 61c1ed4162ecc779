// A measure as the index stores it (the Xapian document data), defined once: the writer
// (index/xapian_writer.cc) encodes it, every reader (the query engine, the plan ↔ report
// links) decodes it. The encoding is JSON text — the same object `karta show -f json` and the
// API print — so an index stays readable by tools; its fields are ON DISK: add fields freely
// (old records decode with defaults), but never rename or retype one without raising
// schema::kMetaSchemaVersion.
//
// Thread safety: plain values and pure functions.
#ifndef KARTA_INDEX_STORED_RECORD_H_
#define KARTA_INDEX_STORED_RECORD_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/measure.h"

namespace karta {

struct StoredRecord {
  Measure measure;        // every field of the measure as parsed (id, number, text, agencies…)
  std::string agreement;  // «PER-2024-2026»: Agreement::Key()
  DocumentKind kind = DocumentKind::kPlan;
  std::string region, region_code;
  std::optional<int> period_from, period_to, report_year;
  std::string title;   // of the agreement
  std::string format;  // «text», «DOCX», …
  std::string file;    // base name
  std::string path;    // the absolute path, for display (schema::DisplayName)
  // What indexing reported about the agreement; kept on its first measure only.
  std::optional<std::vector<std::string>> agreement_warnings;
};

// The record of measure `m` of agreement `a`, stored under `agreement_key` from `abs_path`.
[[nodiscard]] StoredRecord MakeStoredRecord(const Agreement& a, const Measure& m,
                                            const std::string& agreement_key,
                                            const std::string& abs_path);

// The document data of a record.
[[nodiscard]] std::string EncodeRecord(const StoredRecord& record);
// A record read back. Fields missing or of another type take their defaults (a record written
// by an older karta); bytes that are not a JSON object throw Xapian::DatabaseCorruptError,
// which only a damaged table gives (Xapian keeps no checksum of document data).
[[nodiscard]] StoredRecord DecodeRecord(std::string_view data);

// The record as JSON: the measure's fields (index/measure_json.h) and the agreement's.
[[nodiscard]] nlohmann::json RecordJson(const StoredRecord& record);

}  // namespace karta

#endif  // KARTA_INDEX_STORED_RECORD_H_
