#include "src/query/filters.h"

#include <algorithm>

#include "index/gazetteer.h"
#include "index/index_schema.h"
#include "index/sphere_taxonomy.h"
#include "stemmers/unicode_text.h"

namespace karta::query {
namespace {

std::string Suggest(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  std::string s = "; did you mean: ";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + ("«" + names[i] + "»");
  return s + "?";
}

}  // namespace

Xapian::Query Filters::Region(const std::string& value) const {
  const Gazetteer& g = Gazetteer::Default();
  const karta::Region* r = g.ResolveAnyForm(value);
  if (r == nullptr) {
    throw FilterError("unknown region «" + value + "»" + Suggest(g.Near(value, 3)));
  }
  return Xapian::Query(schema::kRegionPrefix + r->code);
}

Xapian::Query Filters::Sphere(const std::string& value) const {
  const SphereTaxonomy& t = SphereTaxonomy::Default();
  std::string sphere = t.Resolve(value);
  if (sphere.empty()) {
    // A word of a sphere's name, in any case form: «кадры», «высшее», «среда».
    const std::vector<std::string> named = t.NamedBy(value);
    if (named.size() == 1) sphere = named.front();
    if (named.size() > 1) {
      throw FilterError("«" + value + "» names " + std::to_string(named.size()) +
                        " spheres; be more specific" + Suggest(named));
    }
  }
  if (sphere.empty()) {
    std::vector<std::pair<size_t, std::string>> scored;
    const std::u32string key = ToU32(MatchKey(value));
    for (const std::string& s : t.spheres()) {
      const std::u32string candidate = ToU32(MatchKey(s));
      const std::u32string_view head(candidate.data(), std::min(candidate.size(), key.size()));
      scored.emplace_back(std::min(EditDistance(key, candidate), EditDistance(key, head)), s);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> near;
    for (size_t i = 0; i < scored.size() && i < 3; ++i) near.push_back(scored[i].second);
    throw FilterError("unknown sphere «" + value + "»" + Suggest(near));
  }
  return Xapian::Query(schema::Term(schema::kSpherePrefix, MatchKey(sphere)));
}

const AgencyRegistry::Entry& Filters::ResolveAgency(const std::string& value,
                                                    std::optional<Side> side) const {
  std::vector<const AgencyRegistry::Entry*> matches = agencies_.Match(value);
  // The agency exists, on the other side only: say so, rather than suggest its own name.
  if (side && matches.size() == 1 &&
      (*side == Side::kSpb ? !matches.front()->spb : !matches.front()->partner)) {
    throw FilterError("«" + matches.front()->name + "» is not an agency of " +
                      (*side == Side::kSpb ? "St Petersburg" : "the partner region") +
                      " in any measure; leave out --side, or give --side " +
                      (*side == Side::kSpb ? "partner" : "spb"));
  }
  if (side) {
    matches.erase(std::remove_if(matches.begin(), matches.end(),
                                 [&](const AgencyRegistry::Entry* e) {
                                   return *side == Side::kSpb ? !e->spb : !e->partner;
                                 }),
                  matches.end());
  }
  if (matches.empty()) {
    throw FilterError("unknown agency «" + value + "»" + Suggest(agencies_.Near(value, 3)));
  }
  if (matches.size() > 1) {
    std::vector<std::string> names;
    for (const auto* e : matches) names.push_back(e->name);
    std::sort(names.begin(), names.end());
    if (names.size() > 8) names.resize(8);
    throw FilterError("«" + value + "» names " + std::to_string(matches.size()) +
                      " agencies; be more specific" + Suggest(names));
  }
  return *matches.front();
}

Xapian::Query Filters::Agency(const std::string& value, std::optional<Side> side) const {
  const AgencyRegistry::Entry& entry = ResolveAgency(value, side);
  const char* prefix = !side                 ? schema::kAgencyPrefix
                       : *side == Side::kSpb ? schema::kSpbAgencyPrefix
                                             : schema::kPartnerAgencyPrefix;
  return Xapian::Query(schema::Term(prefix, entry.key));
}

}  // namespace karta::query
