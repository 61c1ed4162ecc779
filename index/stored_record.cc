#include "index/stored_record.h"

#include <xapian.h>

#include "index/index_schema.h"
#include "index/measure_json.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

nlohmann::json OptionalInt(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Readers of one field of a decoded object: the value when it has the expected type, else the
// default.
std::string Str(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int> Int(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  return it != j.end() && it->is_number_integer() ? std::optional<int>(it->get<int>())
                                                  : std::nullopt;
}

bool Bool(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::vector<std::string> Strings(const nlohmann::json& j, const char* field) {
  std::vector<std::string> out;
  auto it = j.find(field);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

const nlohmann::json& Object(const nlohmann::json& j, const char* field) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto it = j.find(field);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace

StoredRecord MakeStoredRecord(const Agreement& a, const Measure& m,
                              const std::string& agreement_key, const std::string& abs_path) {
  StoredRecord r;
  r.measure = m;
  r.agreement = agreement_key;
  r.kind = a.kind;
  r.region = a.region;
  r.region_code = a.region_code;
  r.period_from = a.period_from;
  r.period_to = a.period_to;
  r.report_year = a.report_year;
  r.title = a.title;
  r.format = a.format;
  r.file = a.file;
  r.path = schema::DisplayName(abs_path);
  if (!a.measures.empty() && &m == &a.measures.front()) {  // the agreement's own facts, once
    std::vector<std::string> warnings;
    for (const Diagnostic& w : a.warnings) warnings.push_back(w.ToString());
    r.agreement_warnings = std::move(warnings);
  }
  return r;
}

nlohmann::json RecordJson(const StoredRecord& r) {
  nlohmann::json j = ToJson(r.measure);
  j["file"] = r.file;
  j["path"] = r.path;
  j["region"] = r.region;
  j["region_code"] = r.region_code;
  j["kind"] = DocumentKindName(r.kind);
  j["agreement"] = r.agreement;
  j["period"] = {{"from", OptionalInt(r.period_from)}, {"to", OptionalInt(r.period_to)}};
  j["report_year"] = OptionalInt(r.report_year);
  j["title"] = r.title;
  j["format"] = r.format;
  if (r.agreement_warnings) j["agreement_warnings"] = *r.agreement_warnings;
  return j;
}

std::string EncodeRecord(const StoredRecord& record) { return RecordJson(record).dump(); }

StoredRecord DecodeRecord(std::string_view data) {
  nlohmann::json j;
  if (IsValidUtf8(data)) j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    throw Xapian::DatabaseCorruptError(
        "the stored record of a measure cannot be read: the index is damaged; remove it and "
        "index the documents again");
  }
  StoredRecord r;
  Measure& m = r.measure;
  m.id = Str(j, "id");
  m.number = Str(j, "number");
  const nlohmann::json& section = Object(j, "section");
  m.section.number = Str(section, "number");
  m.section.heading = Str(section, "heading");
  m.section.spheres = Strings(section, "spheres");
  const nlohmann::json& subsection = Object(j, "subsection");
  m.section.subsection_number = Str(subsection, "number");
  m.section.subsection_heading = Str(subsection, "heading");
  m.text = Str(j, "text");
  m.spheres = Strings(j, "spheres");
  m.spb_agencies = Strings(j, "spb_agencies");
  m.partner_agencies = Strings(j, "partner_agencies");
  const nlohmann::json& deadline = Object(j, "deadline");
  m.deadline.raw = Str(deadline, "raw");
  m.deadline.from = Int(deadline, "from");
  m.deadline.to = Int(deadline, "to");
  m.deadline.annual = Bool(deadline, "annual");
  m.deadline.inferred = Bool(deadline, "inferred");
  m.progress = Strings(j, "progress");
  m.notes = Strings(j, "notes");
  for (const auto& [column, value] : Object(j, "extra").items()) {
    if (value.is_string()) m.extra.emplace_back(column, value.get<std::string>());
  }
  m.line = Int(j, "line").value_or(0);

  r.agreement = Str(j, "agreement");
  r.kind = Str(j, "kind") == "report" ? DocumentKind::kReport : DocumentKind::kPlan;
  r.region = Str(j, "region");
  r.region_code = Str(j, "region_code");
  const nlohmann::json& period = Object(j, "period");
  r.period_from = Int(period, "from");
  r.period_to = Int(period, "to");
  r.report_year = Int(j, "report_year");
  r.title = Str(j, "title");
  r.format = Str(j, "format");
  r.file = Str(j, "file");
  r.path = Str(j, "path");
  if (j.contains("agreement_warnings")) r.agreement_warnings = Strings(j, "agreement_warnings");
  return r;
}

}  // namespace karta
