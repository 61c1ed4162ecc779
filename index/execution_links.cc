#include "index/execution_links.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "index/index_schema.h"
#include "index/split.h"
#include "index/stored_record.h"
#include "index/text_vector.h"

namespace karta {
namespace {

struct StoredMeasure {
  std::string id, number, text;
  size_t entries = 0;
  TermVector vector;
};

struct StoredAgreement {
  std::string key, region_code;
  std::optional<int> from, to, report_year;
  std::vector<StoredMeasure> measures;
};

// The agreements holding a term (a kind, a region), each with its measures.
std::vector<StoredAgreement> AgreementsUnder(const Xapian::Database& db, const std::string& term,
                                             std::string_view kind) {
  std::map<std::string, StoredAgreement> by_key;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    if (doc.get_value(schema::kSlotKind) != kind) continue;
    StoredRecord r;
    try {
      r = DecodeRecord(doc.get_data());
    } catch (const Xapian::DatabaseCorruptError&) {
      continue;  // a record that cannot be read is skipped, as documented
    }
    StoredAgreement& a = by_key[r.agreement];
    if (a.key.empty()) {
      a.key = r.agreement;
      a.region_code = r.region_code;
      a.from = r.period_from;
      a.to = r.period_to;
      a.report_year = r.report_year;
    }
    StoredMeasure s;
    s.id = r.measure.id;
    s.number = r.measure.number;
    s.text = r.measure.text;
    s.entries = r.measure.progress.size();
    a.measures.push_back(std::move(s));
  }
  std::vector<StoredAgreement> out;
  for (auto& [key, a] : by_key) out.push_back(std::move(a));
  return out;
}

// The plan a report reports on: the one with the report's own period, else the latest-starting
// plan whose period covers the report year.
const StoredAgreement* PlanFor(const StoredAgreement& report,
                               const std::vector<StoredAgreement>& plans) {
  const StoredAgreement* best = nullptr;
  const int year = report.report_year.value_or(report.to.value_or(0));
  for (const StoredAgreement& p : plans) {
    if (p.from && report.from && p.from == report.from && p.to == report.to) return &p;
    if (!p.from || year < *p.from || year > p.to.value_or(*p.from)) continue;
    if (!best || p.from > best->from) best = &p;
  }
  return best;
}

}  // namespace

std::string ExecutionLinks::Serialize() const {
  nlohmann::json out{{"reports", nlohmann::json::array()}, {"links", nlohmann::json::array()}};
  for (const ReportPlan& r : reports) out["reports"].push_back({r.report, r.plan});
  for (const ExecutionLink& l : links) {
    out["links"].push_back({l.report_id, l.plan_id, l.year, l.entries, l.method,
                            std::round(l.similarity * 1000) / 1000});
  }
  return out.dump();
}

ExecutionLinks ExecutionLinks::Deserialize(std::string_view json) {
  ExecutionLinks out;
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  try {
    for (const auto& r : j.value("reports", nlohmann::json::array())) {
      out.reports.push_back({r.at(0).get<std::string>(), r.at(1).get<std::string>()});
    }
    for (const auto& l : j.value("links", nlohmann::json::array())) {
      out.links.push_back({l.at(0).get<std::string>(), l.at(1).get<std::string>(),
                           l.at(2).get<int>(), l.at(3).get<size_t>(), l.at(4).get<std::string>(),
                           l.at(5).get<double>()});
    }
  } catch (const nlohmann::json::exception&) {
    return {};
  }
  return out;
}

ExecutionLinks LinkReports(const Xapian::Database& db) {
  ExecutionLinks out;
  std::map<std::string, std::vector<StoredAgreement>> plans_of_region;
  for (StoredAgreement& report :
       AgreementsUnder(db, std::string(schema::kKindPrefix) + "report", "report")) {
    if (!plans_of_region.count(report.region_code)) {
      plans_of_region[report.region_code] =
          report.region_code.empty()
              ? std::vector<StoredAgreement>{}
              : AgreementsUnder(db, schema::kRegionPrefix + report.region_code, "plan");
    }
    std::vector<StoredAgreement>& plans = plans_of_region[report.region_code];
    const StoredAgreement* plan = PlanFor(report, plans);
    out.reports.push_back({report.key, plan ? plan->key : ""});
    if (!plan) continue;
    for (StoredMeasure& p : const_cast<StoredAgreement*>(plan)->measures) {
      if (p.vector.empty()) p.vector = TextVector(db, p.text);
    }
    const int year = report.report_year.value_or(report.to.value_or(0));
    for (StoredMeasure& r : report.measures) {
      r.vector = TextVector(db, r.text);
      ExecutionLink link{r.id, "", year, r.entries, "", 0};
      const StoredMeasure* best = nullptr;
      double best_similarity = 0;
      for (const StoredMeasure& p : plan->measures) {
        const double similarity = Cosine(r.vector, p.vector);
        if (!r.number.empty() && p.number == r.number && similarity >= kNumberAgrees &&
            similarity > link.similarity) {
          link.plan_id = p.id;
          link.method = "number";
          link.similarity = similarity;
        }
        if (similarity > best_similarity) {
          best = &p;
          best_similarity = similarity;
        }
      }
      if (link.plan_id.empty() && best && best_similarity >= kTextAgrees) {
        link.plan_id = best->id;
        link.method = "text";
        link.similarity = best_similarity;
      }
      out.links.push_back(std::move(link));
    }
  }
  return out;
}

void StoreExecutionLinks(Xapian::WritableDatabase* db, const ExecutionLinks& links) {
  db->set_metadata(schema::kMetaExecution, links.Serialize());
  std::map<std::string, std::string> by_plan;  // metadata key → lines
  for (const ExecutionLink& l : links.links) {
    if (l.plan_id.empty()) continue;
    char similarity[32];
    std::snprintf(similarity, sizeof similarity, "%.3f", std::round(l.similarity * 1000) / 1000);
    by_plan[schema::Term(schema::kMetaReportedPrefix, l.plan_id)] +=
        std::to_string(l.year) + '\t' + std::to_string(l.entries) + '\t' + l.report_id + '\t' +
        l.method + '\t' + similarity + '\n';
  }
  std::vector<std::string> stale;
  for (auto it = db->metadata_keys_begin(schema::kMetaReportedPrefix);
       it != db->metadata_keys_end(schema::kMetaReportedPrefix); ++it) {
    if (!by_plan.count(*it)) stale.push_back(*it);
  }
  for (const std::string& key : stale) db->set_metadata(key, "");  // empty: removed
  for (const auto& [key, lines] : by_plan) db->set_metadata(key, lines);
  db->set_metadata(schema::kMetaReportedKept, "1");
}

std::optional<std::vector<ExecutionLink>> StoredLinksOf(const Xapian::Database& db,
                                                        const std::string& plan_id) {
  if (db.get_metadata(schema::kMetaReportedKept).empty()) return std::nullopt;
  std::vector<ExecutionLink> out;
  const std::string stored = db.get_metadata(schema::Term(schema::kMetaReportedPrefix, plan_id));
  for (const std::string_view line : Split(stored, '\n')) {
    const std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() != 5) continue;
    ExecutionLink l;
    l.plan_id = plan_id;
    l.year = std::atoi(std::string(f[0]).c_str());
    l.entries = static_cast<size_t>(std::strtoul(std::string(f[1]).c_str(), nullptr, 10));
    l.report_id = std::string(f[2]);
    l.method = std::string(f[3]);
    l.similarity = std::strtod(std::string(f[4]).c_str(), nullptr);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace karta
