#include "index/agency_canon.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "index/data_files.h"
#include "index/gazetteer.h"
#include "index/split.h"
#include "stemmers/unicode_text.h"

namespace karta {

const char* SideName(Side side) { return side == Side::kSpb ? "spb" : "partner"; }

namespace {

// St Petersburg bodies by their initials (index/data/spb_body_abbreviations.tsv).
const std::unordered_map<std::string, std::string>& BodyInitials() {
  static const std::unordered_map<std::string, std::string> kInitials = [] {
    std::unordered_map<std::string, std::string> out;
    for (std::string_view line : Split(data::SpbBodyAbbreviationsTsv(), '\n')) {
      if (line.empty() || line.front() == '#') continue;
      const std::vector<std::string_view> f = Split(line, '\t');
      if (f.size() == 2) out.emplace(f[0], f[1]);
    }
    return out;
  }();
  return kInitials;
}

// The name without a closing note in parentheses that is not a part of it: the body's initials
// («Комитет по науке и высшей школе (КНВШ)») or «(по согласованию)».
// Initials of the table only: «Министерство культуры (РТ)» and «… (РБ)» are two ministries.
std::string_view WithoutClosingNote(std::string_view name) {
  while (true) {  // «… (КНВШ) (по согласованию)»
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty() || name.back() != ')') return name;
    const size_t open = name.rfind('(');
    if (open == std::string_view::npos || open == 0) return name;
    const std::string_view inner = name.substr(open + 1, name.size() - open - 2);
    if (!BodyInitials().count(std::string(inner)) && MatchKey(inner) != "по согласованию") {
      return name;
    }
    name = name.substr(0, open);
  }
}

}  // namespace

const std::string* FullNameOfInitials(std::string_view name) {
  const std::unordered_map<std::string, std::string>& initials = BodyInitials();
  auto it = initials.find(std::string(WithoutClosingNote(name)));
  return it == initials.end() ? nullptr : &it->second;
}

std::string AgencyKey(std::string_view written) {
  std::string_view name = WithoutClosingNote(written);
  // A St Petersburg body by its initials is that body.
  if (const std::string* full = FullNameOfInitials(name)) name = *full;
  std::string key = MatchKey(name);
  // «Санкт Петербурга» (hyphen lost) is the same city.
  for (size_t pos; (pos = key.find("санкт петербург")) != std::string::npos;) {
    key[pos + std::string_view("санкт").size()] = '-';
  }
  std::vector<std::string> words = SplitWords(key);
  words.erase(std::remove(words.begin(), words.end(), "и"), words.end());
  // «СПб» and «г. Санкт-Петербурга» / «города Санкт-Петербурга» name the same city.
  for (std::string& w : words) {
    if (w == "спб") w = "санкт-петербурга";
  }
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if ((words[i] == "г" || words[i] == "города") && words[i + 1] == "санкт-петербурга") {
      words.erase(words.begin() + static_cast<long>(i));
    }
  }
  if (words.size() > 1 && words.back() == "санкт-петербурга") words.pop_back();
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

void AgencyRegistry::Add(Side side, const std::string& written) {
  Add(side, AgencyKey(written), written);
}

void AgencyRegistry::Add(Side side, const std::string& key, const std::string& written) {
  if (key.empty()) return;
  Entry& e = entries_[key];
  e.key = key;
  (side == Side::kSpb ? e.spb : e.partner) = true;
  ++e.spellings[written];
  ++e.measures;
}

