#include "index/agreement_header.h"

#include <regex>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

constexpr size_t kMaxTitleBytes = 4096;

// Whether a key speaks of how a plan was carried out: «о ходе выполнения», «об исполнении»,
// «о реализации» (a word of its own: not «по реализации»).
bool NamesExecution(const std::string& key) {
  static const std::regex kExecution(
      R"((^| )(о|об) (ходе |итогах )?(выполнени|исполнени|реализаци))");
  return std::regex_search(key, kExecution);
}

// A report's title: «Отчет …», or «Информация о ходе выполнения …», «Доклад о реализации …»,
// «Сведения об исполнении …».
bool NamesReport(const std::string& key) {
  if (key.find("отчет") != std::string::npos) return true;
  static const std::regex kAccount(R"((^| )(информация|доклад|сведения) )");
  return std::regex_search(key, kAccount) && NamesExecution(key);
}

bool LooksLikeTitleStart(const std::string& key) {
  return key.find("план мероприятий") != std::string::npos ||
         key.find("дорожн") != std::string::npos || NamesReport(key);
}

// Whether a title begins here: the key (of a line and the next, as «ПЛАН» / «МЕРОПРИЯТИЙ …»
// may be set apart) opens with the name of a plan or a report, not merely mentions one (as a
// decree approving the plan does: «Об утверждении Плана …», «1. Утвердить План …»).
bool OpensTitle(const std::string& key) {
  const size_t letter = key.find_first_not_of(" .,:;-()[]«»\"'");
  if (letter == std::string::npos) return false;
  const std::string_view k = std::string_view(key).substr(letter);
  for (std::string_view start : {"план ", "дорожная карта", "отчет"}) {
    if (k.substr(0, start.size()) == start) return true;
  }
  for (std::string_view start : {"информация ", "доклад ", "сведения "}) {
    if (k.substr(0, start.size()) == start) return NamesExecution(std::string(k.substr(0, 300)));
  }
  return false;
}

// A line without a legal database's note under a title: «(утв. постановлением …)», «(в ред.
// …)», «(с изм. …)» — of the act, not part of its name — set on a line of its own or after a
// line break in the title's paragraph.
std::string WithoutEditorialNote(const std::string& line) {
  size_t cut = line.size();
  for (std::string_view note : {"(утв.", "(утвержден", "(в ред.", "(с изм.", "(ред."}) {
    const size_t at = line.find(note);
    if (at != std::string::npos && (at == 0 || line[at - 1] == ' ')) cut = std::min(cut, at);
  }
  std::string kept = line.substr(0, cut);
  while (!kept.empty() && kept.back() == ' ') kept.pop_back();
  return kept;
}

bool IsDateStamp(const std::string& line) {
  static const std::regex kDate(R"(\b\d{1,2}\.\d{1,2}\.\d{4}\b)");
  return SplitWords(line).size() <= 4 && std::regex_search(line, kDate);
}

// The partner region among the mentions: the first that is not St Petersburg.
const Region* PartnerRegion(const Gazetteer& gazetteer, const std::string& text,
                            std::vector<std::string>* problems) {
  const Region* partner = nullptr;
  for (const RegionMention& m : gazetteer.FindAll(text)) {
    if (m.region->code == "SPE") continue;
    if (partner == nullptr) {
      partner = m.region;
    } else if (partner != m.region) {
      problems->push_back("the title names several regions; taking «" + partner->name + "», not «" +
                          m.region->name + "»");
      break;
    }
  }
  return partner;
}

// The year a report's title says it covers, in the ways titles state it: «за 2023 год», «в 2024
// году», «за 2025 г.», «по итогам 2024 года», «за I полугодие 2025 года», «за 9 месяцев 2025
// г.», or a date it reports the state at («по состоянию на 31.12.2025»; on 1 January, the
// year before: «на 01.01.2026» closes 2025).
std::optional<int> ReportYear(const std::string& key) {
  static const std::regex kYear(
      R"((?:^| )(?:в|за|по итогам|об итогах|итоги) (?:(?:[ivx]+|\d{1,2}|перв\S*|втор\S*|трет\S*|)"
      R"(четверт\S*) (?:полугоди\S*|квартал\S*|кв\.?|месяц\S*|мес\.?) )?(\d{4}) ?(?:год|г\.|г |г$))");
  std::smatch m;
  if (std::regex_search(key, m, kYear)) return std::stoi(m[1]);
  static const std::regex kState(
      R"(по состоянию на (\d{1,2})(?:\.(\d{1,2})\.| (январ\S*|\S+) )(\d{4}))");
  if (std::regex_search(key, m, kState)) {
    const int year = std::stoi(m[4]);
    const bool new_year =
        std::stoi(m[1]) == 1 &&
        (m[2].matched ? std::stoi(m[2]) == 1 : m[3].matched && m[3].str().rfind("январ", 0) == 0);
    return new_year ? year - 1 : year;
  }
  return std::nullopt;
}

}  // namespace

