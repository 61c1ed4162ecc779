// PDF with a text layer, through poppler-cpp: words with their positions, rebuilt into a
// table. Lines are words sharing a baseline; running headers, footers and page numbers (lines
// near the top or bottom edge that repeat on most pages, or are only a number) are dropped;
// column boundaries are the vertical strips no word of the table touches (guided by the
// column numbering row «1 2 3 4 5» when there is one); a row starts at a line with a measure
// number in the first column or a line that spans the columns (a section heading), and every
// line until the next such line — across a page break, after the repeated header rows — is a
// continuation of its cells. Within a cell, a line that ends well before the column's right
// edge, followed by a capitalised line, ends a paragraph. Superscript footnote markers and the
// footnote text at the foot of the page become the row's notes. A PDF without any text (a
// scan) is refused with a message that it needs OCR.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "index/agency_list.h"
#include "index/formats/cut_words.h"
#include "index/formats/document_flow.h"
#include "index/formats/format_reader.h"
#include "index/gazetteer.h"
#include "index/numbering.h"
#include "stemmers/russian_analyzer.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

struct Word {
  int page = 0;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  double size = 0;  // font size
  std::string text;
  [[nodiscard]] double xc() const { return (x0 + x1) / 2; }
  [[nodiscard]] double yc() const { return (y0 + y1) / 2; }
  [[nodiscard]] double height() const { return y1 - y0; }
};

struct Line {
  int page = 0;
  int number = 0;  // ordinal over the document: the «line» of diagnostics
  double y0 = 0, y1 = 0;
  std::vector<Word> words;  // in x order
  [[nodiscard]] std::string Text() const {
    std::string s;
    for (const Word& w : words) s += (s.empty() ? "" : " ") + w.text;
    return s;
  }
  [[nodiscard]] double x0() const { return words.front().x0; }
  [[nodiscard]] double x1() const { return words.back().x1; }
};

// Poppler's complaints about the file being read, on this thread: kept, not printed, and
// named when nothing can be read from the file.
thread_local size_t poppler_errors = 0;
thread_local std::string poppler_first_error;

void CountPopplerError(const std::string& message, void*) {
  if (poppler_errors++ != 0) return;
  std::string m = message;
  // «error (1234): Command token too long», «error: …»: the message without its category.
  if (m.rfind("error", 0) == 0) {
    const size_t colon = m.find(": ");
    if (colon != std::string::npos && colon < 20) m.erase(0, colon + 2);
  }
  for (std::string_view end : {"<0a>", "\n", " "}) {
    while (m.size() >= end.size() && m.compare(m.size() - end.size(), end.size(), end) == 0) {
      m.resize(m.size() - end.size());
    }
  }
  poppler_first_error = m;
}

