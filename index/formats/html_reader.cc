// HTML pages (legal databases, government portals) through libxml2's HTML parser, which
// decodes named and numeric entities and honours <meta charset>. Tables: td/th with colspan
// and rowspan; <p>, <div>, <li> and <br> inside a cell are paragraph breaks. A table whose
// cells hold a bigger table is page layout, read as body. A page without any table is read as
// one paragraph per cell (paragraph_cells.h).
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "index/formats/document_flow.h"
#include "index/formats/format_reader.h"
#include "index/formats/table_grid.h"
#include "index/formats/xml_tree.h"
#include "index/text_decoder.h"

namespace karta {
namespace {

// libxml2's HTML parser gives element names in lower case.
const TableVocabulary kHtmlTables{"table", "tr", {"thead", "tbody", "tfoot"}};

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSkipped(std::string_view name) {
  return OneOf(name, {"head", "script", "style", "noscript", "template", "iframe", "object", "svg",
                      "button", "select", "textarea", "map"});
}

bool IsBlock(std::string_view name) {
  return OneOf(name,
               {"p",       "div",    "li",         "ul",    "ol",         "h1",       "h2",
                "h3",      "h4",     "h5",         "h6",    "blockquote", "pre",      "section",
                "article", "center", "dd",         "dt",    "dl",         "address",  "header",
                "footer",  "main",   "nav",        "aside", "form",       "fieldset", "hr",
                "caption", "figure", "figcaption", "body",  "html"});
}

// The text of an element, as one paragraph.
std::string TextOf(const xmlNode* n) {
  xmlChar* text = xmlNodeGetContent(n);
  std::string out = text != nullptr ? CleanParagraph(reinterpret_cast<const char*>(text)) : "";
  xmlFree(text);
  return out;
}

// A footnote marker written out in brackets, as legal databases print one in the text:
// «<*>», «<**>», «<1>» (КонсультантПлюс), «*(1)» (Гарант).
bool IsBracketedMarker(const std::string& s) {
  static const std::regex kBracketed(R"(<\*{1,3}>|<\d{1,3}>|\*\(\d{1,3}\))");
  return std::regex_match(s, kBracketed);
}

// A footnote marker: «1», «12», «*», «**» in a <sup>, or a bracketed one.
bool IsMarker(const std::string& s) {
  return (!s.empty() && s.size() <= 3 &&
          (s.find_first_not_of("0123456789") == std::string::npos ||
           s.find_first_not_of('*') == std::string::npos)) ||
         IsBracketedMarker(s);
}

class HtmlReader {
 public:
  DocumentFlow Read(const xmlNode* root) {
    CollectFootnotes(root);
    ParagraphBuilder body;
    Flow(root, &body);
    EndParagraph(&body);
    return std::move(flow_);
  }

 private:
  void EndParagraph(ParagraphBuilder* p) {
    std::vector<std::string> lines = p->TakeParagraphs();
    (void)p->TakeNotes();
    *p = ParagraphBuilder();
    flow_.AddParagraph(std::move(lines));
  }

