#include "src/query/analytics.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#include "index/index_schema.h"
#include "index/sphere_taxonomy.h"
#include "src/query/value_cursor.h"
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

// Folds each name once (FoldCase inside a comparator would run it per comparison).
std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::vector<std::pair<std::string, std::string>> keyed;
  keyed.reserve(v.size());
  for (std::string& s : v) {
    std::string folded = FoldCase(s);
    keyed.emplace_back(std::move(folded), std::move(s));
  }
  std::sort(keyed.begin(), keyed.end());
  for (size_t i = 0; i < keyed.size(); ++i) v[i] = std::move(keyed[i].second);
  return v;
}

}  // namespace

namespace {
constexpr int kMinYear = 1900, kYears = 256;
}  // namespace

void AggregateSpy::Bump(std::vector<std::vector<uint32_t>>* counts, uint32_t row, uint32_t col,
                        uint32_t n) {
  if (counts->size() <= row) counts->resize(row + 1);
  std::vector<uint32_t>& r = (*counts)[row];
  if (r.size() <= col) r.resize(col + 1, 0);
  r[col] += n;
}

void AggregateSpy::Add(const schema::FacetRow& row, Xapian::doccount n) {
  Add(row.region, row.years, row.spheres, row.agencies, n);
}

void AggregateSpy::Add(std::string_view region_value, std::string_view years,
                       std::string_view spheres, std::string_view agencies, Xapian::doccount n) {
  // Measures come grouped by agreement, so the region is usually the previous one.
  if (!have_last_region_ || region_value != last_region_value_) {
    last_region_ = regions_.Id(region_value);
    last_region_value_ = region_value;
    have_last_region_ = true;
  }
  const uint32_t region = last_region_;
  if (measures_.size() <= region) measures_.resize(region + 1, 0);
  measures_[region] += n;

  if (parts_.years) {
    if (years_.size() <= region) years_.resize(region + 1);
    std::vector<bool>& seen = years_[region];
    if (seen.empty()) seen.assign(kYears, false);
    schema::ForEachItem(years, [&](std::string_view y) {
      int year = 0;
      for (char c : y) year = year * 10 + (c - '0');
      if (year >= kMinYear && year < kMinYear + kYears) seen[year - kMinYear] = true;
    });
  }
  if (parts_.spheres) {
    schema::ForEachItem(
        spheres, [&](std::string_view s) { Bump(&sphere_counts_, spheres_.Id(s), region, n); });
  }
  if (parts_.agencies || parts_.pairs) {
    // Neighbouring measures of a section often share their agencies: parse those once.
    if (!have_last_agencies_ || agencies != last_agencies_) {
      last_agencies_ = agencies;
      have_last_agencies_ = true;
      ParseAgencies(agencies);
    }
    if (parts_.agencies) {
      for (const std::vector<uint32_t>* ids : {&spb_, &partner_}) {
        for (uint32_t id : *ids) Bump(&agency_counts_, id, region, n);
      }
    }
    if (parts_.pairs) {
      for (uint32_t s : spb_) {
        for (uint32_t p : partner_) {
          pairs_[(uint64_t{s} << 40) | (uint64_t{p} << 16) | region] += n;
        }
      }
    }
  }
}