std::string Utf8(const poppler::ustring& s) {
  const poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::string LastWord(const std::string& s) {
  const size_t space = s.rfind(' ');
  return space == std::string::npos ? s : s.substr(space + 1);
}

// «управление культуры …» → «Управление культуры …»: head words are listed capitalised.
std::string Capitalized(const std::string& s) {
  std::u32string u = ToU32(s);
  if (u.empty()) return s;
  char32_t& c = u[0];
  if ((c >= U'а' && c <= U'я') || (c >= U'a' && c <= U'z')) c -= 0x20;
  if (c == U'ё') c = U'Ё';
  return ToUtf8(u);
}

std::string FirstWordOf(const std::string& s) { return s.substr(0, s.find(' ')); }

bool IsSentenceEnd(char32_t c) {
  return c == U'.' || c == U';' || c == U'»' || c == U')' || c == U'"';
}

// True when text ends where a name cannot: on an adjective (its noun follows) or a
// preposition or conjunction.
bool EndsOpen(const std::string& text) {
  const std::string word = FoldCase(LastWord(text));
  for (std::string_view little : {"и", "по", "в", "на", "с", "для", "при", "или", "к", "о", "об"}) {
    if (word == little) return true;
  }
  const std::u32string w = ToU32(word);
  if (w.size() < 6) return false;  // «края», «поле»: short nouns share the endings
  const std::u32string end = w.substr(w.size() - 2);
  for (std::u32string_view adjective : {U"ый", U"ий", U"ой", U"ая", U"яя", U"ое", U"ые"}) {
    if (end == adjective) return true;
  }
  return false;
}

// «В», «На», «При»: a function word (a stopword) capitalised, so the first of a sentence —
// not an initial («С.»), an abbreviation or a name.
bool OpensSentence(const std::string& word) {
  const std::u32string w = ToU32(word);
  if (w.empty() || !IsUpper(w[0])) return false;
  for (size_t i = 1; i < w.size(); ++i) {
    if (!IsLetter(w[i]) || IsUpper(w[i])) return false;
  }
  return RussianAnalyzer::Default().IsStopword(FoldCase(word));
}

// Whether text ends where a body's name does: on the territory it serves («… Новгородской
// области», «… Санкт-Петербурга») or its quoted proper name («… «Эрмитаж»»).
bool ClosesName(const std::string& text) {
  if (text.size() >= 2 && text.compare(text.size() - 2, 2, "»") == 0) return true;
  return Gazetteer::Default().EndsWithMention(text);
}

// «2025–» + «2027 гг.»: a range of numbers cut after its dash.
bool EndsWithRangeDash(const std::string& text, const std::string& next) {
  const std::u32string t = ToU32(LastWord(text)), n = ToU32(next.substr(0, 4));
  return t.size() >= 2 && (t.back() == U'–' || t.back() == U'—') && IsDigit(t[t.size() - 2]) &&
         !n.empty() && IsDigit(n[0]);
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

bool IsNumberOnly(const std::string& s) {
  std::string t;
  for (char c : s) {
    if (c != ' ' && c != '-' && c != '\xE2' && c != '\x80' && c != '\x93' && c != '\x94') t += c;
  }
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits folded, so «Страница 3 из 12» and «Страница 4 из 12» repeat.
std::string Shape(const std::string& s) {
  std::string out;
  for (char c : s) out.push_back(c >= '0' && c <= '9' ? '#' : c);
  return out;
}

class PdfTable {
 public:
  PdfTable(std::vector<Line> lines, double body_size)
      : lines_(std::move(lines)), body_size_(body_size) {}

  TableText Build() {
    TableText table;
    table.layout = TableLayout::kPositioned;
    const size_t start = TableStart();
    for (size_t i = 0; i < start; ++i) {
      const std::string text = lines_[i].Text();
      // A word broken at its hyphen across the title's lines: «Санкт-» + «Петербургом».
      if (!table.preamble.empty()) {
        std::string& last = table.preamble.back().text;
        if (last.size() > 2 && last.back() == '-' && last[last.size() - 2] != ' ') {
          // «сотрудни-» + «чества»: hyphenated to fit, unlike «Санкт-» + «Петербургом».
          if (CutWords::Default().Hyphenated(LastWord(last), FirstWordOf(text))) last.pop_back();
          last += text;
          continue;
        }
      }
      table.preamble.push_back(TextLine{lines_[i].number, text});
    }
    if (start == lines_.size()) return table;
    table_start_ = start;
    FindColumns(start);
    JoinWrappedNumbers(start);
    ReadRows(start, &table);
    JoinMergedOverflow(&table);
    return table;
  }

 private:
  // The table starts at its header: «№ …» or «п/п» at the left, else the numbering row.
  size_t TableStart() const {
    for (size_t i = 0; i < lines_.size(); ++i) {
      const std::string t = lines_[i].Text();
      if (t.rfind("№", 0) == 0 || t.find("п/п") != std::string::npos) {
        // Header cells centred in a taller header row start above «№»: lines of separate
        // cells («Ответственные исполнители … Срок») right above it belong to the header.
        while (i > 0 && lines_[i - 1].page == lines_[i].page && HasCellGaps(lines_[i - 1]) &&
               lines_[i].y0 - lines_[i - 1].y1 < body_size_ * 0.5) {
          --i;
        }
        return i;
      }
    }
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (NumberingCount(lines_[i]) >= 3) return i;
    }
    return lines_.size();
  }

  static size_t NumberingCount(const Line& line) {
    for (size_t k = 0; k < line.words.size(); ++k) {
      if (line.words[k].text != std::to_string(k + 1)) return 0;
    }
    return line.words.size();
  }

  // Column boundaries: for each gap between the numbering row's numbers (or, without one,
  // across the table's width), the strip least covered by words of the table's lines.
  void FindColumns(size_t start) {
    double left = 1e9, right = -1e9;
    for (size_t i = start; i < lines_.size(); ++i) {
      left = std::min(left, lines_[i].x0());
      right = std::max(right, lines_[i].x1());
    }
    // Points across the table; a page is under 2,000 (A0 is 2,384 wide), so a wider span is a
    // damaged file and is measured coarsely rather than allocated.
    const int width = static_cast<int>(std::min(std::ceil(right - left), 20000.0)) + 2;
    std::vector<int> cover(width, 0);
    const Line* numbering = nullptr;
    // Header rows merge cells across columns too: without a numbering row that ends them,
    // the strips are measured from the first section or measure line.
    size_t from = start;
    bool numbered = false;
    for (size_t i = start; i < lines_.size() && i < start + 12; ++i)
      numbered |= NumberingCount(lines_[i]) >= 3;
    while (!numbered && from < lines_.size() && !ParseSectionHeading(lines_[from].Text()) &&
           !ParseMeasureNumber(lines_[from].words.front().text)) {
      ++from;
    }
    std::vector<std::string>& header = header_texts_;  // repeated at the top of every page
    header.clear();
    for (size_t i = start; i < from; ++i) header.push_back(lines_[i].Text());
    bool heading = false;  // inside a section heading, which runs across the columns
    for (size_t i = from; i < lines_.size(); ++i) {
      if (std::find(header.begin(), header.end(), lines_[i].Text()) != header.end()) continue;
      if (NumberingCount(lines_[i]) >= 3) {
        if (numbering == nullptr) numbering = &lines_[i];
        continue;
      }
      const std::string line_text = lines_[i].Text();
      if (IsYearLine(lines_[i])) continue;  // centred across the columns of its merged row
      if (ParseSectionHeading(line_text) && !HasCellGaps(lines_[i])) {
        heading = true;
        continue;
      }
      if (ParseMeasureNumber(lines_[i].words.front().text)) heading = false;
      if (heading) continue;
      for (const Word& w : lines_[i].words) {
        const int a = static_cast<int>(std::clamp(std::floor(w.x0 - left), 0.0, double(width)));
        const int b = static_cast<int>(std::clamp(std::ceil(w.x1 - left), 0.0, double(width)));
        for (int x = std::max(a, 0); x < std::min(b, width); ++x) ++cover[x];
      }
    }
    auto best_gap = [&](double lo, double hi, bool require_empty) -> std::optional<double> {
      const int a = static_cast<int>(std::clamp(lo - left, 0.0, double(width)));
      const int b = static_cast<int>(std::clamp(hi - left, 0.0, double(width)));
      int best_start = -1, best_len = 0, best_cover = 1 << 30;
      for (int x = a; x < b;) {
        int y = x;
        while (y < b && cover[y] == cover[x]) ++y;
        if (cover[x] < best_cover || (cover[x] == best_cover && y - x > best_len)) {
          best_cover = cover[x];
          best_start = x;
          best_len = y - x;
        }
        x = y;
      }
      if (best_start < 0 || (require_empty && (best_cover > 0 || best_len < 3))) return {};
      return left + best_start + best_len / 2.0;
    };
    bounds_.clear();
    if (numbering != nullptr) {
      for (size_t k = 0; k + 1 < numbering->words.size(); ++k) {
        if (auto x = best_gap(numbering->words[k].xc(), numbering->words[k + 1].xc(), false)) {
          bounds_.push_back(*x);
        }
      }
      return;
    }
    // No numbering row: every strip at least 3 points wide that no word touches; when none is
    // (a long line the column finder did not know for a heading or a footnote crosses them
    // all), the strips that only a few lines cross.
    for (const int rare : {0, 2}) {
      int x = 0;
      while (x < width) {
        if (cover[x] > rare) {
          ++x;
          continue;
        }
        int y = x;
        while (y < width && cover[y] <= rare) ++y;
        if (x > 0 && y < width && y - x >= 3) bounds_.push_back(left + (x + y) / 2.0);
        x = y;
      }
      if (!bounds_.empty()) break;
    }
    // The header's cells tell more columns when lines cross the empty strips (a signature
    // under the table, a line of text run up to the next column): then the border between
    // each two of them is the least covered strip between them.
    std::vector<double> by_header;
    const std::vector<std::pair<double, double>> cells = HeaderCells(start, from);
    for (size_t k = 0; k + 1 < cells.size(); ++k) {
      if (auto x = best_gap(cells[k].second, cells[k + 1].first, false)) by_header.push_back(*x);
    }
    if (by_header.size() > bounds_.size()) bounds_ = std::move(by_header);
    // Every column has a header: a strip left by one long line ending further right than the
    // others («… в выставочно-») is no column, and what stands beyond it belongs to the column
    // on its left.
    if (from == start) return;
    for (size_t k = bounds_.size(); k-- > 0;) {
      const double lo = bounds_[k], hi = k + 1 < bounds_.size() ? bounds_[k + 1] : 1e9;
      bool headed = false;
      for (size_t i = start; i < from && !headed; ++i) {
        for (const Word& w : lines_[i].words) headed |= w.xc() > lo && w.xc() < hi;
      }
      if (!headed || CrossedInHeader(bounds_[k], start, from)) {
        bounds_.erase(bounds_.begin() + static_cast<long>(k));
      }
    }
  }

  // Whether a header word stands across `x` with no cells under it on both sides: a cell's
  // text stays inside its borders, so `x` is a gap inside one cell's lines («2026 год» under
  // «Срок / исполнения»), not a border. A cell over several columns («Ответственные
  // исполнители») has their cells under it.
  bool CrossedInHeader(double x, size_t start, size_t from) const {
    // A letter's height on each side: the gap between two columns' words is the border's, and
    // a header word may reach into it.
    const double margin = body_size_;
    for (size_t i = start; i < from; ++i) {
      for (const Word& w : lines_[i].words) {
        if (w.x0 > x - margin || w.x1 < x + margin) continue;
        bool left = false, right = false;
        for (size_t j = i + 1; j < from; ++j) {
          for (const Word& u : lines_[j].words) {
            if (u.x1 <= w.x0 || u.x0 >= w.x1) continue;
            left |= u.x1 < x;
            right |= u.x0 > x;
          }
        }
        if (!(left && right)) return true;
      }
    }
    return false;
  }

  // The header's cells, left to right: runs of words of the header lines (`start` to `from`)
  // with no gap wider than a space between them, merged where they overlap across lines. A
  // cell over several columns («Ответственные исполнители» over «от …», «от …») is left out:
  // the cells under it are the columns.
  std::vector<std::pair<double, double>> HeaderCells(size_t start, size_t from) const {
    std::vector<std::pair<double, double>> runs;
    for (size_t i = start; i < from && i < lines_.size(); ++i) {
      const std::vector<Word>& words = lines_[i].words;
      for (size_t k = 0; k < words.size(); ++k) {
        if (k == 0 || words[k].x0 - words[k - 1].x1 > body_size_ * 0.6) {
          runs.emplace_back(words[k].x0, words[k].x1);
        } else {
          runs.back().second = words[k].x1;
        }
      }
    }
    auto overlap = [](const std::pair<double, double>& a, const std::pair<double, double>& b) {
      return a.first < b.second && b.first < a.second;
    };
    std::vector<std::pair<double, double>> kept;
    for (const auto& r : runs) {
      // Runs it overlaps that do not overlap each other: it spans their columns.
      std::vector<std::pair<double, double>> under;
      for (const auto& o : runs) {
        if (&o == &r || !overlap(o, r) || o.second - o.first >= r.second - r.first) continue;
        if (std::none_of(under.begin(), under.end(), [&](const auto& u) { return overlap(u, o); }))
          under.push_back(o);
      }
      if (under.size() < 2) kept.push_back(r);
    }
    std::sort(kept.begin(), kept.end());
    std::vector<std::pair<double, double>> cells;
    for (const auto& r : kept) {
      if (!cells.empty() && r.first < cells.back().second) {
        cells.back().second = std::max(cells.back().second, r.second);
      } else {
        cells.push_back(r);
      }
    }
    return cells;
  }

  // Words farther apart than two letters' height stand in different cells: the line is a row
  // of cells («4 | п. 4.1 Плана | Обмен опытом …»), not a heading merged across them, even when
  // its first word is a number: its words count where the column borders are sought.
  bool HasCellGaps(const Line& line) const {
    for (size_t k = 0; k + 1 < line.words.size(); ++k) {
      if (line.words[k + 1].x0 - line.words[k].x1 > body_size_ * 2) return true;
    }
    return false;
  }

  // A cell merged down over several rows prints its text from the first row on, and a text
  // longer than that row runs on beside the next ones, cut between them: «Комитет по культуре,
  // архивному делу и» / «охране объектов культурного наследия» / «Псковской области». A cell
  // that goes on a name left open (on «и», a preposition or an adjective) in lower case, or
  // with only the territory that closes it, is the rest of that cell: joined back, and every
  // row it runs beside takes the whole (as a merged cell of DOCX or ODT gives it). A merged
  // cell whose text fits its first row leaves no trace in the text layer (warned later).
  static void JoinMergedOverflow(TableText* table) {
    std::vector<std::vector<size_t>> runs;  // per column: the rows sharing the cell being joined
    constexpr size_t kNone = static_cast<size_t>(-1);
    size_t previous = kNone;  // the last measure row
    for (size_t i = 0; i < table->rows.size(); ++i) {
      Row& row = table->rows[i];
      const bool measure = !row.cells.empty() && ParseMeasureNumber(row.cells[0].Text());
      if (!measure) {
        previous = kNone;  // a heading or a year row: no cell is merged across it
        runs.clear();
        continue;
      }
      runs.resize(std::max(runs.size(), row.cells.size()));
      for (size_t c = 1; previous != kNone && c < row.cells.size(); ++c) {
        Row& above = table->rows[previous];
        if (c >= above.cells.size() || above.cells[c].empty() || row.cells[c].empty()) {
          runs[c].clear();
          continue;
        }
        const std::string text = row.cells[c].Text();
        const std::u32string head = ToU32(text.substr(0, 4));
        const bool lower = !head.empty() && IsLetter(head[0]) && !IsUpper(head[0]);
        const bool goes_on =
            lower ? EndsOpen(above.cells[c].Text())
                  : !runs[c].empty() && IsTerritoryOnly(text) && !ClosesName(above.cells[c].Text());
        if (!goes_on) {
          runs[c].clear();
          continue;
        }
        if (runs[c].empty()) runs[c].push_back(previous);
        runs[c].push_back(i);
        Cell whole = table->rows[runs[c].front()].cells[c];
        std::vector<std::string> rest = row.cells[c].paragraphs;
        whole.paragraphs.back() += " " + rest.front();
        whole.paragraphs.insert(whole.paragraphs.end(), rest.begin() + 1, rest.end());
        whole.notes.insert(whole.notes.end(), row.cells[c].notes.begin(), row.cells[c].notes.end());
        for (size_t k = 0; k < runs[c].size(); ++k) {
          Cell& cell = table->rows[runs[c][k]].cells[c];
          const int line = cell.line;
          cell = whole;
          cell.line = line;
          cell.from_above = k > 0;
        }
      }
      previous = i;
    }
  }

  // «Псковской области», «Санкт-Петербурга»: a territory alone, the end of a body's name.
  static bool IsTerritoryOnly(const std::string& text) {
    const std::vector<RegionMention> mentions = Gazetteer::Default().FindAll(text);
    return !mentions.empty() && mentions.front().begin == 0 &&
           mentions.front().end == ToU32(MatchKey(text)).size();
  }

  // A number column too narrow for «1.10» wraps it: «1.1» on the row's first line, «0» on the
  // next. The piece is joined to the number when the whole follows the previous measure's
  // number and the first part alone does not («1.9», «1.1» + «0»), so a row of one line
  // numbered «1» above one numbered «2» stays two rows.
  void JoinWrappedNumbers(size_t start) {
    std::string previous;  // the last measure number seen
    for (size_t i = start; i < lines_.size(); ++i) {
      Line& line = lines_[i];
      Word& first = line.words.front();
      if (ColumnOf(first.xc()) != 0 || NumberingCount(line) >= 3) continue;
      const std::optional<std::string> number = ParseMeasureNumber(first.text);
      if (!number) continue;
      // The next line of the row: on this page, or after the header repeated on the next.
      size_t j = i + 1;
      while (j < lines_.size() && lines_[j].page != line.page &&
             std::find(header_texts_.begin(), header_texts_.end(), lines_[j].Text()) !=
                 header_texts_.end()) {
        ++j;
      }
      if (j < lines_.size() && !previous.empty() && !FollowsInSequence(previous, *number)) {
        Line& next = lines_[j];
        const Word& piece = next.words.front();
        const std::string whole = first.text + piece.text;
        const std::optional<std::string> joined = ParseMeasureNumber(whole);
        // The piece is the number's last digits («0», «2.»), not a number of its own («1.1»).
        const size_t dot = piece.text.find('.');
        // The next line of the cell, as close as its lines stand, or the first on the next page
        // (numbering restarted per section: «11», then «1» above «2» a row apart).
        const bool close = next.page != line.page || next.y0 - line.y1 < body_size_ * 0.5;
        if (close && ColumnOf(piece.xc()) == 0 &&
            std::isdigit(static_cast<unsigned char>(piece.text[0])) &&
            (dot == std::string::npos || dot + 1 == piece.text.size()) && joined &&
            FollowsInSequence(previous, *joined)) {
          first.text = whole;
          first.x1 = std::max(first.x1, piece.x1);
          next.words.erase(next.words.begin());
          if (next.words.empty()) lines_.erase(lines_.begin() + static_cast<long>(j));
          previous = *joined;
          continue;
        }
      }
      previous = *number;
    }
  }

  size_t ColumnOf(double x) const {
    return std::upper_bound(bounds_.begin(), bounds_.end(), x) - bounds_.begin();
  }
  size_t Columns() const { return bounds_.size() + 1; }

  // A line whose words run across a column boundary without a gap: a merged cell.
  bool Spans(const Line& line) const {
    for (size_t k = 0; k < line.words.size(); ++k) {
      const Word& a = line.words[k];
      if (ColumnOf(a.x0 + 0.5) != ColumnOf(a.x1 - 0.5)) return true;  // a word across a border
      if (k + 1 == line.words.size()) break;
      const Word& b = line.words[k + 1];
      if (ColumnOf(a.xc()) != ColumnOf(b.xc()) && b.x0 - a.x1 < body_size_ * 0.35) return true;
    }
    return false;
  }

  // Text of each column on this line.
  std::vector<std::vector<const Word*>> Split(const Line& line) const {
    std::vector<std::vector<const Word*>> cells(Columns());
    for (const Word& w : line.words) cells[ColumnOf(w.xc())].push_back(&w);
    return cells;
  }

  // A footnote reference: a small word raised above the line («регионов¹»).
  bool IsSuperscript(const Word& w, const Line& line) const {
    return w.height() < body_size_ * 0.75 && w.y1 < line.y1 - body_size_ * 0.15;
  }

  struct CellLines {
    int line = 0;
    std::vector<std::pair<double, std::vector<const Word*>>> lines;  // (y0, words)
  };

  void ReadRows(size_t start, TableText* table) {
    // Header lines: up to the numbering row, or to the first measure or section line.
    size_t i = start;
    std::vector<CellLines> header(Columns());
    std::vector<std::string> header_shapes;
    size_t header_end = lines_.size();  // the numbering row, when there is one
    for (size_t k = start; k < lines_.size() && k < start + 12; ++k) {
      if (NumberingCount(lines_[k]) >= 3) {
        header_end = k;
        break;
      }
    }
    for (; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      if (i == header_end) {
        header_shapes.push_back(line.Text());
        ++i;
        break;
      }
      // A section heading centred in its merged row («1. В сфере …» under the header) ends the
      // header too, though nothing stands in the first column.
      if (header_end == lines_.size() && (StartsRow(line) || IsYearLine(line) ||
                                          (i > start && ParseSectionHeading(line.Text())))) {
        break;
      }
      header_shapes.push_back(line.Text());
      AddLine(line, &header);
    }
    table->rows.push_back(MakeRow(header, start));

    // Cells centred vertically in their rows print a row's lines above its number: the rows
    // of a block (between headings) are held until its end and their lines handed out by
    // where each cell's text is centred (see Recentre).
    const bool centred = CellsCentred(i, header_shapes);
    std::vector<PendingRow> block;
    std::vector<CellLines> row;
    int row_line = 0;
    double row_anchor = 0;
    int row_page = 0;
    bool row_numbered = false;
    double heading_xc = 0;
    auto flush = [&] {
      if (row_line != 0) {
        block.push_back({row, row_line, row_anchor, row_page, row_numbered, pending_notes_});
      }
      pending_notes_.clear();
      row.assign(Columns(), CellLines{});
      row_line = 0;
      row_numbered = false;
    };
    auto emit = [&] {
      flush();
      if (centred) Recentre(&block);
      for (PendingRow& r : block) {
        if (std::any_of(r.cells.begin(), r.cells.end(),
                        [](const CellLines& c) { return !c.lines.empty(); })) {
          pending_notes_ = std::move(r.notes);
          table->rows.push_back(MakeRow(r.cells, r.line));
        }
      }
      block.clear();
    };
    row.assign(Columns(), CellLines{});
    int last_page = -1;
    bool in_heading = false;
    bool in_note = false;  // a star-marked note under the table, which may wrap
    double note_bottom = 0;
    // Each column's header text without spaces, and what a repeated header has yet to print.
    std::vector<std::string> header_text(Columns()), header_left;
    for (size_t c = 0; c < header.size(); ++c) {
      for (const auto& [y, words] : header[c].lines) {
        for (const Word* w : words) header_text[c] += w->text;
      }
    }
    for (; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      const std::string text = line.Text();
      if (line.page != last_page) {
        last_page = line.page;
        page_header_ = true;
      }
      // «Продолжение таблицы» above a table continued, «Окончание таблицы» above its end.
      if (IsContinuationMark(text)) continue;
      // The header typed again inside the table, or heading a second table that continues it,
      // its cells perhaps wrapped otherwise («исполнени» / «я»): from «№» in the first column,
      // the lines whose words go on with the header's text of their columns.
      if (const Word& first = line.words.front();
          first.text.rfind("№", 0) == 0 && ColumnOf(first.xc()) == 0) {
        header_left = header_text;
      }
      if (!header_left.empty() &&
          (NumberingCount(line) >= 3 || ConsumeHeader(line, &header_left))) {
        page_header_ = false;  // read by its columns: a line like its last («области») is text
        continue;
      }
      header_left.clear();
      // The header rows repeated at the top of a page.
      if (page_header_ &&
          std::find(header_shapes.begin(), header_shapes.end(), text) != header_shapes.end()) {
        continue;
      }
      page_header_ = false;
      if (footnotes_.count(line.number)) continue;
      const bool spans = Spans(line);
      // A note under the table marked with stars («* По согласованию …», «** …»), printed
      // across the columns from the left edge: text after the table, where its marker's
      // measures take it from; its wrapped lines follow it closely.
      if (const Word& first = line.words.front();
          first.text.front() == '*' && line.words.size() > 1 && ColumnOf(first.x0) == 0) {
        emit();
        table->trailer.push_back(TextLine{line.number, CleanParagraph(text)});
        in_note = true;
        note_bottom = line.y1;
        continue;
      }
      if (in_note && !StartsRow(line) && line.y0 - note_bottom < body_size_ * 0.5 &&
          ColumnOf(line.words.front().x0) == 0) {
        table->trailer.back().text = CleanParagraph(table->trailer.back().text + " " + text);
        note_bottom = line.y1;
        continue;
      }
      in_note = false;
      // A year row («2025 год», centred or at the left of its merged row): the deadline of the
      // measures under it, read as a row of its own.
      if (IsYearLine(line)) {
        emit();
        Row r{line.number, std::vector<Cell>(Columns())};
        r.cells[0] = Cell{line.number, {CleanParagraph(text)}, {}, false};
        table->rows.push_back(std::move(r));
        in_heading = false;
        continue;
      }
      // A sub-section heading merged across the columns («1.2. Промышленная кооперация», centred
      // or running through the columns) above the measures it numbers («1.2.1.»).
      if (const std::string sub = SubsectionNumber(line, i); !sub.empty()) {
        emit();
        heading_xc = (line.x0() + line.x1()) / 2;
        Row r{line.number, std::vector<Cell>(Columns())};
        r.cells[0] = Cell{line.number, {CleanParagraph(text)}, {}, false};
        table->rows.push_back(std::move(r));
        in_heading = true;
        continue;
      }
      // Centred cells: the lines of the first row's cells stand between a heading and the
      // row's number; a heading's own wrapped line is centred where the heading is.
      if (in_heading && centred && !spans &&
          std::abs((line.x0() + line.x1()) / 2 - heading_xc) > body_size_) {
        in_heading = false;
      }
      if (in_heading && !StartsRow(line)) {
        // A heading merged across the columns, wrapped onto more lines.
        std::string& heading = table->rows.back().cells[0].paragraphs.back();
        heading = CleanParagraph(heading + " " + text);
        continue;
      }
      // A heading merged across the columns: numbered, or unnumbered text from the first column.
      if (spans && (ParseSectionHeading(text) || (ColumnOf(line.words.front().x0) == 0 &&
                                                  !ParseMeasureNumber(line.words.front().text)))) {
        emit();
        heading_xc = (line.x0() + line.x1()) / 2;
        Row r{line.number, std::vector<Cell>(Columns())};
        r.cells[0] = Cell{line.number, {CleanParagraph(text)}, {}, false};
        if (r.cells[0].paragraphs[0].empty()) r.cells[0].paragraphs.clear();
        table->rows.push_back(std::move(r));
        in_heading = true;
        continue;
      }
      in_heading = false;
      if (StartsRow(line)) {
        flush();
        row_numbered = true;
        const Word& number = line.words.front();
        row_anchor = number.yc();
        row_page = line.page;
      }
      if (row_line == 0) {
        row_line = line.number;
        if (!row_numbered) row_page = line.page;
      }
      AddLine(line, &row);
    }
    emit();
  }

  // The number of a sub-section heading on line `i`: a number first, then text across the
  // columns or away from the number column, with the next numbered line numbered under it
  // («1.2.» above «1.2.1.»). Empty when the line is no such heading.
  std::string SubsectionNumber(const Line& line, size_t i) const {
    const std::optional<std::string> own = ParseMeasureNumber(line.words.front().text);
    if (!own || line.words.size() < 2) return "";
    if (!Spans(line) && ColumnOf(line.words.front().x0) == 0) return "";
    for (size_t j = i + 1; j < lines_.size() && j < i + 8; ++j) {
      const std::optional<std::string> next = ParseMeasureNumber(lines_[j].words.front().text);
      if (!next) continue;
      return next->size() > own->size() + 1 && next->compare(0, own->size() + 1, *own + ".") == 0
                 ? *own
                 : "";
    }
    return "";
  }

  // Whether every word of `line` is the next piece of its column's header text in `left`
  // (or of a neighbour's: a header cell centred otherwise); consumes them when so.
  bool ConsumeHeader(const Line& line, std::vector<std::string>* left) const {
    std::vector<std::string> after = *left;
    for (const Word& w : line.words) {
      const size_t c = ColumnOf(w.xc());
      bool found = false;
      for (size_t k : {c, c + 1, c - 1}) {
        if (k >= after.size() || after[k].rfind(w.text, 0) != 0) continue;
        after[k].erase(0, w.text.size());
        found = true;
        break;
      }
      if (!found) return false;
    }
    *left = std::move(after);
    return true;
  }

  static bool IsContinuationMark(const std::string& text) {
    const std::string key = MatchKey(text);
    for (std::string_view mark : {"продолжение таблицы", "окончание таблицы"}) {
      if (key.rfind(mark, 0) == 0 && SplitWords(key).size() <= 4) return true;
    }
    return false;  // a word alone may be a cell's last, wrapped
  }

  static bool IsYearLine(const Line& line) {
    return line.words.size() <= 3 && ParseYearRow(line.Text()).has_value();
  }

  static constexpr size_t kMaxRecentreCells = size_t{1} << 20;  // rows × lines of one column

  struct PendingRow {
    std::vector<CellLines> cells;
    int line = 0;
    double anchor = 0;  // the vertical centre of the row's number
    int page = 0;
    bool numbered = false;  // started by its number (else lines before the first number)
    std::map<size_t, std::vector<std::string>> notes;  // by column, as pending_notes_
  };

  // Whether the table's cells are centred vertically: right after the header or a heading,
  // before the first row's number, a line holds the text of a cell (beside the number column,
  // not centred where a wrapped heading is) — which top-aligned cells never print above their
  // row's number.
  bool CellsCentred(size_t from, const std::vector<std::string>& header_shapes) const {
    bool leading = true;  // between the header or a heading and the next number
    double heading_xc = -1e9;
    int page = from < lines_.size() ? lines_[from].page : 0;
    for (size_t i = from; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      if (line.page != page) {
        page = line.page;
        leading = false;
      }
      const std::string text = line.Text();
      if (std::find(header_shapes.begin(), header_shapes.end(), text) != header_shapes.end() ||
          footnotes_.count(line.number)) {
        continue;
      }
      const double xc = (line.x0() + line.x1()) / 2;
      if (IsYearLine(line) || !SubsectionNumber(line, i).empty() ||
          (Spans(line) && ParseSectionHeading(text))) {
        leading = true;
        heading_xc = xc;
        continue;
      }
      if (StartsRow(line)) {
        leading = false;
        continue;
      }
      if (leading && !Spans(line) && ColumnOf(line.words.front().x0) != 0 &&
          std::abs(xc - heading_xc) > body_size_) {
        return true;
      }
    }
    return false;
  }

  // Centred cells: each column's lines in the block are cut into one run per numbered row, in
  // order, so that each run is centred on its row's number as nearly as can be (least total
  // distance; an empty run costs a line's height). A run may go on over a page break — the
  // lines at the top of the next page finish a row the break cut — but no run takes a line of
  // a page before its number's, nor one below the next number on its page.
  void Recentre(std::vector<PendingRow>* block) const {
    std::vector<PendingRow*> rows;
    for (PendingRow& r : *block) {
      if (r.numbered) rows.push_back(&r);
    }
    if (rows.empty()) return;
    const size_t k_rows = rows.size();
    for (size_t c = 1; c < Columns(); ++c) {
      std::vector<std::pair<double, std::vector<const Word*>>> lines;
      std::vector<PendingRow*> origin;  // the row each line was read into
      for (PendingRow& r : *block) {
        for (auto& l : r.cells[c].lines) {
          lines.push_back(std::move(l));
          origin.push_back(&r);
        }
        r.cells[c].lines.clear();
      }
      const size_t m = lines.size();
      auto yc = [&](size_t t) { return lines[t].second.front()->yc(); };
      auto page = [&](size_t t) { return lines[t].second.front()->page; };
      // Whether line t may be in row k's run.
      auto fits = [&](size_t k, size_t t) {
        const PendingRow& r = *rows[k];
        if (page(t) < r.page && k > 0) return false;
        if (page(t) == r.page && k > 0 && rows[k - 1]->page == r.page &&
            yc(t) <= rows[k - 1]->anchor) {
          return false;
        }
        if (k + 1 < k_rows) {
          const PendingRow& below = *rows[k + 1];
          if (page(t) > below.page) return false;
          if (page(t) == below.page && below.page == r.page && yc(t) >= below.anchor) return false;
        }
        return true;
      };
      // A block too big to weigh every cut (a damaged file) stays as read.
      if ((k_rows + 1) * (m + 1) > kMaxRecentreCells) {
        for (size_t t = 0; t < m; ++t) origin[t]->cells[c].lines.push_back(std::move(lines[t]));
        continue;
      }
      constexpr double kNone = 1e18;
      // best[k][e]: the least cost of rows [0, k) taking lines [0, e); from[k][e]: where row
      // k − 1's run starts.
      std::vector<std::vector<double>> best(k_rows + 1, std::vector<double>(m + 1, kNone));
      std::vector<std::vector<size_t>> from(k_rows + 1, std::vector<size_t>(m + 1, 0));
      best[0][0] = 0;
      for (size_t k = 0; k < k_rows; ++k) {
        for (size_t b = 0; b <= m; ++b) {
          if (best[k][b] >= kNone) continue;
          // The run [b, e): its distance from row k's number, from its lines on that page.
          const PendingRow& r = *rows[k];
          size_t first = m, last = m;
          for (size_t e = b; e <= m; ++e) {
            if (e > b) {
              if (!fits(k, e - 1)) break;
              if (page(e - 1) == r.page) {
                if (first == m) first = e - 1;
                last = e - 1;
              }
            }
            const double run =
                first == m ? body_size_ : std::abs((yc(first) + yc(last)) / 2 - r.anchor);
            const double total = best[k][b] + run;
            if (total < best[k + 1][e]) {
              best[k + 1][e] = total;
              from[k + 1][e] = b;
            }
          }
        }
      }
      if (best[k_rows][m] >= kNone) {
        // No cut keeps every line within the rules (a damaged layout): as they were read.
        for (size_t t = 0; t < m; ++t) origin[t]->cells[c].lines.push_back(std::move(lines[t]));
        continue;
      }
      std::vector<size_t> begins(k_rows + 1, m);
      for (size_t k = k_rows, e = m; k > 0; --k) {
        begins[k - 1] = from[k][e];
        e = begins[k - 1];
      }
      for (size_t k = 0; k < k_rows; ++k) {
        PendingRow& r = *rows[k];
        CellLines& cell = r.cells[c];
        for (size_t t = begins[k]; t < begins[k + 1]; ++t) {
          if (cell.line == 0) cell.line = r.line;
          cell.lines.push_back(std::move(lines[t]));
        }
      }
    }
  }

  bool StartsRow(const Line& line) const {
    const std::vector<std::vector<const Word*>> cells = Split(line);
    if (cells.empty() || cells[0].empty()) return false;
    return ParseMeasureNumber(cells[0].front()->text) ||
           (Spans(line) && ParseSectionHeading(line.Text()));
  }

  void AddLine(const Line& line, std::vector<CellLines>* row) {
    const auto cells = Split(line);
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      CellLines& cell = (*row)[c];
      if (cell.line == 0) cell.line = line.number;
      std::vector<const Word*> words;
      for (const Word* w : cells[c]) {
        if (IsSuperscript(*w, line)) {
          if (auto it = markers_.find({line.page, w->text}); it != markers_.end()) {
            pending_notes_[c].push_back(it->second);
            continue;
          }
        }
        words.push_back(w);
      }
      if (!words.empty()) cell.lines.push_back({line.y0, std::move(words)});
    }
  }

  // The word that follows a line ending in a hyphen: the next line's first, or, when that
  // line is one piece hyphenated again («еже-» / «кварталь-» / «но»), with the one after it.
  static std::string HyphenTail(const decltype(CellLines::lines)& lines, size_t k) {
    const std::vector<const Word*>& words = lines[k].second;
    std::string tail = words.front()->text;
    if (words.size() == 1 && tail.size() > 1 && tail.back() == '-' && k + 1 < lines.size() &&
        !lines[k + 1].second.empty()) {
      tail.pop_back();
      tail += lines[k + 1].second.front()->text;
    }
    return tail;
  }

  // Lines of a cell → paragraphs: a line that stopped short of the column's right edge
  // (the next line's first word would have fitted) and a capitalised next line start a new
  // paragraph; a word broken at its hyphen is joined back.
  Row MakeRow(std::vector<CellLines>& cells, int line) {
    Row r{line, {}};
    for (size_t c = 0; c < cells.size(); ++c) {
      Cell cell{cells[c].line == 0 ? line : cells[c].line, {}, {}, false};
      std::string current;
      double prev_right = 0, prev_y = 0;
      const double edge = ColumnRight(c);
      bool piece_follows = false;  // the line before was the middle piece of a word cut twice
      const auto& lines = cells[c].lines;
      for (size_t k = 0; k < lines.size(); ++k) {
        const auto& [y, words] = lines[k];
        std::string text;
        for (const Word* w : words) text += (text.empty() ? "" : " ") + w->text;
        // A word wider than the column, cut where the line was full: «предпринимательст» /
        // «ва» (CutWords asks the dictionary whether the pieces are one word; a piece alone on
        // its line may be a word by chance: «Санкт-Петербург» / «а»). A range cut after its
        // dash: «2025–» / «2027 гг.».
        const CutWords& cut_words = CutWords::Default();
        bool cut = !current.empty() && (piece_follows ||
                                        cut_words.OneWord(LastWord(current), FirstWordOf(text),
                                                          /*tail_alone=*/words.size() == 1) ||
                                        EndsWithRangeDash(current, text));
        // A word cut twice, its middle piece alone on a line: «предпри» / «нимател» /
        // «ьства и …».
        piece_follows = false;
        if (!cut && !current.empty() && words.size() == 1 && k + 1 < lines.size()) {
          std::string next;
          if (!lines[k + 1].second.empty()) next = lines[k + 1].second.front()->text;
          piece_follows = cut_words.OneWord(LastWord(current) + text, next);
          cut = piece_follows;
        }
        // «конгрессно-» + «выставочных», «Санкт-» + «Петербурга»: a word broken at its hyphen.
        const bool hyphen_cut =
            current.size() > 1 && current.back() == '-' && current[current.size() - 2] != ' ';
        if (!current.empty() && !cut && !hyphen_cut) {
          const double next_width = words.front()->x1 - words.front()->x0;
          // With room to spare: a renderer keeps a word with what follows it (a preposition
          // after a non-breaking space), so a near fit proves nothing.
          const bool fitted = prev_right + body_size_ * 0.75 + next_width < edge - 1;
          const bool gap = y - prev_y > body_size_ * 1.8;
          const std::u32string head = ToU32(text.substr(0, 4));
          const bool capital = !head.empty() && (IsUpper(head[0]) || IsDigit(head[0]) ||
                                                 head[0] == U'«' || head[0] == U'"');
          // A body's name on a new line after a finished one: «… Санкт-Петербурга» /
          // «Комитет по …» (the head words of agency_heads.txt).
          const std::u32string tail = ToU32(LastWord(current));
          // A line starting with a body's head word («Комитет …», «Министерство …») names a
          // new body, unless the line before stopped mid-name, on an adjective or a
          // preposition («Инновационный» / «территориальный кластер …»).
          // Abbreviations («НКО», «АНО») also run in sentences: after a line filled to the
          // column's edge they continue it, unless it ended a body's name («… Новгородской
          // области» / «ГАУ «Туристский информационный центр …»»).
          // Any abbreviation after a line that ended a body's name opens the next one
          // («… Санкт-Петербурга» / «ГБУК АО «Музей»»): the legal forms are too many to list.
          const AgencyList& heads = AgencyList::Default();
          const bool full = prev_right > edge - body_size_;
          const bool abbreviation = IsAbbreviation(FirstWordOf(text));
          const bool closes_name = ClosesName(current);
          const bool new_body =
              (capital && !EndsOpen(current) &&
               (!heads.Continues(current, text) || (abbreviation && closes_name)) &&
               !(full && abbreviation && !closes_name)) ||
              (!capital && fitted && !heads.Continues(current, Capitalized(text)));
          // A legal form's abbreviation alone before its quoted name: «АО» / «Корпорация …».
          const bool form_before_name = !head.empty() && (head[0] == U'«' || head[0] == U'"') &&
                                        LastWord(current) == current && IsAbbreviation(current);
          // The next word would have fitted: the paragraph ended here — if the line also
          // looks ended (a full stop, a short line, a date starting the next entry), or the
          // next two words would have fitted as well: no non-breaking space holds two words
          // with a third («В сентябре …» after «… на следующий год»).
          const bool digit = !head.empty() && IsDigit(head[0]);
          const bool two_fitted =
              words.size() >= 2 &&
              prev_right + body_size_ * 0.75 + (words[1]->x1 - words.front()->x0) < edge - 1;
          const bool ended =
              !tail.empty() && (IsSentenceEnd(tail.back()) || digit || two_fitted ||
                                prev_right < ColumnLeft(c) + (edge - ColumnLeft(c)) * 0.7);
          // A line opening with a capitalised function word («В сентябре …», «На …») opens a
          // sentence; with none ended before it, a paragraph ended there without a full stop,
          // however full its last line.
          const bool opens_sentence = capital && OpensSentence(FirstWordOf(text));
          if (!form_before_name && ((fitted && capital && ended) || gap || new_body ||
                                    (opens_sentence && !tail.empty() &&
                                     !IsSentenceEnd(tail.back()) && !EndsOpen(current)))) {
            cell.paragraphs.push_back(CleanParagraph(current));
            current.clear();
          }
        }
        if (current.empty()) {
          current = text;
        } else if (hyphen_cut && cut_words.Hyphenated(LastWord(current), HyphenTail(lines, k))) {
          current.pop_back();  // «промышлен-» + «ной»: a word hyphenated to fit the line
          current += text;
        } else if (cut || hyphen_cut) {
          current += text;  // «конгрессно-» + «выставочных»
        } else {
          current += " " + text;
        }
        prev_right = words.back()->x1;
        prev_y = y;
      }
      if (!current.empty()) cell.paragraphs.push_back(CleanParagraph(current));
      // A word of zero-width characters only cleans to nothing: no empty paragraphs.
      cell.paragraphs.erase(std::remove(cell.paragraphs.begin(), cell.paragraphs.end(), ""),
                            cell.paragraphs.end());
      if (auto it = pending_notes_.find(c); it != pending_notes_.end()) {
        cell.notes = std::move(it->second);
        pending_notes_.erase(it);
      }
      r.cells.push_back(std::move(cell));
    }
    return r;
  }

  // The extent of the text in each column, over the lines that keep to the columns.
  double ColumnRight(size_t c) {
    Extents();
    return right_[c];
  }
  double ColumnLeft(size_t c) {
    Extents();
    return left_[c];
  }
  void Extents() {
    if (!right_.empty()) return;
    right_.assign(Columns(), 0);
    left_.assign(Columns(), 1e9);
    // The table's lines only: a title block set to the right («УТВЕРЖДЕН …») or «Продолжение
    // таблицы» at the right margin would widen the last column past its border.
    for (size_t i = table_start_; i < lines_.size(); ++i) {
      const Line& l = lines_[i];
      if (Spans(l) || IsContinuationMark(l.Text())) continue;
      for (const Word& w : l.words) {
        const size_t col = ColumnOf(w.xc());
        right_[col] = std::max(right_[col], w.x1);
        left_[col] = std::min(left_[col], w.x0);
      }
    }
  }

 public:
  // Footnotes: at the foot of a page, a line starting with a small raised marker; the marker
  // then stands for the note wherever it is raised on that page.
  // «1По» → «1» and «По»: digits or stars followed by a capital letter.
  static bool SplitGluedMarker(const std::string& word, std::string* marker, std::string* rest) {
    size_t n = 0;
    while (n < word.size() && ((word[n] >= '0' && word[n] <= '9') || word[n] == '*')) ++n;
    if (n == 0 || n > 3 || n == word.size()) return false;
    const std::u32string after = ToU32(word.substr(n, 4));
    if (after.empty() || !IsUpper(after[0])) return false;
    *marker = word.substr(0, n);
    *rest = word.substr(n);
    return true;
  }

  // Whether a line above `i` on its page holds `marker` as a small raised word.
  bool RaisedBefore(size_t i, const std::string& marker) const {
    for (size_t j = i; j-- > 0 && lines_[j].page == lines_[i].page;) {
      for (const Word& w : lines_[j].words) {
        if (w.text == marker && w.height() < body_size_ * 0.75) return true;
      }
    }
    return false;
  }

  void FindFootnotes() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      const Word& first = line.words.front();
      std::string marker = first.text, glued;
      if (first.height() >= body_size_ * 0.75 || (!IsNumberOnly(first.text) && first.text != "*")) {
        // A marker printed against the note's first word («1По согласованию.») is one word to
        // the text layer: a note when the page has that marker raised above it.
        if (!SplitGluedMarker(first.text, &marker, &glued) || !RaisedBefore(i, marker)) continue;
      }
      // The note runs to the next marker or the end of the page; no measure row follows it.
      std::string text;
      size_t k = i;
      bool table_follows = false;
      for (; k < lines_.size() && lines_[k].page == line.page; ++k) {
        if (k > i && lines_[k].words.front().height() < body_size_ * 0.75) break;
        if (k > i && ParseMeasureNumber(lines_[k].words.front().text)) table_follows = true;
      }
      if (table_follows) continue;
      text = glued;
      for (size_t j = i; j < k; ++j) {
        for (size_t w = j == i ? 1 : 0; w < lines_[j].words.size(); ++w) {
          text += (text.empty() ? "" : " ") + lines_[j].words[w].text;
        }
        footnotes_.insert({lines_[j].number, 0});
      }
      markers_[{line.page, marker}] = CleanParagraph(text);
      i = k - 1;
    }
  }

 private:
  std::vector<Line> lines_;
  double body_size_;
  std::vector<double> bounds_;
  std::vector<std::string> header_texts_;
  size_t table_start_ =
      0;  // the first line of the table's header  // the header's lines, repeated on every page
  std::vector<double> right_, left_;
  bool page_header_ = false;
  std::map<std::pair<int, std::string>, std::string> markers_;
  std::map<int, int> footnotes_;
  std::map<size_t, std::vector<std::string>> pending_notes_;
};