  // Body-level content: block elements end a paragraph, <br> breaks a line within it.
  void Flow(const xmlNode* parent, ParagraphBuilder* current) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content != nullptr) current->Append(reinterpret_cast<const char*>(n->content));
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string name = Lower(LocalName(n));
      if (IsSkipped(name)) continue;
      if (name == "br") {
        current->Break();
      } else if (name == "table") {
        EndParagraphIfAny(current);
        if (IsDataTable(n, kHtmlTables)) {
          if (const xmlNode* caption = Child(n, "caption")) {  // the table's own title
            ParagraphBuilder title;
            CellText(caption, &title);
            flow_.AddParagraph(title.TakeParagraphs());
          }
          Table(n);
        } else {
          ForEachCell(n, [&](const xmlNode* cell) {
            Flow(cell, current);
            EndParagraph(current);
          });
        }
      } else if (note_paragraphs_.count(n)) {
        continue;  // a footnote read into the cells that mark it
      } else if (IsBlock(name)) {
        EndParagraphIfAny(current);
        Flow(n, current);
        // An empty <p> is an empty cell where every cell is a paragraph; wrappers are not.
        if (name == "p") {
          EndParagraph(current);
        } else {
          EndParagraphIfAny(current);
        }
      } else {
        Flow(n, current);
      }
    }
  }

  static bool HasContent(ParagraphBuilder& p) {
    ParagraphBuilder copy = p;
    return !copy.TakeParagraphs().empty();
  }
  void EndParagraphIfAny(ParagraphBuilder* p) {
    if (HasContent(*p)) EndParagraph(p);
  }

  // Legal databases print footnotes as a paragraph after the table that starts with its
  // marker in a <sup> («<sup>1</sup> При условии …»), and mark the text with the same <sup>.
  // Marker → the note's text, from the paragraphs outside tables.
  void CollectFootnotes(const xmlNode* parent) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string name = Lower(LocalName(n));
      // A data table's cells hold no notes; a layout table around the page holds the text.
      if ((name == "table" && IsDataTable(n, kHtmlTables)) || IsSkipped(name)) continue;
      if (name == "p" || name == "div") {
        const xmlNode* first = n->children;
        while (first != nullptr && first->type == XML_TEXT_NODE && TextOf(first).empty()) {
          first = first->next;
        }
        const std::string marker =
            first != nullptr && first->type == XML_ELEMENT_NODE && Lower(LocalName(first)) == "sup"
                ? TextOf(first)
                : std::string();
        if (IsMarker(marker)) {
          std::string note;
          for (const xmlNode* rest = first->next; rest != nullptr; rest = rest->next) {
            note += " " + TextOf(rest);
          }
          note = CleanParagraph(note);
          if (!note.empty()) footnotes_.emplace(marker, note);
          continue;
        }
        // «<*> По согласованию …», «*(1) Реализуется …»: the marker written out.
        const std::string text = TextOf(n);
        const size_t space = text.find(' ');
        if (space != std::string::npos && IsBracketedMarker(text.substr(0, space))) {
          footnotes_.emplace(text.substr(0, space), text.substr(space + 1));
          note_paragraphs_.insert(n);  // the note is the cell's: not text after the table
          continue;
        }
      }
      CollectFootnotes(n);
    }
  }

  // Text inside a cell: every block or <br> is a paragraph break.
  void CellText(const xmlNode* parent, ParagraphBuilder* out) {
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content != nullptr) out->Append(reinterpret_cast<const char*>(n->content));
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string name = Lower(LocalName(n));
      if (IsSkipped(name)) continue;
      if (name == "br") {
        out->Break();
      } else if (name == "caption") {
        // read before the table, as its title
      } else if (const auto note = name == "sup" ? footnotes_.find(TextOf(n)) : footnotes_.end();
                 note != footnotes_.end()) {
        out->AddNote(note->second);  // the marker of a footnote below the table
      } else if (name == "table") {
        // A table inside a cell (a list of events: «15.03.2024 | Бизнес-миссия …»): one
        // paragraph per row, its cells joined by spaces.
        out->Break();
        ForEachTableRow(n, kHtmlTables, [&](const xmlNode* tr) {
          std::string row;
          for (const xmlNode* c = tr->children; c != nullptr; c = c->next) {
            if (!IsElement(c, "td") && !IsElement(c, "th")) continue;
            ParagraphBuilder cell;
            CellText(c, &cell);
            JoinNestedCell(&cell, &row, out);
          }
          out->Append(row);
          out->Break();
        });
      } else if (IsBlock(name) || OneOf(name, {"tr", "td", "th"})) {
        out->Break();
        CellText(n, out);
        out->Break();
      } else {
        CellText(n, out);
      }
    }
  }

  static void ForEachCell(const xmlNode* table, const std::function<void(const xmlNode*)>& f) {
    ForEachTableRow(table, kHtmlTables, [&](const xmlNode* row) {
      for (const xmlNode* c = row->children; c != nullptr; c = c->next) {
        if (IsElement(c, "td") || IsElement(c, "th")) f(c);
      }
    });
  }

  void Table(const xmlNode* table) {
    TableGrid grid(TableGrid::Placement::kHtml);
    ForEachTableRow(table, kHtmlTables, [&](const xmlNode* tr) {
      if (grid.overflowed()) return;
      grid.BeginRow(flow_.paragraphs + 1);
      for (const xmlNode* c = tr->children; c != nullptr; c = c->next) {
        if (!IsElement(c, "td") && !IsElement(c, "th")) continue;
        const int line = ++flow_.paragraphs;
        ParagraphBuilder text;
        CellText(c, &text);
        std::vector<std::string> paragraphs = text.TakeParagraphs();
        std::vector<std::string> notes = text.TakeNotes();
        TakeWrittenMarkers(&paragraphs, &notes);
        grid.AddCell(Cell{line, std::move(paragraphs), std::move(notes), false},
                     std::clamp(IntAttribute(c, "colspan", 1), 1, 1000),
                     std::clamp(IntAttribute(c, "rowspan", 1), 0, 65534));
      }
      grid.EndRow();
    });
    overflowed_ |= grid.overflowed();
    std::vector<Row> rows = grid.TakeRows();
    flow_.AddTable(std::move(rows), grid.columns());
  }

  // «… экономическом форуме <*>»: a bracketed marker ending a paragraph of a cell, of a
  // footnote printed below the table, leaves the text and brings the note.
  void TakeWrittenMarkers(std::vector<std::string>* paragraphs,
                          std::vector<std::string>* notes) const {
    for (std::string& p : *paragraphs) {
      while (true) {
        const size_t space = p.find_last_of(' ');
        const size_t start = space == std::string::npos ? 0 : space + 1;
        std::string marker = p.substr(start);
        // «авиации*(1)» in Гарант's markup reaches here as one word.
        const size_t star = marker.rfind("*(");
        if (!IsBracketedMarker(marker) && star != std::string::npos && star > 0) {
          marker = marker.substr(star);
        }
        const auto note = footnotes_.find(marker);
        if (!IsBracketedMarker(marker) || note == footnotes_.end()) break;
        p.erase(p.size() - marker.size());
        while (!p.empty() && p.back() == ' ') p.pop_back();
        notes->push_back(note->second);
      }
    }
    paragraphs->erase(std::remove(paragraphs->begin(), paragraphs->end(), ""), paragraphs->end());
  }

  DocumentFlow flow_;
  std::map<std::string, std::string> footnotes_;  // marker → text
  std::set<const xmlNode*> note_paragraphs_;      // footnotes written out below the table

 public:
  bool overflowed_ = false;  // a table declared more columns or cells than a roadmap holds
};

