#include "index/agency_side.h"

#include <algorithm>
#include <iterator>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// The stem of the partner region's own word («смоленск» of «Смоленская область»,
// «пермск» of «Пермский край»), which the names of its institutions carry in other forms:
// «СОГБУ «Смоленский областной …».
std::string RegionStem(const Region& region) {
  static constexpr std::string_view kGeneric[] = {"республика", "край",  "область", "автономный",
                                                  "автономная", "округ", "город",   "-"};
  for (const std::string& word : SplitWords(FoldCase(region.name))) {
    if (std::find(std::begin(kGeneric), std::end(kGeneric), word) != std::end(kGeneric)) continue;
    std::u32string w = ToU32(word);
    if (w.size() < 6) return "";
    w.resize(w.size() - 2);
    return ToUtf8(w);
  }
  return "";
}

}  // namespace

std::string AgencyHeadWord(std::string_view name) {
  const std::vector<std::string> words = SplitWords(FoldCase(name));
  if (words.empty()) return "";
  // A body named by its initials alone: «КППИТ», «КФКиС», «КГИОП» are committees («Комитет
  // по …»), the initials of a ministry start «Мин…» («Минкультуры», «Минэкономразвития»).
  const std::u32string written = ToU32(name);
  if (words.size() == 1 && written.size() >= 3 && IsUpper(written[0]) &&
      std::count_if(written.begin(), written.end(), IsUpper) >= 3) {
    if (written[0] == U'К') return "комитет";
  }
  if (words.size() <= 3 && words[0].rfind("мин", 0) == 0 && words[0] != "министерство" &&
      words[0].size() > 6) {
    return "министерство";
  }
  // «Жилищный комитет», «Архивный комитет»: an adjective before the noun.
  if (words.size() >= 2 && (words[1] == "комитет" || words[1] == "управление" ||
                            words[1] == "департамент" || words[1] == "комиссия")) {
    return words[1];
  }
  return words[0];
}

int AgencySides::MentionedSide(std::string_view name) const {
  const std::string key = MatchKey(name);
  if (partner_ != nullptr) {
    for (const RegionMention& m : gazetteer_.FindAll(name)) {
      if (m.region == partner_) return 2;
    }
    const std::string stem = RegionStem(*partner_);
    if (!stem.empty() && Contains(key, stem)) return 2;
  }
  if (Contains(key, "санкт-петербург") || Contains(key, "спб")) return 1;
  return 0;
}

void AgencySides::Learn(const std::vector<std::string>& names, AgencySide side) {
  for (const std::string& n : names) {
    const std::string head = AgencyHeadWord(n);
    if (!head.empty()) heads_[head] += side == AgencySide::kSpb ? 1 : -1;
  }
}

void AgencySides::LearnMentions(const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    const int side = MentionedSide(n);
    if (side != 0) Learn({n}, side == 1 ? AgencySide::kSpb : AgencySide::kPartner);
  }
}

SideDecision AgencySides::Decide(std::string_view name) const {
  const int mentioned = MentionedSide(name);
  if (mentioned == 2) return {AgencySide::kPartner, false};
  if (mentioned == 1) return {AgencySide::kSpb, false};
  const std::string head = AgencyHeadWord(name);
  if (auto it = heads_.find(head); it != heads_.end() && it->second != 0) {
    return {it->second > 0 ? AgencySide::kSpb : AgencySide::kPartner, false};
  }
  return {head == "комитет" ? AgencySide::kSpb : AgencySide::kPartner, true};
}

}  // namespace karta
