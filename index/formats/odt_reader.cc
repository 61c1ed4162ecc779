// ODT (OpenDocument Text, ISO/IEC 26300): content.xml read with libxml2 from the zip package
// (libzip). Merges: table:number-columns-spanned / number-rows-spanned on the covering cell,
// table:covered-table-cell in the positions it covers. Notes (text:note) become the cell's
// notes; tracked changes are read as accepted (deleted text lives in text:tracked-changes,
// which is skipped); list numbers are computed as the editor shows them (odt_numbering.h).
#include <algorithm>

#include "index/formats/document_flow.h"
#include "index/formats/format_reader.h"
#include "index/formats/odt_numbering.h"
#include "index/formats/table_grid.h"
#include "index/formats/xml_tree.h"

namespace karta {
namespace {

constexpr int kMaxRepeat = 64;
const TableVocabulary kOdtTables{
    "table",
    "table-row",
    {"table-header-rows", "table-rows",
     "table-row-group"}};  // repeated empty cells/rows pad a table to the page's width

class OdtReader {
 public:
  DocumentFlow Read(const xmlNode* text) {
    Blocks(text, nullptr);
    return std::move(flow_);
  }

 private:
  void Blocks(const xmlNode* parent, ParagraphBuilder* cell) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = LocalName(n);
      if (name == "p" || name == "h") {
        // A list's number («1.2.») is shown before the text but is not in it.
        const std::string label =
            LocalName(parent) == "list-item" ? numbering_.ParagraphLabel() : std::string();
        if (cell != nullptr) {
          ++flow_.paragraphs;
          if (!label.empty()) cell->Append(label + " ");
          Inline(n, cell);
          cell->Break();
        } else {
          ParagraphBuilder p;
          if (!label.empty()) p.Append(label + " ");
          Inline(n, &p);
          flow_.AddParagraph(p.TakeParagraphs());
        }
      } else if (name == "table") {
        if (cell != nullptr) {
          NestedRows(n, cell);
        } else if (!IsDataTable(n, kOdtTables)) {
          ForEachCell(n, [&](const xmlNode* c) { Blocks(c, nullptr); });  // a layout table
        } else {
          Table(n);
        }
      } else if (name == "list") {
        numbering_.BeginList(n);
        Blocks(n, cell);
        numbering_.EndList();
      } else if (name == "list-item" || name == "list-header") {
        numbering_.BeginItem(n);
        Blocks(n, cell);
      } else if (name == "section" || name == "table-of-content" || name == "index-body" ||
                 name == "change-start" || name == "deletion") {
        if (name != "deletion") Blocks(n, cell);
      }
      // text:tracked-changes (deleted text), sequence-decls, forms, frames: not document text
    }
  }

  // A table inside a cell (a list of events: «15.03.2024 | Бизнес-миссия …»): one paragraph
  // per row, its cells joined by spaces.
  void NestedRows(const xmlNode* table, ParagraphBuilder* cell) {
    cell->Break();
    ForEachTableRow(table, kOdtTables, [&](const xmlNode* row) {
      std::string text;
      for (const xmlNode* c = row->children; c != nullptr; c = c->next) {
        if (!IsElement(c, "table-cell")) continue;
        ParagraphBuilder inner;
        Blocks(c, &inner);
        JoinNestedCell(&inner, &text, cell);
      }
      cell->Append(text);
      cell->Break();
    });
  }

  static void ForEachCell(const xmlNode* table, const std::function<void(const xmlNode*)>& f) {
    ForEachTableRow(table, kOdtTables, [&](const xmlNode* row) {
      for (const xmlNode* c = row->children; c != nullptr; c = c->next) {
        if (IsElement(c, "table-cell")) f(c);
      }
    });
  }

