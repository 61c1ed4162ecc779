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

}  // namespace karta

#endif  // KARTA_INDEX_FORMATS_XML_TREE_H_
