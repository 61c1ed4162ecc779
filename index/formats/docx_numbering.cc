#include "index/formats/docx_numbering.h"

#include <libxml/tree.h>

#include <algorithm>

#include "index/formats/xml_tree.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

int Val(const xmlNode* parent, std::string_view child, int fallback) {
  const xmlNode* n = parent != nullptr ? Child(parent, child) : nullptr;
  return n != nullptr ? IntAttribute(n, "val", fallback) : fallback;
}

std::string StringVal(const xmlNode* parent, std::string_view child) {
  const xmlNode* n = parent != nullptr ? Child(parent, child) : nullptr;
  if (n == nullptr) return "";
  return Attribute(n, "val").value_or("");
}

template <typename Visit>
void ForEachChild(const xmlNode* parent, std::string_view name, Visit visit) {
  for (const xmlNode* n = parent != nullptr ? parent->children : nullptr; n != nullptr;
       n = n->next) {
    if (IsElement(n, name)) visit(n);
  }
}

std::string Roman(int value) {
  static const std::pair<int, const char*> kDigits[] = {
      {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
      {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
  std::string out;
  for (const auto& [n, digits] : kDigits) {
    while (value >= n) {
      out += digits;
      value -= n;
    }
  }
  return out;
}

// «a» … «z», then «aa», «bb» … as Word counts letters.
std::u32string Letters(int value, std::u32string_view alphabet) {
  const int n = static_cast<int>(alphabet.size());
  const char32_t letter = alphabet[static_cast<size_t>((value - 1) % n)];
  return std::u32string(static_cast<size_t>((value - 1) / n + 1), letter);
}

// The capitals of the two alphabets above (a–z, а–я lie 0x20 above theirs).
std::u32string Capitals(std::u32string s) {
  for (char32_t& c : s) c -= 0x20;
  return s;
}

}  // namespace

std::string FormatListNumber(int value, std::string_view format) {
  // Word's Russian alphabet for list numbers leaves out ё, й, ъ, ы, ь.
  static constexpr std::u32string_view kRussian = U"абвгдежзиклмнопрстуфхцчшщэюя";
  static constexpr std::u32string_view kLatin = U"abcdefghijklmnopqrstuvwxyz";
  if (value < 1 || value > 3999) return std::to_string(value);
  if (format == "upperRoman") return Roman(value);
  if (format == "lowerRoman") {
    std::string r = Roman(value);
    std::transform(r.begin(), r.end(), r.begin(),
                   [](char c) { return static_cast<char>(c | 0x20); });
    return r;
  }
  if (format == "lowerLetter") return ToUtf8(Letters(value, kLatin));
  if (format == "upperLetter") return ToUtf8(Capitals(Letters(value, kLatin)));
  if (format == "russianLower") return ToUtf8(Letters(value, kRussian));
  if (format == "russianUpper") return ToUtf8(Capitals(Letters(value, kRussian)));
  if (format == "decimalZero" && value < 10) return std::string(1, '0') += std::to_string(value);
  return std::to_string(value);  // decimal and the formats karta does not spell out
}

DocxNumbering::DocxNumbering(std::string_view numbering_xml, std::string_view styles_xml) {
  std::string error;
  if (!numbering_xml.empty()) {
    if (XmlDocPtr doc = ParseXml(numbering_xml, &error)) {
      const xmlNode* root = xmlDocGetRootElement(doc.get());
      std::map<int, std::array<Level, kLevels>> abstract;
      ForEachChild(root, "abstractNum", [&](const xmlNode* a) {
        std::array<Level, kLevels>& levels = abstract[IntAttribute(a, "abstractNumId", -1)];
        ForEachChild(a, "lvl", [&](const xmlNode* lvl) {
          const int i = IntAttribute(lvl, "ilvl", -1);
          if (i < 0 || i >= kLevels) return;
          levels[i] =
              Level{Val(lvl, "start", 1), StringVal(lvl, "numFmt"), StringVal(lvl, "lvlText")};
          if (levels[i].format.empty()) levels[i].format = "decimal";
        });
      });
      ForEachChild(root, "num", [&](const xmlNode* num) {
        List list;
        list.definition = Val(num, "abstractNumId", -1);
        if (auto it = abstract.find(list.definition); it != abstract.end()) {
          list.levels = it->second;
        }
        ForEachChild(num, "lvlOverride", [&](const xmlNode* o) {
          const int i = IntAttribute(o, "ilvl", -1);
          if (i < 0 || i >= kLevels || Child(o, "startOverride") == nullptr) return;
          list.levels[i].start = Val(o, "startOverride", list.levels[i].start);
          list.restart[i] = true;
        });
        lists_[IntAttribute(num, "numId", -1)] = list;
      });
    }
  }
  if (!styles_xml.empty()) {
    if (XmlDocPtr doc = ParseXml(styles_xml, &error)) {
      ForEachChild(xmlDocGetRootElement(doc.get()), "style", [&](const xmlNode* s) {
        const std::optional<std::string> id = Attribute(s, "styleId");
        if (!id) return;
        Style& style = styles_[*id];
        style.based_on = StringVal(s, "basedOn");
        const xmlNode* ppr = Child(s, "pPr");
        const xmlNode* num_pr = ppr != nullptr ? Child(ppr, "numPr") : nullptr;
        if (num_pr == nullptr) return;
        if (Child(num_pr, "numId") != nullptr) style.num_id = Val(num_pr, "numId", 0);
        if (Child(num_pr, "ilvl") != nullptr) style.level = Val(num_pr, "ilvl", 0);
      });
    }
  }
}

std::optional<DocxNumbering::NumberingRef> DocxNumbering::StyleNumbering(
    const std::string& style_id, int depth) const {
  auto it = styles_.find(style_id);
  if (it == styles_.end() || depth > 16) return std::nullopt;  // a cycle of basedOn
  const Style& s = it->second;
  if (s.num_id) return NumberingRef{*s.num_id, s.level.value_or(0)};
  return s.based_on.empty() ? std::nullopt : StyleNumbering(s.based_on, depth + 1);
}

std::string DocxNumbering::Label(const xmlNode* paragraph) {
  if (lists_.empty()) return "";
  const xmlNode* ppr = Child(paragraph, "pPr");
  if (ppr == nullptr) return "";
  std::optional<NumberingRef> ref = StyleNumbering(StringVal(ppr, "pStyle"));
  if (const xmlNode* num_pr = Child(ppr, "numPr")) {
    NumberingRef own = ref.value_or(NumberingRef{});
    if (Child(num_pr, "numId") != nullptr) own.num_id = Val(num_pr, "numId", 0);
    if (Child(num_pr, "ilvl") != nullptr) own.level = Val(num_pr, "ilvl", 0);
    ref = own;
  }
  if (!ref || ref->num_id == 0) return "";  // numId 0: numbering switched off
  auto it = lists_.find(ref->num_id);
  if (it == lists_.end()) return "";
  List& list = it->second;
  const int level = std::clamp(ref->level, 0, kLevels - 1);
  const Level& own = list.levels[level];
  if (own.format == "bullet" || own.format == "none") return "";
  Counters& counters = counters_[list.definition];
  if (list.restart[level]) {
    counters[level] = 0;
    list.restart[level] = false;
  }
  int& counter = counters[level];
  counter = counter == 0 ? own.start : counter + 1;
  for (int deeper = level + 1; deeper < kLevels; ++deeper) counters[deeper] = 0;
  std::string label;
  for (size_t i = 0; i < own.text.size(); ++i) {
    const char c = own.text[i];
    if (c == '%' && i + 1 < own.text.size() && own.text[i + 1] >= '1' && own.text[i + 1] <= '9') {
      const int k = own.text[++i] - '1';
      const int value = counters[k] == 0 ? list.levels[k].start : counters[k];
      label += FormatListNumber(value, list.levels[k].format);
    } else {
      label += c;
    }
  }
  return label;
}

}  // namespace karta