  void Table(const xmlNode* table) {
    TableGrid grid(TableGrid::Placement::kOdt);
    ForEachTableRow(table, kOdtTables, [&](const xmlNode* tr) {
      // Repeated rows pad a table to the page; a repeat of an empty row is one row.
      int repeat = std::clamp(IntAttribute(tr, "number-rows-repeated", 1), 1, kMaxRepeat);
      if (repeat > 1 && IsEmptyRow(tr)) repeat = 1;
      for (int r = 0; r < repeat && !grid.overflowed(); ++r) {
        grid.BeginRow(flow_.paragraphs + 1);
        for (const xmlNode* c = tr->children; c != nullptr; c = c->next) {
          const int times =
              std::clamp(IntAttribute(c, "number-columns-repeated", 1), 1, kMaxRepeat);
          if (IsElement(c, "covered-table-cell")) {
            grid.AddCovered(times);
          } else if (IsElement(c, "table-cell")) {
            for (int k = 0; k < times && !grid.overflowed(); ++k) {
              const int line = flow_.paragraphs + 1;
              ParagraphBuilder text;
              Blocks(c, &text);
              grid.AddCell(Cell{line, text.TakeParagraphs(), text.TakeNotes(), false},
                           IntAttribute(c, "number-columns-spanned", 1),
                           IntAttribute(c, "number-rows-spanned", 1));
            }
          }
        }
        grid.EndRow();
      }
    });
    overflowed_ |= grid.overflowed();
    std::vector<Row> rows = grid.TakeRows();
    flow_.AddTable(std::move(rows), grid.columns());
  }

  static bool IsEmptyRow(const xmlNode* tr) {
    xmlChar* text = xmlNodeGetContent(tr);
    const bool empty = text == nullptr || text[0] == '\0';
    xmlFree(text);
    return empty;
  }

  void Inline(const xmlNode* parent, ParagraphBuilder* out) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content != nullptr) out->Append(reinterpret_cast<const char*>(n->content));
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = LocalName(n);
      if (name == "s") {
        out->Append(std::string(std::clamp(IntAttribute(n, "c", 1), 1, 64), ' '));
      } else if (name == "tab") {
        out->Append(" ");
      } else if (name == "line-break") {
        out->Break();
      } else if (name == "note") {
        if (const xmlNode* body = Child(n, "note-body")) {
          ParagraphBuilder note;
          OdtReader inner;
          inner.Blocks(body, &note);
          std::string text;
          for (const std::string& p : note.TakeParagraphs()) text += (text.empty() ? "" : " ") + p;
          out->AddNote(std::move(text));
        }
      } else if (name == "annotation" || name == "note-citation" || name == "frame" ||
                 name == "bookmark-ref" || name == "sequence-ref") {
        if (name == "bookmark-ref" || name == "sequence-ref") Inline(n, out);
      } else {
        Inline(n, out);  // span, a, soft-page-break, bookmark, change markers, meta …
      }
    }
  }

  DocumentFlow flow_;

 public:
  OdtNumbering numbering_;
  bool overflowed_ = false;  // a table declared more columns or cells than a roadmap holds
};

}  // namespace

FormatReadResult ReadOdt(std::string_view bytes) {
  FormatReadResult result;
  std::string error;
  // A package (content.xml and styles.xml in a zip), or a flat ODT (.fodt): one XML document
  // holding the styles and the body.
  const bool flat = bytes.substr(0, 4) != std::string_view("PK\x03\x04", 4);
  XmlDocPtr doc = flat ? ParseXml(std::string(bytes), &error)
                       : ReadPackageXml(bytes, "content.xml", "OpenDocument (ODT)", &error);
  if (!doc) {
    result.error = flat ? "a damaged flat OpenDocument (.fodt): " + error : error;
    return result;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* body = root != nullptr ? Child(root, "body") : nullptr;
  const xmlNode* text = body != nullptr ? Child(body, "text") : nullptr;
  if (text == nullptr) {
    result.error = "not an OpenDocument text: content.xml has no office:text";
    return result;
  }
  OdtReader reader;
  reader.numbering_.AddStyles(Child(root, "automatic-styles"));
  // The named list styles (Word's numbering saved by LibreOffice: «WWNum1») live in styles.xml,
  // or beside the body in a flat ODT.
  reader.numbering_.AddStyles(Child(root, "styles"));
  std::string styles_error;
  if (XmlDocPtr styles =
          flat ? nullptr
               : ReadPackageXml(bytes, "styles.xml", "OpenDocument (ODT)", &styles_error)) {
    if (const xmlNode* styles_root = xmlDocGetRootElement(styles.get())) {
      reader.numbering_.AddStyles(Child(styles_root, "styles"));
      reader.numbering_.AddStyles(Child(styles_root, "automatic-styles"));
    }
  }
  DocumentFlow flow = reader.Read(text);
  if (reader.overflowed_) {
    result.error =
        "a table of the ODT declares more columns or cells than a roadmap holds "
        "(a damaged or hostile file?)";
    return result;
  }
  result.table = FlowToTable(std::move(flow));
  result.encoding = "UTF-8";
  return result;
}

}  // namespace karta
