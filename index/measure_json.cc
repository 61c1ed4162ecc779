#include "index/measure_json.h"

#include "index/index_schema.h"
#include "index/stage_times.h"

namespace karta {
namespace {

nlohmann::json OptionalInt(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json Extra(const Measure& m) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : m.extra) out[name] = value;
  return out;
}

}  // namespace

nlohmann::json ToJson(const Deadline& d) {
  return {{"raw", d.raw},
          {"from", OptionalInt(d.from)},
          {"to", OptionalInt(d.to)},
          {"annual", d.annual},
          {"inferred", d.inferred}};
}

nlohmann::json ToJson(const Measure& m) {
  return {{"id", m.id},
          {"number", m.number},
          {"section",
           {{"number", m.section.number},
            {"heading", m.section.heading},
            {"spheres", m.section.spheres}}},
          {"subsection", m.section.subsection_number.empty() && m.section.subsection_heading.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json{{"number", m.section.subsection_number},
                                              {"heading", m.section.subsection_heading}}},
          {"spheres", m.spheres},
          {"text", m.text},
          {"spb_agencies", m.spb_agencies},
          {"partner_agencies", m.partner_agencies},
          {"deadline", ToJson(m.deadline)},
          {"progress", m.progress},
          {"notes", m.notes},
          {"extra", Extra(m)},
          {"line", m.line}};
}

nlohmann::json ToJson(const Agreement& a) {
  nlohmann::json measures = nlohmann::json::array();
  for (const Measure& m : a.measures) measures.push_back(ToJson(m));
  nlohmann::json warnings = nlohmann::json::array();
  for (const Diagnostic& w : a.warnings) warnings.push_back(w.ToString());
  return {{"file", a.file},
          {"kind", DocumentKindName(a.kind)},
          {"region", a.region.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.region)},
          {"region_code", a.region_code},
          {"title", a.title},
          {"period", {{"from", OptionalInt(a.period_from)}, {"to", OptionalInt(a.period_to)}}},
          {"report_year", OptionalInt(a.report_year)},
          {"encoding", a.encoding},
          {"format", a.format},
          {"layout", a.layout},
          {"measures", std::move(measures)},
          {"warnings", std::move(warnings)}};
}

std::string ContentFingerprint(const Agreement& a) {
  StageTimer timer(IngestStage::kCanonical);
  nlohmann::json j = ToJson(a);
  for (const char* key : {"file", "encoding", "format", "layout", "warnings"}) j.erase(key);
  for (nlohmann::json& m : j["measures"]) {
    m.erase("line");
    m.erase("id");  // ids follow the key, which a collision may suffix
  }
  return schema::ContentHash(j.dump());
}

}  // namespace karta
