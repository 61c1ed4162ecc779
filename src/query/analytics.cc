#include "src/query/analytics.h"

#include <algorithm>

#include "index/index_schema.h"
#include "index/sphere_taxonomy.h"
#include "stemmers/unicode_text.h"

namespace karta::query {
namespace {

std::string DisplayName(const AgencyRegistry& registry, const std::string& key) {
  const AgencyRegistry::Entry* e = registry.Find(key);
  return e ? e->name : key;
}

bool ByFoldedName(const std::string& a, const std::string& b) {
  const std::string fa = FoldCase(a), fb = FoldCase(b);
  return fa != fb ? fa < fb : a < b;
}

// Names of the things (agencies or spheres) each region has.
std::map<std::string, std::set<std::string>> NamesByRegion(const Aggregate& a,
                                                           const AgencyRegistry& registry,
                                                           OverlapBy by, std::optional<Side> side) {
  std::map<std::string, std::set<std::string>> out;
  for (const std::string& region : SortedRegions(a)) out[region];
  if (by == OverlapBy::kSphere) {
    for (const auto& [sphere, regions] : a.spheres) {
      for (const auto& [region, n] : regions) out[region].insert(sphere);
    }
  } else {
    for (const auto& [agency, regions] : a.agencies) {
      if (side && agency.side != *side) continue;
      const std::string name = DisplayName(registry, agency.key);
      for (const auto& [region, n] : regions) out[region].insert(name);
    }
  }
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end(), ByFoldedName);
  return v;
}

}  // namespace

void AggregateSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  const std::string region = doc.get_value(schema::kSlotRegion);
  ++aggregate_.measures[region];
  for (const std::string& y : schema::SplitItems(doc.get_value(schema::kSlotYears))) {
    aggregate_.years[region].insert(std::stoi(y));
  }
  for (const std::string& s : schema::SplitItems(doc.get_value(schema::kSlotSpheres))) {
    ++aggregate_.spheres[s][region];
  }
  std::set<Aggregate::AgencyKey> seen;
  std::set<std::string> spb, partner;
  for (const std::string& item : schema::SplitItems(doc.get_value(schema::kSlotAgencies))) {
    const size_t first = item.find(schema::kFieldSep);
    const size_t second = item.find(schema::kFieldSep, first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const Side side = item[0] == 's' ? Side::kSpb : Side::kPartner;
    std::string key = item.substr(first + 1, second - first - 1);
    (side == Side::kSpb ? spb : partner).insert(key);
    seen.insert(Aggregate::AgencyKey{side, std::move(key)});
  }
  for (const Aggregate::AgencyKey& k : seen) ++aggregate_.agencies[k][region];
  for (const std::string& s : spb) {
    for (const std::string& p : partner) ++aggregate_.pairs[{s, region, p}];
  }
}

std::vector<std::string> SortedRegions(const Aggregate& a) {
  std::vector<std::string> regions;
  for (const auto& [region, n] : a.measures) regions.push_back(region);
  return Sorted(std::move(regions));
}

std::vector<std::string> AgencyRoles(const std::string& name) {
  return SphereTaxonomy::Default().Classify(name).spheres;
}

AgencyMatrix BuildAgencyMatrix(const Aggregate& a, const AgencyRegistry& registry,
                               std::optional<Side> side) {
  AgencyMatrix m;
  m.regions = SortedRegions(a);
  m.measures = a.measures;
  for (const auto& [agency, regions] : a.agencies) {
    if (side && agency.side != *side) continue;
    AgencyMatrix::Row row;
    row.key = agency.key;
    row.name = DisplayName(registry, agency.key);
    row.side = agency.side;
    row.regions = regions;
    for (const auto& [region, n] : regions) row.total += n;
    row.everywhere = m.regions.size() > 1 && regions.size() == m.regions.size();
    row.only_one = regions.size() == 1 && m.regions.size() > 1;
    m.rows.push_back(std::move(row));
  }
  std::sort(m.rows.begin(), m.rows.end(),
            [](const AgencyMatrix::Row& x, const AgencyMatrix::Row& y) {
              if (x.total != y.total) return x.total > y.total;
              return ByFoldedName(x.name, y.name);
            });
  return m;
}