AgreementHeader ParseAgreementHeader(const std::vector<TextLine>& preamble,
                                     const std::string& header_text, const Gazetteer& gazetteer) {
  AgreementHeader h;
  // The last title opening before the table: a legal database prints the decree approving a
  // plan, which names it too, above the plan's own heading. Else the first line mentioning a
  // plan or a report.
  auto opens = [&](size_t i) {
    const std::string next = i + 1 < preamble.size() ? " " + preamble[i + 1].text : "";
    return OpensTitle(MatchKey(preamble[i].text + next));
  };
  size_t start = preamble.size();
  for (size_t i = preamble.size(); i-- > 0;) {
    if (opens(i)) {
      start = i;
      break;
    }
  }
  // A title set on several lines may open each: «ПЛАН МЕРОПРИЯТИЙ» / «(«ДОРОЖНАЯ КАРТА»)».
  while (start < preamble.size() && start > 0 && opens(start - 1)) --start;
  for (size_t i = 0; start == preamble.size() && i < preamble.size(); ++i) {
    if (LooksLikeTitleStart(MatchKey(preamble[i].text))) start = i;
  }
  if (start == preamble.size()) start = 0;
  for (size_t i = start; i < preamble.size() && h.title.size() <= kMaxTitleBytes; ++i) {
    const std::string text = WithoutEditorialNote(preamble[i].text);
    if (text.empty()) continue;
    // A publication stamp under the title («Опубликовано 21.04.2025», «Дата публикации:
    // 21.04.2025»): a short line with a date in figures. A title names its period in years.
    if (i > start && IsDateStamp(text)) continue;
    if (!h.title.empty()) h.title += ' ';
    h.title += text;
  }
  if (h.title.size() > kMaxTitleBytes) {
    // A title is a sentence or two; kept whole, a runaway one would be copied into every
    // measure's record and scanned for region names at great cost.
    size_t cut = h.title.rfind(' ', kMaxTitleBytes);
    if (cut == std::string::npos || cut < kMaxTitleBytes / 2) {
      cut = kMaxTitleBytes;
      while (cut > 0 && (static_cast<unsigned char>(h.title[cut]) & 0xC0) == 0x80) --cut;
    }
    size_t total = 0;
    for (size_t i = start; i < preamble.size(); ++i) total += preamble[i].text.size() + 1;
    h.problems.push_back("the text before the table is longer than a title (" +
                         std::to_string(total >> 10) + " KiB); the title is its first " +
                         std::to_string(cut) + " bytes");
    h.title.resize(cut);
  }
  if (start < preamble.size()) h.title_line = preamble[start].line;
  if (h.title.empty()) h.problems.push_back("no title found before the table");

  // The key has dashes unified to '-' with no spaces around them: «на 2020-2022 годы».
  const std::string key = MatchKey(h.title);
  if (NamesReport(key)) {
    h.kind = DocumentKind::kReport;
    if (const std::optional<int> year = ReportYear(key)) {
      h.report_year = year;
    } else {
      h.problems.push_back("the report year is not stated in the title");
    }
  }
  static const std::regex kRange(R"(на (\d{4})-(\d{4}))");
  static const std::regex kSingle(R"(на (\d{4}) год)");
  std::smatch m;
  if (std::regex_search(key, m, kRange)) {
    h.period_from = std::stoi(m[1]);
    h.period_to = std::stoi(m[2]);
  } else if (std::regex_search(key, m, kSingle)) {
    h.period_from = h.period_to = std::stoi(m[1]);
  } else {
    h.problems.push_back("the agreement period (such as «на 2024-2026 годы») is not in the title");
  }

  h.region = PartnerRegion(gazetteer, h.title, &h.problems);
  if (h.region == nullptr) h.region = PartnerRegion(gazetteer, header_text, &h.problems);
  if (h.region == nullptr) h.problems.push_back("no partner region is named in the title");
  return h;
}

}  // namespace karta
