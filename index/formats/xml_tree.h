// A thin layer over libxml2's tree for the readers of XML-based formats (DOCX, ODT) and
// HTML: parsing from memory into an owned document, and name/attribute access by local
// name (the readers match `w:tc`, `table:table-cell` by their local part).
//
// Thread safety: documents are independent; libxml2 is initialised once (InitXml).
#ifndef KARTA_INDEX_FORMATS_XML_TREE_H_
#define KARTA_INDEX_FORMATS_XML_TREE_H_

#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <functional>
#include <vector>

namespace karta {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// Parses XML without network access or external entities; nullptr when malformed beyond
// recovery (`*error` says where).
[[nodiscard]] XmlDocPtr ParseXml(std::string_view bytes, std::string* error);

// Parses HTML with libxml2's error-tolerant HTML parser. `encoding` may be empty (then the
// page's own <meta charset> or UTF-8).
[[nodiscard]] XmlDocPtr ParseHtml(std::string_view bytes, const std::string& encoding);

[[nodiscard]] bool IsElement(const xmlNode* node, std::string_view local_name);
[[nodiscard]] std::string_view LocalName(const xmlNode* node);
// The attribute of that local name (any namespace), if present.
[[nodiscard]] std::optional<std::string> Attribute(const xmlNode* node,
                                                   std::string_view local_name);
// Integer attribute, or `fallback` when absent or not a number.
[[nodiscard]] int IntAttribute(const xmlNode* node, std::string_view local_name, int fallback);
// The first child element of that local name, or nullptr.
[[nodiscard]] const xmlNode* Child(const xmlNode* node, std::string_view local_name);

// How a markup names its tables: the table element, its row element, and the elements that
// group rows (ODT's header rows, HTML's tbody …). Names are local and, for HTML, lower case
// (libxml2's HTML parser lowers them).
struct TableVocabulary {
  std::string_view table;
  std::string_view row;
  std::vector<std::string_view> row_groups;
};

// Calls `visit` with every row of `table`, in order, looking inside row groups.
void ForEachTableRow(const xmlNode* table, const TableVocabulary& v,
                     const std::function<void(const xmlNode*)>& visit);

// A table that holds a bigger table (more rows) than itself frames the page: its cells are
// read as body text. Otherwise it is a data table, and tables inside it are cell text.
[[nodiscard]] bool IsDataTable(const xmlNode* table, const TableVocabulary& v);

// A zip package's XML part parsed (DOCX's word/document.xml, ODT's content.xml); nullptr and
// `*error` naming `kind` when the package or the part is damaged or missing.
[[nodiscard]] XmlDocPtr ReadPackageXml(std::string_view bytes, const std::string& part,
                                       const std::string& kind, std::string* error);

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_XML_TREE_H_
