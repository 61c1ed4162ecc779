#include "index/formats/odt_numbering.h"

#include <libxml/tree.h>

#include <algorithm>

#include "index/formats/docx_numbering.h"
#include "index/formats/xml_tree.h"

namespace karta {
namespace {

// An ODF number format («1», «I», «а» …) as the Word format FormatListNumber spells.
std::string WordFormat(const std::string& odf) {
  if (odf == "I") return "upperRoman";
  if (odf == "i") return "lowerRoman";
  if (odf == "A") return "upperLetter";
  if (odf == "a") return "lowerLetter";
  if (odf == "А") return "russianUpper";
  if (odf == "а") return "russianLower";
  return "decimal";
}

}  // namespace

void OdtNumbering::AddStyles(const xmlNode* styles) {
  if (styles == nullptr) return;
  for (const xmlNode* s = styles->children; s != nullptr; s = s->next) {
    if (!IsElement(s, "list-style")) continue;
    const std::string name = Attribute(s, "name").value_or("");
    if (name.empty()) continue;
    Style style;
    for (const xmlNode* l = s->children; l != nullptr; l = l->next) {
      const bool number = IsElement(l, "list-level-style-number");
      if (!number && !IsElement(l, "list-level-style-bullet") &&
          !IsElement(l, "list-level-style-image")) {
        continue;
      }
      const int level = IntAttribute(l, "level", 0);
      if (level < 1 || level > kLevels) continue;
      Level& out = style[static_cast<size_t>(level - 1)];
      out = Level{};
      if (!number) continue;
      out.format = Attribute(l, "num-format").value_or("");
      out.prefix = Attribute(l, "num-prefix").value_or("");
      out.suffix = Attribute(l, "num-suffix").value_or("");
      out.display = std::clamp(IntAttribute(l, "display-levels", 1), 1, level);
      out.start = std::clamp(IntAttribute(l, "start-value", 1), 0, 1 << 20);
    }
    styles_[name] = style;
  }
}

void OdtNumbering::BeginList(const xmlNode* list) {
  Frame f;
  const std::string style = Attribute(list, "style-name").value_or("");
  if (!frames_.empty()) {  // a list inside a list item: one level deeper in the same list
    const Frame& outer = frames_.back();
    f.list = outer.list;
    f.level = std::min(outer.level + 1, kLevels - 1);
    f.style = style.empty() ? outer.style : style;
  } else {
    f.style = style;
    const std::string continues = Attribute(list, "continue-list").value_or("");
    if (auto it = by_id_.find(continues); !continues.empty() && it != by_id_.end()) {
      f.list = it->second;
    } else if (auto last = last_of_style_.find(style);
               Attribute(list, "continue-numbering").value_or("") == "true" &&
               last != last_of_style_.end()) {
      f.list = last->second;
    } else {
      f.list = ++lists_;
      counters_[f.list] = {};
    }
    last_of_style_[style] = f.list;
  }
  if (const std::optional<std::string> id = Attribute(list, "id")) by_id_[*id] = f.list;
  frames_.push_back(f);
}

void OdtNumbering::EndList() {
  if (!frames_.empty()) frames_.pop_back();
}

void OdtNumbering::BeginItem(const xmlNode* item) {
  if (frames_.empty()) return;
  Frame& f = frames_.back();
  f.counted = IsElement(item, "list-header");
  f.start_value = IntAttribute(item, "start-value", 0);
}

std::string OdtNumbering::ParagraphLabel() {
  if (frames_.empty() || frames_.back().counted) return "";
  Frame& f = frames_.back();
  f.counted = true;
  const auto style = styles_.find(f.style);
  if (style == styles_.end()) return "";
  const Style& levels = style->second;
  std::array<int, kLevels>& c = counters_[f.list];
  const auto at = static_cast<size_t>(f.level);
  if (f.start_value > 0) {
    c[at] = f.start_value;
  } else {
    c[at] = c[at] == 0 ? levels[at].start : c[at] + 1;
  }
  for (size_t deeper = at + 1; deeper < c.size(); ++deeper) c[deeper] = 0;
  const Level& level = levels[at];
  if (level.format.empty()) return "";
  std::string label;
  for (size_t k = at + 1 - static_cast<size_t>(level.display); k <= at; ++k) {
    if (!label.empty()) label += ".";
    const int value = c[k] == 0 ? levels[k].start : c[k];
    label += FormatListNumber(value, WordFormat(levels[k].format));
  }
  return level.prefix + label + level.suffix;
}

}  // namespace karta
