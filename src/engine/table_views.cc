#include "src/engine/table_views.h"

#include <iomanip>
#include <sstream>

namespace karta::engine {
namespace {

std::string OptionalNumber(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

size_t CountIn(const std::map<std::string, size_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

size_t CountIn(const std::map<int, size_t>& counts, int key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + CsvField(fields[i]);
  return out + "\r\n";
}

std::string ToCsv(const TableView& table) {
  std::string out;
  for (const auto& row : table.rows) out += CsvRow(row);
  return out;
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string Fixed(double v, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

std::string YearRange(const std::optional<int>& from, const std::optional<int>& to) {
  if (!from) return "";
  return std::to_string(*from) + (to && *to != *from ? "–" + std::to_string(*to) : "");
}

TableView SearchTable(const query::SearchResponse& r, const SearchRequest& request) {
  TableView t{"search",
              {"rank", "score", "report_year", "deadline_from", "deadline_to", "line"},
              {{"rank",          "id",          "agreement",    "region",
                "kind",          "period",      "report_year",  "section_number",
                "section",       "number",      "spheres",      "deadline",
                "deadline_from", "deadline_to", "spb_agencies", "partner_agencies",
                "text",          "progress",    "notes",        "score",
                "file",          "line"}}};
  size_t rank = request.offset;
  for (const query::Hit& hit : r.hits) {
    const StoredRecord& s = hit.record;
    const Measure& m = s.measure;
    t.rows.push_back({std::to_string(++rank),
                      hit.id,
                      s.agreement,
                      s.region,
                      DocumentKindName(s.kind),
                      YearRange(s.period_from, s.period_to),
                      OptionalNumber(s.report_year),
                      m.section.number,
                      m.section.heading,
                      m.number,
                      Join(m.spheres, "; "),
                      m.deadline.raw,
                      OptionalNumber(m.deadline.from),
                      OptionalNumber(m.deadline.to),
                      Join(m.spb_agencies, "; "),
                      Join(m.partner_agencies, "; "),
                      m.text,
                      Join(m.progress, "\n"),
                      Join(m.notes, "\n"),
                      Fixed(hit.score, 3),
                      s.file,
                      std::to_string(m.line)});
  }
  return t;
}

TableView AgreementsTable(const AgreementsView& view) {
  TableView t{"agreements",
              {},
              {{"agreement", "region", "kind", "period", "report_year", "file", "format",
                "measures", "sections", "progress_entries", "warnings", "title"}}};
  for (const query::AgreementSummary& a : view.agreements) {
    t.rows.push_back({a.key, a.region, a.kind, YearRange(a.period_from, a.period_to),
                      a.report_year ? std::to_string(*a.report_year) : "", a.file, a.format,
                      std::to_string(a.measures), std::to_string(a.sections),
                      std::to_string(a.progress_entries), std::to_string(a.warnings.size()),
                      a.title});
  }
  return t;
}

TableView AgenciesTable(const AgenciesView& view) {
  const query::AgencyMatrix& m = view.matrix;
  TableView t{"agencies", {"jaccard"}, {}};
  std::vector<std::string> header{"agency", "side", "total"};
  header.insert(header.end(), m.regions.begin(), m.regions.end());
  header.insert(header.end(), {"everywhere", "only_one"});
  t.rows.push_back(std::move(header));
  for (const auto& row : m.rows) {
    std::vector<std::string> f{row.name, SideName(row.side), std::to_string(row.total)};
    for (const std::string& r : m.regions) f.push_back(std::to_string(CountIn(row.regions, r)));
    f.push_back(row.everywhere ? "yes" : "no");
    f.push_back(row.only_one ? "yes" : "no");
    t.rows.push_back(std::move(f));
  }
  return t;
}

TableView OverlapTable(const OverlapView& view) {
  TableView t{"overlap", {"jaccard"}, {}};
  std::vector<std::string> header{"a", "b", "shared", "only_a", "only_b", "jaccard"};
  if (view.names) header.insert(header.end(), {"shared_names", "only_a_names", "only_b_names"});
  t.rows.push_back(std::move(header));
  for (const auto& p : view.pairs) {
    std::vector<std::string> f{p.a,
                               p.b,
                               std::to_string(p.shared),
                               std::to_string(p.only_a),
                               std::to_string(p.only_b),
                               Fixed(p.jaccard, 3)};
    if (view.names) {
      f.insert(f.end(), {Join(p.shared_names, "; "), Join(p.only_a_names, "; "),
                         Join(p.only_b_names, "; ")});
    }
    t.rows.push_back(std::move(f));
  }
  return t;
}

TableView CompareTable(const CompareView& view) {
  const query::Comparison& c = view.comparison;
  TableView t{"compare", {"jaccard"}, {}};
  std::vector<std::string> header{"row"};
  header.insert(header.end(), view.regions.begin(), view.regions.end());
  t.rows.push_back(std::move(header));
  std::vector<std::string> measures{"measures"};
  for (const auto& col : c.columns) measures.push_back(std::to_string(col.measures));
  t.rows.push_back(std::move(measures));
  for (const std::string& sphere : c.spheres) {
    std::vector<std::string> f{sphere};
    for (const auto& col : c.columns) f.push_back(std::to_string(CountIn(col.spheres, sphere)));
    t.rows.push_back(std::move(f));
  }
  return t;
}

TableView CounterpartsTable(const query::Counterparts& cp) {
  TableView t{"counterparts",
              {"jaccard"},
              {{"agency", "side", "region", "counterpart", "counterpart_roles", "measures"}}};
  for (const auto& e : cp.entries) {
    for (const auto& [region, partners] : e.by_region) {
      for (const auto& p : partners) {
        t.rows.push_back({e.agency, SideName(e.side), region, p.name, Join(p.roles, "; "),
                          std::to_string(p.measures)});
      }
    }
  }
  return t;
}

TableView TimelineTable(const TimelineView& view) {
  TableView t{"timeline", {"jaccard"}, {}};
  std::vector<std::string> header{view.by == query::TimelineBy::kSphere ? "sphere" : "region"};
  for (int y : view.years) header.push_back(std::to_string(y));
  t.rows.push_back(std::move(header));
  for (const auto& [name, row] : view.timeline.groups) {
    std::vector<std::string> r{name};
    for (int y : view.years) r.push_back(std::to_string(CountIn(row, y)));
    t.rows.push_back(std::move(r));
  }
  std::vector<std::string> total{"(all measures)"};
  for (int y : view.years) total.push_back(std::to_string(CountIn(view.timeline.total, y)));
  t.rows.push_back(std::move(total));
  return t;
}

TableView SimilarTable(const SimilarView& view) {
  TableView t{"similar", {"similarity"}, {{"rank", "id", "region", "similarity", "text"}}};
  size_t rank = 0;
  for (const auto& h : view.hits) {
    t.rows.push_back({std::to_string(++rank), h.id, h.record.region, Fixed(h.similarity, 3),
                      h.record.measure.text});
  }
  return t;
}

TableView TwinsTable(const TwinsView& view) {
  TableView t{"twins",
              {"min_similarity", "min_pair_similarity"},
              {{"cluster", "regions", "ids", "min_similarity", "min_pair_similarity", "text"}}};
  size_t n = 0;
  for (const auto& c : view.report.clusters) {
    t.rows.push_back({std::to_string(++n), Join(c.regions, "; "), Join(c.ids, " "),
                      Fixed(c.min_similarity, 3), Fixed(c.min_pair_similarity, 3), c.text});
  }
  return t;
}

TableView ExecutionTable(const ExecutionView& view) {
  TableView t{"execution",
              {"similarity"},
              {{"id", "agreement", "region", "agencies", "reported", "entries", "report_measures",
                "method", "similarity", "confidence", "text"}}};
  for (const auto& m : view.report.measures) {
    std::vector<std::string> ids, methods, similarities, confidences;
    for (const auto& l : m.reports) {
      ids.push_back(l.report_id);
      methods.push_back(l.method);
      similarities.push_back(Fixed(l.similarity, 2));
      confidences.push_back(query::LinkConfidence(l));
    }
    t.rows.push_back({m.id, m.agreement, m.region, Join(m.agencies, "; "),
                      m.entries() ? "yes" : "no", std::to_string(m.entries()), Join(ids, "; "),
                      Join(methods, "; "), Join(similarities, "; "), Join(confidences, "; "),
                      m.text});
  }
  return t;
}

}  // namespace karta::engine