void AgencyRegistry::Finish() {
  for (auto& [key, e] : entries_) {
    // A name written out first: bare initials last, a closing note («(КНВШ)») next to last.
    auto shortened = [](const std::string& s) {
      return FullNameOfInitials(s) != nullptr           ? 2
             : WithoutClosingNote(s).size() != s.size() ? 1
                                                        : 0;
    };
    auto better = [&](const std::pair<const std::string, size_t>& a,
                      const std::pair<const std::string, size_t>& b) {
      if (shortened(a.first) != shortened(b.first)) return shortened(a.first) < shortened(b.first);
      const bool a_city = a.first.find("Санкт-Петербург") != std::string::npos;
      const bool b_city = b.first.find("Санкт-Петербург") != std::string::npos;
      if (a_city != b_city) return a_city;
      if (a.second != b.second) return a.second > b.second;
      if (a.first.size() != b.first.size()) return a.first.size() > b.first.size();
      return a.first < b.first;
    };
    e.name = std::min_element(e.spellings.begin(), e.spellings.end(), better)->first;
    // Initials alone («КНВШ», «КНВШ (по согласованию)»): the body's full name; a closing note
    // left out.
    if (const std::string* full = FullNameOfInitials(e.name)) {
      e.name = *full;
    } else {
      e.name = std::string(WithoutClosingNote(e.name));
    }
  }
}

const AgencyRegistry::Entry* AgencyRegistry::Find(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<const AgencyRegistry::Entry*> AgencyRegistry::Match(std::string_view user_text) const {
  const std::string key = AgencyKey(user_text);
  if (const Entry* e = Find(key)) return {e};
  const std::vector<std::string> words = SplitWords(key);
  std::vector<const Entry*> out;
  if (words.empty()) return out;
  for (const auto& [k, e] : entries_) {
    const std::vector<std::string> have = SplitWords(k);
    const bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
      return std::any_of(have.begin(), have.end(),
                         [&](const std::string& h) { return h.rfind(w, 0) == 0; });
    });
    if (all) out.push_back(&e);
  }
  return out;
}

std::vector<std::string> AgencyRegistry::Near(std::string_view user_text, size_t max) const {
  // Shared words first (compared by their first five letters, a cheap stem: «туризму» meets
  // «туризма»), then edit distance.
  auto stems = [](const std::string& key) {
    std::set<std::u32string> out;
    for (const std::string& w : SplitWords(key)) {
      std::u32string u = ToU32(w);
      if (u.size() > 2) out.insert(u.substr(0, 5));
    }
    return out;
  };
  const std::string key = AgencyKey(user_text);
  const std::u32string key32 = ToU32(key);
  const std::set<std::u32string> wanted = stems(key);
  struct Scored {
    size_t shared, distance;
    const Entry* entry;
  };
  std::vector<Scored> scored;
  for (const auto& [k, e] : entries_) {
    size_t shared = 0;
    for (const std::u32string& s : stems(k)) shared += wanted.count(s);
    scored.push_back(Scored{shared, EditDistance(key32, ToU32(k)), &e});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.shared != b.shared) return a.shared > b.shared;
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.entry->key < b.entry->key;
  });
  std::vector<std::string> out;
  for (const Scored& s : scored) {
    if (out.size() >= max) break;
    if (s.shared == 0 && s.distance > std::max<size_t>(4, key32.size() / 2)) break;
    out.push_back(s.entry->name);
  }
  return out;
}

std::string AgencyRegistry::Serialize() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, e] : entries_) {
    j[key] = {{"name", e.name},
              {"spb", e.spb},
              {"partner", e.partner},
              {"measures", e.measures},
              {"spellings", e.spellings}};
  }
  return j.dump();
}

AgencyRegistry AgencyRegistry::Deserialize(std::string_view json) {
  AgencyRegistry r;
  if (json.empty()) return r;
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return r;
  for (const auto& [key, v] : j.items()) {
    Entry e;
    e.key = key;
    e.name = v.value("name", key);
    e.spb = v.value("spb", false);
    e.partner = v.value("partner", false);
    e.measures = v.value("measures", size_t{0});
    if (v.contains("spellings")) e.spellings = v["spellings"].get<std::map<std::string, size_t>>();
    r.entries_.emplace(key, std::move(e));
  }
  return r;
}

}  // namespace karta
