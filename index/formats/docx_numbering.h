// Word's automatic numbering (ECMA-376 Part 1, §17.9): a paragraph whose properties, or whose
// style's, hold `w:numPr` (a list and a level) shows a label computed by Word — «1.», «1.2.»,
// «IV.» — that is not in the document's text. Roadmaps number their measures and sections this
// way, so the label is the measure number: without it a table has no numbered rows.
//
// Counters run per list definition (`w:abstractNum`) in document order, as Word counts: lists
// (`w:num`) sharing a definition continue one another, unless a list overrides a level's start
// (`w:startOverride`), which restarts that level where the list is first used. A level counts
// up; the deeper levels start again. The label is the level's `w:lvlText` with «%N» replaced by
// level N's counter in that level's format (decimal, Roman, Latin or Russian letters). Bullets and
// `none` give no label.
//
// Thread safety: one instance per document read; Label() advances its counters.
#ifndef KARTA_INDEX_FORMATS_DOCX_NUMBERING_H_
#define KARTA_INDEX_FORMATS_DOCX_NUMBERING_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

struct _xmlNode;  // libxml2's element (libxml/tree.h), kept out of the includers' way
typedef struct _xmlNode xmlNode;

namespace karta {

class DocxNumbering {
 public:
  // From the texts of word/numbering.xml and word/styles.xml (either may be empty: then no
  // paragraph is numbered, or only by its own properties).
  DocxNumbering(std::string_view numbering_xml, std::string_view styles_xml);

  // The label of a `w:p` paragraph, counted now («1.1.»); empty when it is not numbered.
  [[nodiscard]] std::string Label(const xmlNode* paragraph);

  static constexpr int kLevels = 9;

 private:
  struct Level {
    int start = 1;
    std::string format = "decimal";
    std::string text;  // «%1.%2.»
  };
  struct List {
    int definition = -1;  // w:abstractNumId
    std::array<Level, kLevels> levels;
    std::array<bool, kLevels> restart{};  // a start override not yet applied
  };
  using Counters = std::array<int, kLevels>;  // 0: the level has not counted yet
  struct NumberingRef {
    int num_id = 0;
    int level = 0;
  };
  [[nodiscard]] std::optional<NumberingRef> StyleNumbering(const std::string& style_id,
                                                           int depth = 0) const;

  std::map<int, List> lists_;         // by w:numId
  std::map<int, Counters> counters_;  // by w:abstractNumId
  struct Style {
    std::optional<int> num_id, level;
    std::string based_on;
  };
  std::map<std::string, Style> styles_;
};

// «4» in a Word number format: «IV», «г», «d», «4».
[[nodiscard]] std::string FormatListNumber(int value, std::string_view format);

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_DOCX_NUMBERING_H_