// Groups one page's words into lines by their vertical centre.
std::vector<Line> PageLines(std::vector<Word> words, int page) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.yc() < b.yc() || (a.yc() == b.yc() && a.x0 < b.x0);
  });
  std::vector<Line> lines;
  for (Word& w : words) {
    if (!lines.empty()) {
      Line& l = lines.back();
      const double tolerance = std::min(w.height(), l.y1 - l.y0) * 0.5;
      if (std::abs(w.yc() - (l.y0 + l.y1) / 2) <= tolerance) {
        l.y0 = std::min(l.y0, w.y0);
        l.y1 = std::max(l.y1, w.y1);
        l.words.push_back(std::move(w));
        continue;
      }
    }
    Line l;
    l.page = page;
    l.y0 = w.y0;
    l.y1 = w.y1;
    l.words.push_back(std::move(w));
    lines.push_back(std::move(l));
  }
  for (Line& l : lines) {
    std::sort(l.words.begin(), l.words.end(),
              [](const Word& a, const Word& b) { return a.x0 < b.x0; });
  }
  return lines;
}

// Running headers and footers: near the top or bottom edge, a page number or a line that
// (digits aside) repeats on more than half of the pages. Near the edge is within 8% of the
// page's height, or the page's outermost line within 12% (a word processor prints its header
// and footer inside the page margins, so they sit where the text does).
void DropRunningLines(std::vector<std::vector<Line>>* pages, const std::vector<double>& heights) {
  std::map<std::string, int> seen;
  std::vector<std::pair<double, double>> outermost(pages->size(), {1e18, -1e18});
  for (size_t p = 0; p < pages->size(); ++p) {
    for (const Line& l : (*pages)[p]) {
      outermost[p].first = std::min(outermost[p].first, l.y0);
      outermost[p].second = std::max(outermost[p].second, l.y0);
    }
  }
  auto edge = [&](const Line& l, size_t p) {
    const double h = heights[p];
    if (l.y1 < h * 0.08 || l.y0 > h * 0.92) return true;
    return (l.y0 == outermost[p].first && l.y1 < h * 0.12) ||
           (l.y0 == outermost[p].second && l.y0 > h * 0.88);
  };
  for (size_t p = 0; p < pages->size(); ++p) {
    std::map<std::string, bool> once;
    for (const Line& l : (*pages)[p]) {
      if (edge(l, p) && !once[Shape(l.Text())]) {
        once[Shape(l.Text())] = true;
        ++seen[Shape(l.Text())];
      }
    }
  }
  const size_t n = pages->size();
  for (size_t p = 0; p < n; ++p) {
    auto& lines = (*pages)[p];
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                               [&](const Line& l) {
                                 if (!edge(l, p)) return false;
                                 return IsNumberOnly(l.Text()) ||
                                        (n >= 2 && seen[Shape(l.Text())] * 2 > static_cast<int>(n));
                               }),
                lines.end());
  }
}

}  // namespace