std::vector<OverlapPair> BuildOverlap(const Aggregate& a, const AgencyRegistry& registry,
                                      OverlapBy by, std::optional<Side> side) {
  const auto names = NamesByRegion(a, registry, by, side);
  const std::vector<std::string> regions = SortedRegions(a);
  std::vector<OverlapPair> pairs;
  for (size_t i = 0; i < regions.size(); ++i) {
    for (size_t j = i + 1; j < regions.size(); ++j) {
      const std::set<std::string>& x = names.at(regions[i]);
      const std::set<std::string>& y = names.at(regions[j]);
      OverlapPair p;
      p.a = regions[i];
      p.b = regions[j];
      std::set_intersection(x.begin(), x.end(), y.begin(), y.end(),
                            std::back_inserter(p.shared_names));
      std::set_difference(x.begin(), x.end(), y.begin(), y.end(),
                          std::back_inserter(p.only_a_names));
      std::set_difference(y.begin(), y.end(), x.begin(), x.end(),
                          std::back_inserter(p.only_b_names));
      p.shared_names = Sorted(std::move(p.shared_names));
      p.only_a_names = Sorted(std::move(p.only_a_names));
      p.only_b_names = Sorted(std::move(p.only_b_names));
      p.shared = p.shared_names.size();
      p.only_a = p.only_a_names.size();
      p.only_b = p.only_b_names.size();
      const size_t uni = p.shared + p.only_a + p.only_b;
      p.jaccard = uni ? static_cast<double>(p.shared) / static_cast<double>(uni) : 0.0;
      pairs.push_back(std::move(p));
    }
  }
  return pairs;
}

Comparison BuildComparison(const Aggregate& a, const AgencyRegistry& registry,
                           const std::vector<std::string>& regions) {
  Comparison c;
  std::map<std::string, size_t> sphere_totals;
  std::map<std::string, size_t> sphere_presence, agency_presence;
  for (const std::string& region : regions) {
    Comparison::Column col;
    col.region = region;
    auto m = a.measures.find(region);
    col.measures = m == a.measures.end() ? 0 : m->second;
    if (auto y = a.years.find(region); y != a.years.end()) {
      col.years.assign(y->second.begin(), y->second.end());
    }
    for (const auto& [sphere, per_region] : a.spheres) {
      if (auto it = per_region.find(region); it != per_region.end()) {
        col.spheres[sphere] = it->second;
        sphere_totals[sphere] += it->second;
        ++sphere_presence[sphere];
      }
    }
    for (const auto& [agency, per_region] : a.agencies) {
      if (!per_region.count(region)) continue;
      const std::string name = DisplayName(registry, agency.key);
      (agency.side == Side::kSpb ? col.spb_agencies : col.partner_agencies).push_back(name);
      if (agency.side == Side::kSpb) ++agency_presence[name];
    }
    col.spb_agencies = Sorted(std::move(col.spb_agencies));
    col.partner_agencies = Sorted(std::move(col.partner_agencies));
    c.columns.push_back(std::move(col));
  }
  for (Comparison::Column& col : c.columns) {
    for (const auto& [sphere, n] : col.spheres) {
      if (sphere_presence[sphere] == 1 && regions.size() > 1) col.unique_spheres.push_back(sphere);
    }
    for (const std::string& name : col.spb_agencies) {
      if (agency_presence[name] == 1 && regions.size() > 1) col.unique_spb_agencies.push_back(name);
    }
  }
  for (const auto& [sphere, total] : sphere_totals) c.spheres.push_back(sphere);
  std::stable_sort(c.spheres.begin(), c.spheres.end(),
                   [&](const std::string& x, const std::string& y) {
                     return sphere_totals[x] > sphere_totals[y];
                   });
  return c;
}

Counterparts BuildCounterparts(const Aggregate& a, const AgencyRegistry& registry,
                               const std::optional<std::string>& only_key) {
  // (agency key, side) → region → counterpart key → measures
  std::map<std::pair<std::string, Side>, std::map<std::string, std::map<std::string, size_t>>>
      table;
  for (const auto& [triple, n] : a.pairs) {
    const auto& [spb, region, partner] = triple;
    table[{spb, Side::kSpb}][region][partner] += n;
    table[{partner, Side::kPartner}][region][spb] += n;
  }
  Counterparts out;
  for (const auto& [agency, regions] : table) {
    const auto& [key, side] = agency;
    if (only_key ? key != *only_key : side != Side::kSpb) continue;
    Counterparts::Entry e;
    e.agency = DisplayName(registry, key);
    e.side = side;
    e.roles = AgencyRoles(e.agency);
    for (const auto& [region, partners] : regions) {
      std::vector<Counterparts::Partner>& list = e.by_region[region];
      for (const auto& [pkey, n] : partners) {
        const std::string name = DisplayName(registry, pkey);
        list.push_back(Counterparts::Partner{name, AgencyRoles(name), n});
      }
      std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
        return x.measures != y.measures ? x.measures > y.measures : ByFoldedName(x.name, y.name);
      });
    }
    out.entries.push_back(std::move(e));
  }
  std::sort(out.entries.begin(), out.entries.end(),
            [](const auto& x, const auto& y) { return ByFoldedName(x.agency, y.agency); });
  return out;
}

}  // namespace karta::query
