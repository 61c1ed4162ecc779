#include "index/execution_links.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
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
  bool report = false;
  std::optional<int> from, to, report_year;
  std::vector<StoredMeasure> measures;
};

// Every agreement of the index by its own facts (read from one of its measures), without its
// measures: one record read per agreement.
std::vector<StoredAgreement> AgreementHeads(const Xapian::Database& db) {
  std::vector<StoredAgreement> out;
  const std::string prefix = schema::kAgreementPrefix;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      const Xapian::Document doc = db.get_document(*p);
      StoredRecord r;
      try {
        r = DecodeRecord(doc.get_data());
      } catch (const Xapian::DatabaseCorruptError&) {
        continue;  // a record that cannot be read is skipped, as documented
      }
      StoredAgreement& a = out.emplace_back();
      a.key = r.agreement;
      a.region_code = r.region_code;
      a.from = r.period_from;
      a.to = r.period_to;
      a.report_year = r.report_year;
      a.report = doc.get_value(schema::kSlotKind) == "report";
      break;
    }
  }
  return out;
}

// The measures of agreement `a`, in index order.
void ReadMeasures(const Xapian::Database& db, StoredAgreement* a) {
  const std::string term = schema::Term(schema::kAgreementPrefix, a->key);
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    StoredRecord r;
    try {
      r = DecodeRecord(db.get_document(*it).get_data());
    } catch (const Xapian::DatabaseCorruptError&) {
      continue;
    }
    StoredMeasure s;
    s.id = r.measure.id;
    s.number = r.measure.number;
    s.text = r.measure.text;
    s.entries = r.measure.progress.size();
    a->measures.push_back(std::move(s));
  }
}

// The plan a report reports on: the one with the report's own period, else the latest-starting
// plan whose period covers the report year.
StoredAgreement* PlanFor(const StoredAgreement& report,
                         const std::vector<StoredAgreement*>& plans) {
  StoredAgreement* best = nullptr;
  const int year = report.report_year.value_or(report.to.value_or(0));
  for (StoredAgreement* p : plans) {
    if (p->from && report.from && p->from == report.from && p->to == report.to) return p;
    if (!p->from || year < *p->from || year > p->to.value_or(*p->from)) continue;
    if (!best || p->from > best->from) best = p;
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
  // Only the agreements' own facts decide which plan a report reports on; measures are read
  // for the reports and for the plans chosen, not for every plan of the region.
  std::vector<StoredAgreement> heads = AgreementHeads(db);
  std::map<std::string, std::vector<StoredAgreement*>> plans_of_region;
  std::map<std::string, StoredAgreement*> reports;  // by key, as the links are listed
  for (StoredAgreement& a : heads) {
    if (a.report) {
      reports.emplace(a.key, &a);
    } else if (!a.region_code.empty()) {
      plans_of_region[a.region_code].push_back(&a);
    }
  }
  for (auto& [region, plans] : plans_of_region) {
    std::sort(plans.begin(), plans.end(),
              [](const StoredAgreement* x, const StoredAgreement* y) { return x->key < y->key; });
  }
  std::set<StoredAgreement*> read;  // plans whose measures are read
  TextVectorizer vectors(db);
  for (auto& [key, report_head] : reports) {
    StoredAgreement& report = *report_head;
    ReadMeasures(db, &report);
    StoredAgreement* plan = PlanFor(report, plans_of_region[report.region_code]);
    out.reports.push_back({report.key, plan ? plan->key : ""});
    if (!plan) continue;
    if (read.insert(plan).second) ReadMeasures(db, plan);
    for (StoredMeasure& p : plan->measures) {
      if (p.vector.empty()) p.vector = vectors.Of(p.text);
    }
    const int year = report.report_year.value_or(report.to.value_or(0));
    for (StoredMeasure& r : report.measures) {
      r.vector = vectors.Of(r.text);
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
