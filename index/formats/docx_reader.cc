// DOCX (Office Open XML, ECMA-376): word/document.xml read with libxml2 from the zip package
// (libzip). Accepted tracked changes: runs in w:ins are text, w:del and w:moveFrom are not.
// Footnotes and endnotes referenced from a cell become the cell's notes.
#include <algorithm>
#include <map>
#include <tuple>

#include "index/formats/document_flow.h"
#include "index/formats/docx_numbering.h"
#include "index/formats/format_reader.h"
#include "index/formats/table_grid.h"
#include "index/formats/xml_tree.h"
#include "index/formats/zip_archive.h"

namespace karta {
namespace {

// Rows may sit in row-level content controls and custom XML.
const TableVocabulary kDocxTables{"tbl", "tr", {"sdt", "sdtContent", "customXml"}};

class DocxReader {
 public:
  DocxReader(std::map<std::string, std::string> notes, DocxNumbering numbering)
      : notes_(std::move(notes)), numbering_(std::move(numbering)) {}

  DocumentFlow Read(const xmlNode* body) {
    Blocks(body, /*in_cell=*/nullptr);
    return std::move(flow_);
  }

  // Text of a footnote/endnote body (its paragraphs joined by spaces).
  static std::string NoteText(const xmlNode* note) {
    ParagraphBuilder text;
    DocxReader inner({}, DocxNumbering({}, {}));
    inner.Blocks(note, &text);
    std::string out;
    for (const std::string& p : text.TakeParagraphs()) out += (out.empty() ? "" : " ") + p;
    return out;
  }

 private:
  // Paragraphs and tables of a body, a cell or a content control, in order. In a cell
  // (`cell` set) everything lands in that cell; at body level they become flow blocks.
  void Blocks(const xmlNode* parent, ParagraphBuilder* cell) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = LocalName(n);
      if (name == "p") {
        // Word's automatic number («1.2.») is shown before the text but is not in it.
        const std::string label = numbering_.Label(n);
        if (cell != nullptr) {
          ++flow_.paragraphs;
          if (!label.empty()) cell->Append(label + " ");
          Runs(n, cell);
          cell->Break();
        } else {
          ParagraphBuilder p;
          if (!label.empty()) p.Append(label + " ");
          Runs(n, &p);
          flow_.AddParagraph(p.TakeParagraphs());  // counts the paragraph
        }
      } else if (name == "tbl") {
        if (cell != nullptr || !IsDataTable(n, kDocxTables)) {
          NestedText(n, cell);  // a table inside a cell is part of that cell's text
        } else {
          Table(n);
        }
      } else if (name == "sdt") {
        if (const xmlNode* content = Child(n, "sdtContent")) Blocks(content, cell);
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        Blocks(n, cell);
      }
    }
  }

  // A table inside a cell (a list of events: «15.03.2024 | Бизнес-миссия …»): one paragraph
  // per row, its cells joined by spaces. A table around the page (no cell) is body text.
  void NestedText(const xmlNode* tbl, ParagraphBuilder* cell) {
    if (cell == nullptr) {  // a layout table around the page: its cells are body text
      ForEachTableRow(tbl, kDocxTables, [&](const xmlNode* tr) {
        for (const xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
          if (IsElement(tc, "tc")) Blocks(tc, nullptr);
        }
      });
      return;
    }
    cell->Break();
    ForEachTableRow(tbl, kDocxTables, [&](const xmlNode* tr) {
      std::string row;
      for (const xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
        if (!IsElement(tc, "tc")) continue;
        ParagraphBuilder text;
        Blocks(tc, &text);
        JoinNestedCell(&text, &row, cell);
      }
      cell->Append(row);
      cell->Break();
    });
  }

  void Table(const xmlNode* tbl) {
    TableGrid grid(TableGrid::Placement::kDocx);
    ForEachTableRow(tbl, kDocxTables, [&](const xmlNode* tr) {
      const xmlNode* trPr = Child(tr, "trPr");
      if (trPr != nullptr && Child(trPr, "del") != nullptr) return;  // a deleted row
      grid.BeginRow(flow_.paragraphs + 1);
      if (trPr != nullptr) {
        if (const xmlNode* before = Child(trPr, "gridBefore")) {
          const int skipped = IntAttribute(before, "val", 0);
          if (skipped > 0) grid.AddCovered(skipped);
        }
      }
      Cells(tr, &grid);
      grid.EndRow();
    });
    overflowed_ |= grid.overflowed();
    std::vector<Row> rows = grid.TakeRows();
    flow_.AddTable(std::move(rows), grid.columns());
  }

