#include "index/execution_links.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>

#include "index/index_schema.h"
#include "index/split.h"
#include "index/stored_record.h"
#include "index/text_vector.h"

namespace karta {
namespace {

struct StoredMeasure {
  std::string id, number, text;
  size_t entries = 0;
};

struct StoredAgreement {
  std::string key, region_code;
  bool report = false;
  std::optional<int> from, to, report_year;
  std::vector<StoredMeasure> measures;
};

// The agreement of the first readable measure posted under `term`, by its own facts, without
// its measures; nullopt when there is none.
std::optional<StoredAgreement> HeadUnder(const Xapian::Database& db, const std::string& term) {
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    StoredRecord r;
    try {
      r = DecodeRecord(doc.get_data());
    } catch (const Xapian::DatabaseCorruptError&) {
      continue;  // a record that cannot be read is skipped, as documented
    }
    StoredAgreement a;
    a.key = r.agreement;
    a.region_code = r.region_code;
    a.from = r.period_from;
    a.to = r.period_to;
    a.report_year = r.report_year;
    a.report = doc.get_value(schema::kSlotKind) == "report";
    return a;
  }
  return std::nullopt;
}

// The agreements whose keys start with `key_prefix` (all: ""): one record read per agreement.
std::vector<StoredAgreement> AgreementHeads(const Xapian::Database& db,
                                            std::string_view key_prefix = "") {
  std::vector<StoredAgreement> out;
  const std::string prefix = schema::kAgreementPrefix + std::string(key_prefix);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    if (std::optional<StoredAgreement> a = HeadUnder(db, *t)) out.push_back(std::move(*a));
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

// The stored form: a header line, then a line per report («R», report, plan) and per link («L»,
// report measure, plan measure, year, entries, method, similarity), tab-separated. The header
// ends in how the links were derived: by the rules of this karta (words weighed within each
// report and its plan, see RelinkReports), or otherwise (older links: derived anew). Kept links
// must be what these rules give: bump the version with any change to LinkMeasures, PlanFor,
// the thresholds or VectorsAmong.
constexpr char kLinesHeader[] = "karta-links 1 rules=";
constexpr char kWithinPair[] = "pair-1";

// A similarity as stored: three decimals.
std::string StoredSimilarity(double similarity) {
  char out[32];
  std::snprintf(out, sizeof out, "%.3f", std::round(similarity * 1000) / 1000);
  return out;
}

}  // namespace

std::string ExecutionLinks::Serialize() const {
  std::string out = std::string(kLinesHeader) + (weights_within_pair ? kWithinPair : "index");
  out += '\n';
  for (const ReportPlan& r : reports) out += "R\t" + r.report + '\t' + r.plan + '\n';
  for (const ExecutionLink& l : links) {
    out += "L\t" + l.report_id + '\t' + l.plan_id + '\t' + std::to_string(l.year) + '\t' +
           std::to_string(l.entries) + '\t' + l.method + '\t' + StoredSimilarity(l.similarity) +
           '\n';
  }
  return out;
}

namespace {

// The links as stored before the line format: a JSON object (no weights: derived anew).
ExecutionLinks FromJson(std::string_view json) {
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

}  // namespace

ExecutionLinks ExecutionLinks::Deserialize(std::string_view stored) {
  if (!stored.empty() && stored.front() == '{') return FromJson(stored);
  ExecutionLinks out;
  const size_t header_end = stored.find('\n');
  const std::string_view header = stored.substr(0, header_end);
  if (header_end == std::string_view::npos || header.rfind(kLinesHeader, 0) != 0) return out;
  out.weights_within_pair = header.substr(std::string_view(kLinesHeader).size()) == kWithinPair;
  for (const std::string_view line : Split(stored.substr(header_end + 1), '\n')) {
    if (line.empty()) continue;
    const std::vector<std::string_view> f = Split(line, '\t');
    if (f[0] == "R" && f.size() == 3) {
      out.reports.push_back({std::string(f[1]), std::string(f[2])});
    } else if (f[0] == "L" && f.size() == 7) {
      ExecutionLink l;
      l.report_id = std::string(f[1]);
      l.plan_id = std::string(f[2]);
      l.year = std::atoi(std::string(f[3]).c_str());
      l.entries = static_cast<size_t>(std::strtoul(std::string(f[4]).c_str(), nullptr, 10));
      l.method = std::string(f[5]);
      l.similarity = std::strtod(std::string(f[6]).c_str(), nullptr);
      out.links.push_back(std::move(l));
    } else {
      return {};  // malformed: none
    }
  }
  return out;
}

namespace {

// The agreement key of a measure id («KEY:number»).
std::string_view AgreementOf(std::string_view measure_id) {
  return measure_id.substr(0, measure_id.find(':'));
}

// Links `report` (its measures read) to `plan` (its measures read), appending to `out`.
void LinkMeasures(const StoredAgreement& report, const StoredAgreement& plan,
                  std::vector<ExecutionLink>* out) {
  std::vector<const std::string*> texts;
  for (const StoredAgreement* a : {&report, &plan}) {
    for (const StoredMeasure& m : a->measures) texts.push_back(&m.text);
  }
  const std::vector<TermVector> vectors = VectorsAmong(texts);
  const std::vector<TermVector>::const_iterator plan_vectors =
      vectors.begin() + static_cast<std::ptrdiff_t>(report.measures.size());
  const int year = report.report_year.value_or(report.to.value_or(0));
  for (size_t i = 0; i < report.measures.size(); ++i) {
    const StoredMeasure& r = report.measures[i];
    ExecutionLink link{r.id, "", year, r.entries, "", 0};
    const StoredMeasure* best = nullptr;
    double best_similarity = 0;
    for (size_t j = 0; j < plan.measures.size(); ++j) {
      const StoredMeasure& p = plan.measures[j];
      const double similarity = Cosine(vectors[i], plan_vectors[static_cast<std::ptrdiff_t>(j)]);
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
    out->push_back(std::move(link));
  }
}

// A report's plan and its links.
struct ReportLinks {
  std::string plan;
  std::vector<ExecutionLink> links;
};

// Links every report among `heads` (whole regions: every agreement of theirs) into `out`. A
// report of `kept` whose pair is unchanged keeps its links.
void LinkRegions(const Xapian::Database& db, std::vector<StoredAgreement>* heads,
                 const std::map<std::string, ReportLinks, std::less<>>& kept,
                 const std::set<std::string>& changed, std::map<std::string, ReportLinks>* out) {
  std::map<std::string, std::vector<StoredAgreement*>> plans_of_region;
  std::vector<StoredAgreement*> reports;
  for (StoredAgreement& a : *heads) {
    if (a.report) {
      reports.push_back(&a);
    } else if (!a.region_code.empty()) {
      plans_of_region[a.region_code].push_back(&a);
    }
  }
  for (auto& [region, plans] : plans_of_region) {
    std::sort(plans.begin(), plans.end(),
              [](const StoredAgreement* x, const StoredAgreement* y) { return x->key < y->key; });
  }
  std::set<StoredAgreement*> read;  // agreements whose measures are read
  for (StoredAgreement* report : reports) {
    // Only the agreements' own facts decide which plan a report reports on; measures are read
    // for the reports and for the plans chosen, not for every plan of the region.
    StoredAgreement* plan = PlanFor(*report, plans_of_region[report->region_code]);
    ReportLinks& to = (*out)[report->key];
    to.plan = plan ? plan->key : "";
    if (!plan) continue;
    // A link depends on its two agreements alone: unchanged, it is kept.
    if (auto k = kept.find(report->key); k != kept.end() && k->second.plan == plan->key &&
                                         !changed.count(report->key) && !changed.count(plan->key)) {
      to.links = k->second.links;
      continue;
    }
    for (StoredAgreement* a : {report, plan}) {
      if (read.insert(a).second) ReadMeasures(db, a);
    }
    LinkMeasures(*report, *plan, &to.links);
  }
}

ExecutionLinks Link(const Xapian::Database& db, const ExecutionLinks* previous,
                    const std::set<std::string>& changed) {
  std::map<std::string, ReportLinks, std::less<>> kept;  // by report
  if (previous && previous->weights_within_pair) {
    for (const ReportPlan& r : previous->reports) kept[r.report].plan = r.plan;
    for (const ExecutionLink& l : previous->links) {
      if (auto it = kept.find(AgreementOf(l.report_id)); it != kept.end()) {
        it->second.links.push_back(l);
      }
    }
  }
  std::map<std::string, ReportLinks> derived;
  if (!previous || !previous->weights_within_pair) {
    // Region by region, so that only one region's measures are held at a time.
    std::map<std::string, std::vector<StoredAgreement>> regions;
    for (StoredAgreement& a : AgreementHeads(db)) regions[a.region_code].push_back(std::move(a));
    for (auto& [region, heads] : regions) {
      LinkRegions(db, &heads, kept, changed, &derived);
      std::vector<StoredAgreement>().swap(heads);
    }
  } else {
    // Only the regions where an agreement changed can link otherwise: a plan added, changed or
    // removed there, or a report. A removed plan matters only to the reports that chose it.
    std::set<std::string> regions;
    std::vector<StoredAgreement> heads;
    auto note_region_of = [&](const std::string& key) {
      std::optional<StoredAgreement> a = HeadUnder(db, schema::Term(schema::kAgreementPrefix, key));
      if (!a) return;
      if (a->region_code.empty()) {
        heads.push_back(std::move(*a));  // of no region: no plan is its
      } else {
        regions.insert(a->region_code);
      }
    };
    for (const std::string& key : changed) note_region_of(key);
    for (const auto& [report, links] : kept) {
      if (!links.plan.empty() && changed.count(links.plan) && !changed.count(report)) {
        note_region_of(report);
      }
    }
    for (const std::string& region : regions) {
      for (StoredAgreement& a : AgreementHeads(db, region)) {  // keys start with the region
        if (a.region_code == region) heads.push_back(std::move(a));
      }
    }
    LinkRegions(db, &heads, kept, changed, &derived);
    for (auto& [report, links] : kept) {
      if (changed.count(report) || derived.count(report)) continue;  // gone, or linked anew
      derived.emplace(report, std::move(links));
    }
  }
  ExecutionLinks out;
  out.weights_within_pair = true;
  for (auto& [report, links] : derived) {
    out.reports.push_back({report, links.plan});
    for (ExecutionLink& l : links.links) out.links.push_back(std::move(l));
  }
  return out;
}

}  // namespace

ExecutionLinks LinkReports(const Xapian::Database& db) { return Link(db, nullptr, {}); }

ExecutionLinks RelinkReports(const Xapian::Database& db, const ExecutionLinks& previous,
                             const std::set<std::string>& changed) {
  return Link(db, &previous, changed);
}

namespace {

// The links per plan measure: metadata key → lines (see schema::kMetaReportedPrefix).
std::map<std::string, std::string> LinesByPlan(const ExecutionLinks& links) {
  std::map<std::string, std::string> by_plan;
  for (const ExecutionLink& l : links.links) {
    if (l.plan_id.empty()) continue;
    by_plan[schema::Term(schema::kMetaReportedPrefix, l.plan_id)] +=
        std::to_string(l.year) + '\t' + std::to_string(l.entries) + '\t' + l.report_id + '\t' +
        l.method + '\t' + StoredSimilarity(l.similarity) + '\n';
  }
  return by_plan;
}

}  // namespace

void StoreExecutionLinks(Xapian::WritableDatabase* db, const ExecutionLinks& links,
                         const ExecutionLinks* stored) {
  db->set_metadata(schema::kMetaExecution, links.Serialize());
  const std::map<std::string, std::string> by_plan = LinesByPlan(links);
  if (stored && stored->weights_within_pair && !stored->links.empty() &&
      !db->get_metadata(schema::kMetaReportedKept).empty()) {
    // Only the keys whose lines differ from those stored are written.
    const std::map<std::string, std::string> before = LinesByPlan(*stored);
    for (const auto& [key, lines] : before) {
      if (!by_plan.count(key)) db->set_metadata(key, "");  // empty: removed
    }
    for (const auto& [key, lines] : by_plan) {
      const auto old = before.find(key);
      if (old == before.end() || old->second != lines) db->set_metadata(key, lines);
    }
    return;
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
