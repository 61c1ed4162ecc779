#include "index/agreement_header.h"

#include <regex>

#include "stemmers/unicode_text.h"

namespace karta {
namespace {

bool LooksLikeTitleStart(const std::string& key) {
  return key.find("план мероприятий") != std::string::npos ||
         key.find("дорожн") != std::string::npos || key.find("отчет") != std::string::npos;
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

}  // namespace

AgreementHeader ParseAgreementHeader(const std::vector<TextLine>& preamble,
                                     const std::string& header_text, const Gazetteer& gazetteer) {
  AgreementHeader h;
  size_t start = 0;
  for (size_t i = 0; i < preamble.size(); ++i) {
    if (LooksLikeTitleStart(MatchKey(preamble[i].text))) {
      start = i;
      break;
    }
  }
  for (size_t i = start; i < preamble.size(); ++i) {
    if (!h.title.empty()) h.title += ' ';
    h.title += preamble[i].text;
  }
  if (start < preamble.size()) h.title_line = preamble[start].line;
  if (h.title.empty()) h.problems.push_back("no title found before the table");

  // The key has dashes unified to '-' with no spaces around them: «на 2020-2022 годы».
  const std::string key = MatchKey(h.title);
  if (key.find("отчет") != std::string::npos) {
    h.kind = DocumentKind::kReport;
    static const std::regex kYear(R"((?:в|за) (\d{4}) год)");
    std::smatch m;
    if (std::regex_search(key, m, kYear)) {
      h.report_year = std::stoi(m[1]);
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
    h.problems.push_back("the agreement period («на 2024-2026 годы») is not in the title");
  }

  h.region = PartnerRegion(gazetteer, h.title, &h.problems);
  if (h.region == nullptr) h.region = PartnerRegion(gazetteer, header_text, &h.problems);
  if (h.region == nullptr) h.problems.push_back("no partner region is named in the title");
  return h;
}

}  // namespace karta
