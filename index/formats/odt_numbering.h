// OpenDocument list numbering (ISO/IEC 26300, text:list and text:list-style): a paragraph in
// a numbered list shows a label computed by the editor — «1.», «1.2.», «IV.» — that is not in
// the document's text. LibreOffice saves Word's automatic numbering of a roadmap's «№» column
// this way, so the label is the measure number.
//
// A `text:list` starts a list, or continues one: the list whose `xml:id` its
// `text:continue-list` names, or with `text:continue-numbering="true"` the last list of its
// style. A list inside a list item is one level deeper in the same list. An item counts at its
// level when it holds a paragraph of its own (an item holding only a deeper list does not);
// `text:start-value` on the item sets its number; deeper levels start again. The label is the
// level style's prefix, the numbers of its `text:display-levels` levels joined by «.» in each
// level's `style:num-format`, and its suffix. Bullets and levels without a format give none.
//
// Thread safety: one instance per document read; the reader drives it in document order.
#ifndef KARTA_INDEX_FORMATS_ODT_NUMBERING_H_
#define KARTA_INDEX_FORMATS_ODT_NUMBERING_H_

#include <array>
#include <map>
#include <string>
#include <vector>

struct _xmlNode;  // libxml2's element (libxml/tree.h), kept out of the includers' way
typedef struct _xmlNode xmlNode;

namespace karta {

class OdtNumbering {
 public:
  static constexpr int kLevels = 10;

  // Reads the list styles under `styles` (office:automatic-styles of content.xml,
  // office:styles of styles.xml); may be called for several roots, nullptr ignored.
  void AddStyles(const xmlNode* styles);

  // A text:list element begins; EndList() when it ends.
  void BeginList(const xmlNode* list);
  void EndList();
  // A text:list-item (or text:list-header) begins: its first paragraph gets the label.
  void BeginItem(const xmlNode* item);
  // The label of the paragraph now read, «1.2.», or empty: not in a list, not the item's
  // first paragraph, or a level without a number format.
  [[nodiscard]] std::string ParagraphLabel();

 private:
  struct Level {
    std::string format;  // «1», «I», «i», «A», «a», «А», «а»; empty: a bullet or none
    std::string prefix, suffix;
    int display = 1;
    int start = 1;
  };
  using Style = std::array<Level, kLevels>;
  struct Frame {
    int list = 0;   // the counters this list uses
    int level = 0;  // 0-based
    std::string style;
    bool counted = true;  // the current item has had its paragraph (a header never counts)
    int start_value = 0;  // the current item's text:start-value, 0 when none
  };

  std::map<std::string, Style> styles_;
  std::vector<Frame> frames_;
  std::map<int, std::array<int, kLevels>> counters_;  // by list
  std::map<std::string, int> by_id_;                  // xml:id → list
  std::map<std::string, int> last_of_style_;          // style → the last list using it
  int lists_ = 0;
};

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_ODT_NUMBERING_H_
