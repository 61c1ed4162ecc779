#include "index/formats/xml_tree.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <algorithm>
#include <charconv>
#include <mutex>

#include "index/formats/zip_archive.h"

namespace karta {
namespace {

void InitXml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// libxml2 reports errors through a global callback; the readers return their own messages.
void SilentError(void*, const char*, ...) {}

}  // namespace

XmlDocPtr ParseXml(std::string_view bytes, std::string* error) {
  InitXml();
  xmlSetGenericErrorFunc(nullptr, SilentError);
  XmlDocPtr doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    const xmlError* e = xmlGetLastError();
    *error = e != nullptr && e->message != nullptr
                 ? "malformed XML at line " + std::to_string(e->line) + ": " + e->message
                 : std::string("malformed XML");
    while (!error->empty() && error->back() == '\n') error->pop_back();
    return doc;
  }
  // OOXML and ODF parts never declare a DTD; one that does could expand entities without end.
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    *error = "the XML declares a DTD (entities), which Word and OpenDocument files never do";
    return nullptr;
  }
  return doc;
}

XmlDocPtr ParseHtml(std::string_view bytes, const std::string& encoding) {
  InitXml();
  xmlSetGenericErrorFunc(nullptr, SilentError);
  return XmlDocPtr(htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                  encoding.empty() ? nullptr : encoding.c_str(),
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED));
}

std::string_view LocalName(const xmlNode* node) {
  return node != nullptr && node->name != nullptr
             ? std::string_view(reinterpret_cast<const char*>(node->name))
             : std::string_view();
}

bool IsElement(const xmlNode* node, std::string_view local_name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && LocalName(node) == local_name;
}

std::optional<std::string> Attribute(const xmlNode* node, std::string_view local_name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (std::string_view(reinterpret_cast<const char*>(a->name)) != local_name) continue;
    xmlChar* value = xmlNodeListGetString(node->doc, a->children, 1);
    std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return out;
  }
  return std::nullopt;
}

int IntAttribute(const xmlNode* node, std::string_view local_name, int fallback) {
  const std::optional<std::string> v = Attribute(node, local_name);
  if (!v) return fallback;
  int out = fallback;
  const char* begin = v->data();
  while (begin < v->data() + v->size() && *begin == ' ') ++begin;
  auto [ptr, ec] = std::from_chars(begin, v->data() + v->size(), out);
  return ec == std::errc() ? out : fallback;
}

const xmlNode* Child(const xmlNode* node, std::string_view local_name) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (IsElement(c, local_name)) return c;
  }
  return nullptr;
}

void ForEachTableRow(const xmlNode* table, const TableVocabulary& v,
                     const std::function<void(const xmlNode*)>& visit) {
  for (const xmlNode* n = table->children; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = LocalName(n);
    if (name == v.row) {
      visit(n);
    } else if (std::find(v.row_groups.begin(), v.row_groups.end(), name) != v.row_groups.end()) {
      ForEachTableRow(n, v, visit);
    }
  }
}

namespace {

size_t RowCount(const xmlNode* table, const TableVocabulary& v) {
  size_t n = 0;
  ForEachTableRow(table, v, [&](const xmlNode*) { ++n; });
  return n;
}

size_t LargestInnerTable(const xmlNode* node, const TableVocabulary& v) {
  size_t best = 0;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (LocalName(c) == v.table) best = std::max(best, RowCount(c, v));
    best = std::max(best, LargestInnerTable(c, v));
  }
  return best;
}

}  // namespace

bool IsDataTable(const xmlNode* table, const TableVocabulary& v) {
  return LargestInnerTable(table, v) <= RowCount(table, v);
}

XmlDocPtr ReadPackageXml(std::string_view bytes, const std::string& part, const std::string& kind,
                         std::string* error) {
  std::unique_ptr<ZipArchive> zip = ZipArchive::Open(bytes, error);
  if (!zip) {
    *error = "a damaged " + kind + " package: " + *error;
    return nullptr;
  }
  const std::optional<std::string> xml = zip->Read(part);
  if (!xml) {
    *error = "a " + kind + " package without a readable " + part;
    return nullptr;
  }
  XmlDocPtr doc = ParseXml(*xml, error);
  if (!doc) *error = part + " of the " + kind + " is damaged: " + *error;
  return doc;
}

}  // namespace karta