void AggregateSpy::ParseAgencies(std::string_view value) {
  spb_.clear();
  partner_.clear();
  schema::ForEachItem(value, [&](std::string_view item) {
    schema::AgencyItem a;
    if (!schema::ParseAgencyItem(item, &a)) return;
    const uint32_t id = agencies_.Id(item.substr(0, 2 + a.key.size()));  // side + sep + key
    (a.side == 's' ? spb_ : partner_).push_back(id);
  });
  for (std::vector<uint32_t>* ids : {&spb_, &partner_}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
}

void AggregateSpy::Merge(const AggregateSpy& o) {
  auto remap = [](const Interner& from, Interner* to) {
    std::vector<uint32_t> ids;
    for (const std::string& name : from.names()) ids.push_back(to->Id(name));
    return ids;
  };
  const std::vector<uint32_t> region = remap(o.regions_, &regions_);
  const std::vector<uint32_t> sphere = remap(o.spheres_, &spheres_);
  const std::vector<uint32_t> agency = remap(o.agencies_, &agencies_);
  for (uint32_t r = 0; r < o.measures_.size(); ++r) {
    if (measures_.size() <= region[r]) measures_.resize(region[r] + 1, 0);
    measures_[region[r]] += o.measures_[r];
  }
  for (uint32_t r = 0; r < o.years_.size(); ++r) {
    if (o.years_[r].empty()) continue;
    if (years_.size() <= region[r]) years_.resize(region[r] + 1);
    std::vector<bool>& seen = years_[region[r]];
    if (seen.empty()) seen.assign(kYears, false);
    for (size_t y = 0; y < o.years_[r].size(); ++y) {
      if (o.years_[r][y]) seen[y] = true;
    }
  }
  auto add_counts = [&](const std::vector<std::vector<uint32_t>>& from,
                        const std::vector<uint32_t>& row_ids,
                        std::vector<std::vector<uint32_t>>* to) {
    for (uint32_t row = 0; row < from.size(); ++row) {
      for (uint32_t r = 0; r < from[row].size(); ++r) {
        if (from[row][r]) Bump(to, row_ids[row], region[r], from[row][r]);
      }
    }
  };
  add_counts(o.sphere_counts_, sphere, &sphere_counts_);
  add_counts(o.agency_counts_, agency, &agency_counts_);
  for (const auto& [packed, n] : o.pairs_) {
    const uint64_t s = agency[packed >> 40], p = agency[(packed >> 16) & 0xFFFFFF];
    pairs_[(s << 40) | (p << 16) | region[packed & 0xFFFF]] += n;
  }
}

Aggregate AggregateAll(const std::string& db_path, AggregateSpy::Parts parts, unsigned threads) {
  const Xapian::docid last = Xapian::Database(db_path).get_lastdocid();
  threads = std::max(1U, std::min(threads, last));
  std::vector<std::unique_ptr<AggregateSpy>> spies;
  for (unsigned t = 0; t < threads; ++t) spies.push_back(std::make_unique<AggregateSpy>(parts));
  std::vector<std::exception_ptr> errors(threads);
  auto run = [&](unsigned t) {
    try {
      Xapian::Database db(db_path);  // a handle per thread: Xapian objects are not shared
      const Xapian::docid lo = 1 + static_cast<Xapian::docid>(uint64_t{last} * t / threads);
      const Xapian::docid hi = static_cast<Xapian::docid>(uint64_t{last} * (t + 1) / threads);
      // A slot a part does not need is not read.
      std::optional<ValueCursor> years, spheres, agencies;
      if (parts.years) years.emplace(db, schema::kSlotYears);
      if (parts.spheres) spheres.emplace(db, schema::kSlotSpheres);
      if (parts.agencies || parts.pairs) agencies.emplace(db, schema::kSlotAgencies);
      ValueCursor region(db, schema::kSlotRegion);
      auto at = [](std::optional<ValueCursor>& c, Xapian::docid did) {
        return c ? c->At(did) : std::string();
      };
      Xapian::PostingIterator doc = db.postlist_begin("");
      doc.skip_to(lo);
      for (; doc != db.postlist_end("") && *doc <= hi; ++doc) {
        const Xapian::docid did = *doc;
        spies[t]->Add(region.At(did), at(years, did), at(spheres, did), at(agencies, did));
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(run, t);
  run(0);
  for (std::thread& w : workers) w.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  for (unsigned t = 1; t < threads; ++t) spies[0]->Merge(*spies[t]);
  return spies[0]->aggregate();
}

Aggregate AggregateSpy::aggregate() const {
  Aggregate a;
  for (uint32_t r = 0; r < measures_.size(); ++r) a.measures[regions_.names()[r]] = measures_[r];
  for (uint32_t r = 0; r < years_.size(); ++r) {
    for (int y = 0; y < static_cast<int>(years_[r].size()); ++y) {
      if (years_[r][y]) a.years[regions_.names()[r]].insert(kMinYear + y);
    }
  }
  for (uint32_t s = 0; s < sphere_counts_.size(); ++s) {
    for (uint32_t r = 0; r < sphere_counts_[s].size(); ++r) {
      if (sphere_counts_[s][r])
        a.spheres[spheres_.names()[s]][regions_.names()[r]] = sphere_counts_[s][r];
    }
  }
  auto agency_key = [&](uint32_t id) {
    const std::string& name = agencies_.names()[id];
    return Aggregate::AgencyKey{name[0] == 's' ? Side::kSpb : Side::kPartner, name.substr(2)};
  };
  for (uint32_t g = 0; g < agency_counts_.size(); ++g) {
    for (uint32_t r = 0; r < agency_counts_[g].size(); ++r) {
      if (agency_counts_[g][r])
        a.agencies[agency_key(g)][regions_.names()[r]] = agency_counts_[g][r];
    }
  }
  for (const auto& [packed, n] : pairs_) {
    const uint32_t s = static_cast<uint32_t>(packed >> 40);
    const uint32_t p = static_cast<uint32_t>((packed >> 16) & 0xFFFFFF);
    const uint32_t r = static_cast<uint32_t>(packed & 0xFFFF);
    a.pairs[{agency_key(s).key, regions_.names()[r], agency_key(p).key}] = n;
  }
  return a;
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
                                      OverlapBy by, std::optional<Side> side, bool with_names) {
  const auto names = NamesByRegion(a, registry, by, side);
  const std::vector<std::string> regions = SortedRegions(a);
  // Rank every name once in display order; sets become sorted vectors of ranks, so each of
  // the n² pairs costs integer merges only.
  std::set<std::string> all;
  for (const auto& [region, set] : names) all.insert(set.begin(), set.end());
  const std::vector<std::string> ordered = Sorted(std::vector<std::string>(all.begin(), all.end()));
  std::unordered_map<std::string, uint32_t> rank;
  for (uint32_t i = 0; i < ordered.size(); ++i) rank.emplace(ordered[i], i);
  std::vector<std::vector<uint32_t>> sets;
  for (const std::string& region : regions) {
    std::vector<uint32_t> ranks;
    for (const std::string& n : names.at(region)) ranks.push_back(rank.at(n));
    std::sort(ranks.begin(), ranks.end());
    sets.push_back(std::move(ranks));
  }
  std::vector<OverlapPair> pairs;
  std::vector<uint32_t> shared, only_a, only_b;
  auto to_names = [&](const std::vector<uint32_t>& ranks) {
    std::vector<std::string> out;
    out.reserve(ranks.size());
    for (uint32_t r : ranks) out.push_back(ordered[r]);
    return out;
  };
  for (size_t i = 0; i < regions.size(); ++i) {
    for (size_t j = i + 1; j < regions.size(); ++j) {
      const std::vector<uint32_t>& x = sets[i];
      const std::vector<uint32_t>& y = sets[j];
      shared.clear();
      only_a.clear();
      only_b.clear();
      std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(shared));
      std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(only_a));
      std::set_difference(y.begin(), y.end(), x.begin(), x.end(), std::back_inserter(only_b));
      OverlapPair p;
      p.a = regions[i];
      p.b = regions[j];
      p.shared = shared.size();
      p.only_a = only_a.size();
      p.only_b = only_b.size();
      const size_t uni = p.shared + p.only_a + p.only_b;
      p.jaccard = uni ? static_cast<double>(p.shared) / static_cast<double>(uni) : 0.0;
      if (with_names) {
        p.shared_names = to_names(shared);
        p.only_a_names = to_names(only_a);
        p.only_b_names = to_names(only_b);
      }
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