  void Cells(const xmlNode* parent, TableGrid* grid) {
    for (const xmlNode* tc = parent->children; tc != nullptr; tc = tc->next) {
      if (IsElement(tc, "sdt")) {
        if (const xmlNode* content = Child(tc, "sdtContent")) Cells(content, grid);
        continue;
      }
      if (IsElement(tc, "customXml")) {
        Cells(tc, grid);
        continue;
      }
      if (!IsElement(tc, "tc")) continue;
      int colspan = 1;
      bool restart = false, proceed = false;
      if (const xmlNode* pr = Child(tc, "tcPr")) {
        if (const xmlNode* span = Child(pr, "gridSpan")) colspan = IntAttribute(span, "val", 1);
        if (const xmlNode* vmerge = Child(pr, "vMerge")) {
          const std::optional<std::string> val = Attribute(vmerge, "val");
          restart = val && *val == "restart";
          proceed = !restart;
        }
      }
      if (proceed) {
        ++flow_.paragraphs;  // its (empty) paragraph still counts
        grid->AddCovered(colspan);
        continue;
      }
      const int line = flow_.paragraphs + 1;
      ParagraphBuilder text;
      Blocks(tc, &text);
      Cell cell{line, text.TakeParagraphs(), text.TakeNotes(), false};
      grid->AddCell(std::move(cell), colspan, restart ? 0 : 1);
    }
  }

  void Runs(const xmlNode* parent, ParagraphBuilder* out) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = LocalName(n);
      if (name == "t") {
        xmlChar* text = xmlNodeGetContent(n);
        if (text != nullptr) out->Append(reinterpret_cast<const char*>(text));
        xmlFree(text);
      } else if (name == "tab" || name == "ptab") {
        out->Append(" ");
      } else if (name == "br") {
        const std::optional<std::string> type = Attribute(n, "type");
        if (type && *type == "page") {
          out->Append(" ");
        } else {
          out->Break();
        }
      } else if (name == "cr") {
        out->Break();
      } else if (name == "noBreakHyphen") {
        out->Append("-");
      } else if (name == "footnoteReference" || name == "endnoteReference") {
        const std::optional<std::string> id = Attribute(n, "id");
        const std::string key =
            std::string(name == "footnoteReference" ? "f" : "e") + (id ? *id : std::string());
        if (auto it = notes_.find(key); it != notes_.end()) out->AddNote(it->second);
      } else if (name == "txbxContent") {
        // A text box anchored in the paragraph: its own paragraphs, not glued to the words
        // around its anchor.
        out->Break();
        for (const xmlNode* p = n->children; p != nullptr; p = p->next) {
          if (p->type != XML_ELEMENT_NODE) continue;
          Runs(p, out);
          out->Break();
        }
      } else if (name == "del" || name == "moveFrom" || name == "delText" || name == "instrText" ||
                 name == "rPr" || name == "pPr" || name == "Choice" || name == "delInstrText") {
        // deleted text, field codes, formatting, and the modern half of alternate content
      } else {
        Runs(n, out);  // r, ins, moveTo, hyperlink, smartTag, fldSimple, sdt, Fallback …
      }
    }
  }

  std::map<std::string, std::string> notes_;
  DocxNumbering numbering_;
  DocumentFlow flow_;

 public:
  bool overflowed_ = false;  // a table declared more columns or cells than a roadmap holds
};

// Footnote/endnote id → text, keyed «f3» / «e3».
std::map<std::string, std::string> ReadNotes(const ZipArchive& zip) {
  std::map<std::string, std::string> notes;
  for (const auto& [part, element, prefix] : {std::tuple{"word/footnotes.xml", "footnote", "f"},
                                              std::tuple{"word/endnotes.xml", "endnote", "e"}}) {
    const std::optional<std::string> xml = zip.Read(part);
    if (!xml) continue;
    std::string error;
    XmlDocPtr doc = ParseXml(*xml, &error);
    if (!doc) continue;
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    for (const xmlNode* n = root != nullptr ? root->children : nullptr; n != nullptr; n = n->next) {
      if (!IsElement(n, element)) continue;
      const std::optional<std::string> type = Attribute(n, "type");
      if (type && *type != "normal") continue;  // separators
      const std::optional<std::string> id = Attribute(n, "id");
      if (id) notes[prefix + *id] = DocxReader::NoteText(n);
    }
  }
  return notes;
}

}  // namespace

FormatReadResult ReadDocx(std::string_view bytes) {
  FormatReadResult result;
  std::string error;
  XmlDocPtr doc = ReadPackageXml(bytes, "word/document.xml", "Word (DOCX)", &error);
  if (!doc) {
    result.error = error;
    return result;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* body = root != nullptr ? Child(root, "body") : nullptr;
  if (body == nullptr) {
    result.error = "word/document.xml of the DOCX has no body";
    return result;
  }
  std::unique_ptr<ZipArchive> zip = ZipArchive::Open(bytes, &error);
  auto part = [&](const char* name) {
    std::optional<std::string> xml = zip ? zip->Read(name) : std::nullopt;
    return xml ? std::move(*xml) : std::string();
  };
  DocxReader reader(zip ? ReadNotes(*zip) : std::map<std::string, std::string>(),
                    DocxNumbering(part("word/numbering.xml"), part("word/styles.xml")));
  DocumentFlow flow = reader.Read(body);
  if (reader.overflowed_) {
    result.error =
        "a table of the DOCX declares more columns or cells than a roadmap holds "
        "(a damaged or hostile file?)";
    return result;
  }
  result.table = FlowToTable(std::move(flow));
  result.encoding = "UTF-8";
  return result;
}

}  // namespace karta
