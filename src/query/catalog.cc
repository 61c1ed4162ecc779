#include "src/query/catalog.h"

#include <xapian.h>

#include <algorithm>
#include <set>

#include "index/agency_canon.h"
#include "index/counted.h"
#include "index/gazetteer.h"
#include "index/index_schema.h"
#include "stemmers/unicode_text.h"

namespace karta::query {
namespace {

std::string Upper(std::string_view ascii_and_more) {
  std::string out(ascii_and_more);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

template <typename Fn>
void ForEachId(const Xapian::Database& db, Fn fn) {
  const std::string prefix = schema::kIdPrefix;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    fn(std::string_view(*it).substr(prefix.size()));
  }
}

Status DatabaseError(const Xapian::Error& e) {
  return {Status::Code::kUnavailable, "cannot read the index: " + e.get_msg()};
}

}  // namespace

Catalog::Catalog(const Searcher& searcher) : searcher_(searcher) {}

std::vector<std::string> Catalog::Resolve(std::string_view id) const {
  const Xapian::Database& db = searcher_.database();
  if (db.term_exists(schema::Term(schema::kIdPrefix, id))) return {std::string(id)};
  const std::string wanted = Upper(id);
  const size_t colon = wanted.find(':');
  // «PER:6.1»: a region code, no period.
  const bool short_form = colon != std::string::npos && wanted.find('-') > colon;
  const std::string code_prefix = short_form ? wanted.substr(0, colon) + "-" : "";
  const std::string number_suffix = short_form ? wanted.substr(colon) : "";
  std::vector<std::string> found;
  ForEachId(db, [&](std::string_view candidate) {
    const std::string upper = Upper(candidate);
    if (upper == wanted) {
      found.emplace_back(candidate);
    } else if (short_form && upper.compare(0, code_prefix.size(), code_prefix) == 0 &&
               upper.size() > number_suffix.size() &&
               upper.compare(upper.size() - number_suffix.size(), number_suffix.size(),
                             number_suffix) == 0) {
      found.emplace_back(candidate);
    }
  });
  return found;
}

std::vector<std::string> Catalog::NearIds(std::string_view id, size_t max) const {
  const std::u32string wanted = ToU32(Upper(id));
  const std::string wanted_agreement = Upper(id.substr(0, id.find(':')));
  // «SMO-2021-2023:2.1» or «SMO:2.1.» means the region's measure 2.1 first: its code (before
  // the first «-» or «:») and its number (after «:», without a closing dot).
  auto code_of = [](std::string_view s) { return s.substr(0, s.find_first_of("-:")); };
  auto number_of = [](std::string_view s) {
    const size_t colon = s.find(':');
    std::string_view n = colon == std::string_view::npos ? "" : s.substr(colon + 1);
    while (!n.empty() && n.back() == '.') n.remove_suffix(1);
    return n;
  };
  const std::string upper_id = Upper(id);
  const std::string_view wanted_code = code_of(upper_id), wanted_number = number_of(upper_id);
  struct Candidate {
    bool other_measure;  // not the same region's measure of the same number
    bool other_agreement;
    bool other_region;
    size_t distance;
    std::string id;
    bool operator<(const Candidate& o) const {
      return std::tie(other_measure, other_agreement, other_region, distance, id) <
             std::tie(o.other_measure, o.other_agreement, o.other_region, o.distance, o.id);
    }
  };
  std::vector<Candidate> all;
  try {
    ForEachId(searcher_.database(), [&](std::string_view candidate) {
      const std::string upper = Upper(candidate);
      const bool same_region = code_of(upper) == wanted_code;
      all.push_back({!(same_region && !wanted_number.empty() && number_of(upper) == wanted_number),
                     upper.substr(0, upper.find(':')) != wanted_agreement, !same_region,
                     EditDistance(wanted, ToU32(upper)), std::string(candidate)});
    });
  } catch (const Xapian::Error&) {
    return {};  // suggestions are a courtesy: the caller reports the missing id anyway
  }
  std::sort(all.begin(), all.end());
  std::vector<std::string> out;
  for (const Candidate& c : all) {
    if (out.size() >= max) break;
    out.push_back(c.id);
  }
  return out;
}

std::optional<std::string> Catalog::ResolveOne(std::string_view id, Status* error) const {
  const std::vector<std::string> ids = Resolve(id);
  if (ids.size() == 1) return ids.front();
  std::vector<std::string> near = ids.empty() ? NearIds(id, 5) : ids;
  std::string message =
      ids.empty() ? "no measure «" + std::string(id) + "» in the index"
                  : "«" + std::string(id) + "» names " + Counted(ids.size(), "measure", "measures");
  if (!near.empty()) {
    message += ids.empty() ? "; did you mean " : ": ";
    for (size_t i = 0; i < near.size(); ++i) message += (i ? ", «" : "«") + near[i] + "»";
    message += ids.empty() ? "?" : "";
  }
  *error = {Status::Code::kNotFound, message};
  return std::nullopt;
}

std::optional<MeasureView> Catalog::Measure(std::string_view id, Status* error) const {
  try {
    const std::optional<std::string> full = ResolveOne(id, error);
    if (!full) return std::nullopt;
    const Xapian::Database& db = searcher_.database();
    const std::string term = schema::Term(schema::kIdPrefix, *full);
    MeasureView view;
    view.record = DecodeRecord(db.get_document(*db.postlist_begin(term)).get_data());
    const AgencyRegistry& registry = searcher_.agencies();
    auto canonical = [&](const std::vector<std::string>& written) {
      std::vector<std::string> names;
      for (const std::string& w : written) {
        const AgencyRegistry::Entry* entry = registry.Find(AgencyKey(w));
        names.push_back(entry ? entry->name : w);
      }
      return names;
    };
    view.spb_agencies_canonical = canonical(view.record.measure.spb_agencies);
    view.partner_agencies_canonical = canonical(view.record.measure.partner_agencies);
    return view;
  } catch (const Xapian::Error& e) {
    *error = DatabaseError(e);
  }
  return std::nullopt;
}

std::optional<std::vector<AgreementSummary>> Catalog::Agreements(Status* error) const {
  try {
    const Xapian::Database& db = searcher_.database();
    std::vector<std::pair<std::string, AgreementSummary>> rows;  // order key, summary
    const std::string prefix = schema::kAgreementPrefix;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      AgreementSummary a;
      std::set<std::string> sections;
      for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
        const Xapian::Document doc = db.get_document(*p);
        StoredRecord r = DecodeRecord(doc.get_data());
        if (a.measures++ == 0) {
          a.key = r.agreement;
          a.region = r.region;
          a.region_code = r.region_code;
          a.kind = DocumentKindName(r.kind);
          a.title = r.title;
          a.file = r.file;
          a.path = r.path;
          a.format = r.format;
          a.period_from = r.period_from;
          a.period_to = r.period_to;
          a.report_year = r.report_year;
        }
        if (r.agreement_warnings) {
          for (std::string& w : *r.agreement_warnings) a.warnings.push_back(std::move(w));
        }
        sections.insert(r.measure.section.number);
        a.progress_entries += r.measure.progress.size();
      }
      a.sections = sections.size();
      // As listings order measures (kSlotOrder): region code, kind, start of the period.
      std::string order = a.region_code + "|" + a.kind + "|" +
                          std::to_string(a.period_from.value_or(0)) + "|" + a.key;
      rows.emplace_back(std::move(order), std::move(a));
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<AgreementSummary> out;
    for (auto& [order, a] : rows) out.push_back(std::move(a));
    return out;
  } catch (const Xapian::Error& e) {
    *error = DatabaseError(e);
  }
  return std::nullopt;
}

}  // namespace karta::query