// The charset a page declares in its first kilobytes («<meta charset=…>», http-equiv).
bool DeclaresCharset(std::string_view bytes) {
  const std::string head = Lower(bytes.substr(0, 4096));
  return head.find("charset") != std::string::npos;
}

}  // namespace

FormatReadResult ReadHtml(std::string_view bytes) {
  FormatReadResult result;
  std::string encoding;
  if (!DeclaresCharset(bytes)) {
    // No declaration: decide as for a text export (UTF-8, else a Cyrillic code page).
    DecodeResult decoded = DecodeDocument(bytes);
    if (!decoded.decoded) {
      result.error = decoded.error;
      return result;
    }
    encoding = decoded.decoded->encoding;
    if (encoding.rfind("UTF-8", 0) == 0) encoding = "UTF-8";
  }
  XmlDocPtr doc = ParseHtml(bytes, encoding);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    result.error = "the HTML page could not be parsed";
    return result;
  }
  result.encoding = encoding.empty() && doc->encoding != nullptr
                        ? reinterpret_cast<const char*>(doc->encoding)
                        : (encoding.empty() ? "UTF-8" : encoding);
  HtmlReader reader;
  // The root may be a fragment's first element: read from a virtual parent.
  xmlNode holder{};
  holder.children = const_cast<xmlNode*>(root);
  DocumentFlow flow = reader.Read(&holder);
  if (reader.overflowed_) {
    result.error =
        "a table of the page declares more columns or cells than a roadmap holds "
        "(a damaged or hostile page?)";
    return result;
  }
  result.table = FlowToTable(std::move(flow));
  return result;
}

}  // namespace karta
