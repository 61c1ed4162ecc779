#include "index/agency_list.h"

#include <algorithm>

#include "index/cell_markup.h"
#include "index/data_files.h"
#include "index/gazetteer.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

std::string_view FirstWord(std::string_view s) {
  size_t end = 0;
  while (end < s.size() && s[end] != ' ' && s[end] != ',' && s[end] != ';') ++end;
  return s.substr(0, end);
}

bool IsTrimmable(std::string_view tail) {
  return tail == " " || tail == ";" || tail == "," || tail == "." || tail == ":" || tail == "*";
}

std::string TrimAgency(std::string_view s) {
  std::string out = CollapseSpaces(s);
  while (!out.empty() && IsTrimmable(std::string_view(out).substr(out.size() - 1))) out.pop_back();
  // Leading list bullets: "-", "–", "—", "•".
  for (std::string_view bullet : {"- ", "– ", "— ", "• "}) {
    if (out.rfind(bullet, 0) == 0) out.erase(0, bullet.size());
  }
  // «–», «-», «x»… alone: the cell says no agency of that party takes part.
  const std::u32string letters = ToU32(out);
  if (std::count_if(letters.begin(), letters.end(), IsLetter) < 2) out.clear();
  return out;
}

// Names written one after another without «;» («Комитет по образованию Санкт-Петербурга
// Комитет по науке и высшей школе Санкт-Петербурга», «…Санкт-Петербурга, Комитет …»): a new
// name begins at a head word or an abbreviation where the text before it ended a name, on its
// territory or its quoted name. A comma elsewhere is part of a name («Комитет по
// промышленной политике, инновациям и торговле»).
std::vector<std::string_view> SplitRunTogether(std::string_view part,
                                               const std::unordered_set<std::string>& heads) {
  std::vector<std::string_view> out;
  size_t begin = 0, space = part.find(' ');
  while (space != std::string_view::npos) {
    const size_t next = space + 1;
    const std::string_view word = FirstWord(part.substr(next));
    std::string_view before = part.substr(begin, space - begin);
    if (!before.empty() && before.back() == ',') before.remove_suffix(1);
    if (!word.empty() && (heads.count(std::string(word)) > 0 || IsAbbreviation(word)) &&
        ((before.size() >= 2 && before.substr(before.size() - 2) == "»") ||
         Gazetteer::Default().EndsWithMention(before))) {
      out.push_back(before);
      begin = next;
    }
    space = part.find(' ', next);
  }
  out.push_back(part.substr(begin));
  return out;
}

}  // namespace

bool IsAbbreviation(std::string_view word) {
  const std::u32string w = ToU32(word);
  size_t letters = 0;
  for (char32_t c : w) {
    if (!IsLetter(c)) continue;
    if (!IsUpper(c)) return false;
    ++letters;
  }
  return letters >= 2;
}

AgencyList AgencyList::FromText(std::string_view head_words) {
  AgencyList list;
  size_t start = 0;
  while (start < head_words.size()) {
    size_t end = head_words.find('\n', start);
    if (end == std::string_view::npos) end = head_words.size();
    std::string word = CollapseSpaces(head_words.substr(start, end - start));
    if (!word.empty() && word.front() != '#') list.heads_.insert(std::move(word));
    start = end + 1;
  }
  return list;
}

const AgencyList& AgencyList::Default() {
  static const AgencyList kDefault = FromText(data::AgencyHeadsTxt());
  return kDefault;
}

bool AgencyList::Continues(std::string_view previous, std::string_view next) const {
  std::string_view prev = previous;
  while (!prev.empty() && prev.back() == ' ') prev.remove_suffix(1);
  if (prev.empty() || prev.back() == ';') return false;
  if (next.empty() || next.front() == '*') return false;
  return heads_.count(std::string(FirstWord(next))) == 0;
}

void AgencyList::Append(std::vector<std::string>* paragraphs, const std::vector<std::string>& more,
                        bool continuation) const {
  for (size_t i = 0; i < more.size(); ++i) {
    if (i == 0 && continuation && !paragraphs->empty() && Continues(paragraphs->back(), more[0])) {
      paragraphs->back() += " " + more[0];
    } else {
      paragraphs->push_back(more[i]);
    }
  }
}

std::vector<std::string> AgencyList::Names(const std::vector<std::string>& paragraphs) {
  std::vector<std::string> names;
  for (const std::string& p : paragraphs) {
    size_t start = 0;
    while (start <= p.size()) {
      size_t end = p.find(';', start);
      if (end == std::string::npos) end = p.size();
      for (std::string_view piece :
           SplitRunTogether(std::string_view(p).substr(start, end - start), Default().heads_)) {
        std::string name = TrimAgency(piece);
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
          names.push_back(std::move(name));
        }
      }
      start = end + 1;
    }
  }
  return names;
}

}  // namespace karta