FormatReadResult ReadPdf(std::string_view bytes) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(CountPopplerError, nullptr); });
  poppler_errors = 0;
  poppler_first_error.clear();
  FormatReadResult result;
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    result.error = "the PDF is too large";
    return result;
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    result.error = "a damaged PDF that poppler cannot open";
    return result;
  }
  if (doc->is_locked()) {
    result.error = "an encrypted PDF; save an unprotected copy and index that";
    return result;
  }
  std::vector<std::vector<Line>> pages;
  std::vector<double> heights;
  std::vector<double> sizes;
  size_t words_total = 0;
  for (int p = 0; p < doc->pages(); ++p) {
    std::unique_ptr<poppler::page> page(doc->create_page(p));
    if (!page) continue;
    std::vector<Word> words;
    for (const poppler::text_box& box : page->text_list(poppler::page::text_list_include_font)) {
      Word w;
      w.page = p;
      const poppler::rectf r = box.bbox();
      w.x0 = r.left();
      w.x1 = r.right();
      w.y0 = r.top();
      w.y1 = r.bottom();
      w.size = box.get_font_size();
      w.text = Utf8(box.text());
      if (CleanParagraph(w.text).empty()) continue;  // spaces or zero-width characters only
      if (!std::isfinite(w.x0) || !std::isfinite(w.x1) || !std::isfinite(w.y0) ||
          !std::isfinite(w.y1) || std::abs(w.x0) > 1e6 || std::abs(w.y0) > 1e6 ||
          std::abs(w.x1) > 1e6 || std::abs(w.y1) > 1e6) {
        continue;  // off any page: a damaged file
      }
      sizes.push_back(w.height());
      words.push_back(std::move(w));
    }
    words_total += words.size();
    heights.push_back(page->page_rect().height());
    pages.push_back(PageLines(std::move(words), p));
  }
  if (poppler_errors > 0) {
    // Said after what could not be read: poppler also reports what it recovers from.
    std::string first = poppler_first_error;
    if (first.size() > 200) {
      size_t cut = 200;
      while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
      first = first.substr(0, cut) + "…";
    }
    result.damage = "poppler reported " + std::to_string(poppler_errors) +
                    (poppler_errors == 1 ? " error" : " errors") + " reading the file (first: «" +
                    first + "»): it may be damaged";
  }
  if (words_total == 0) {
    result.error =
        "a PDF without a text layer (a scan?): it needs OCR first, e.g. "
        "`ocrmypdf --language rus IN.pdf OUT.pdf`, then index OUT.pdf" +
        (result.damage.empty() ? std::string() : "; " + result.damage);
    return result;
  }
  DropRunningLines(&pages, heights);
  std::vector<Line> lines;
  int number = 0;
  for (auto& page : pages) {
    for (Line& l : page) {
      l.number = ++number;
      lines.push_back(std::move(l));
    }
  }
  PdfTable table(std::move(lines), Median(sizes));
  table.FindFootnotes();
  result.table = table.Build();
  result.encoding = "UTF-8";
  return result;
}

}  // namespace karta
