#include "index/measure_assembler.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include "index/cell_markup.h"
#include "index/deadline.h"
#include "index/gazetteer.h"
#include "index/numbering.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

// kPlanItem: a report's column citing the plan item («Пункт Плана»); it numbers the measure,
// and the «№ п/п» beside it is only a row count.
enum class Role {
  kNumber,
  kPlanItem,
  kText,
  kSpb,
  kPartner,
  kAgencies,
  kDeadline,
  kProgress,
  kNotes,
  kOther
};

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

Role RoleFromWords(const std::string& header);

// A header hyphenated by hand to fit its column («Приме-чание», «Приме -чание» as a PDF
// prints it) names its column as the whole word does.
Role RoleFromHeader(const std::string& header) {
  const Role role = RoleFromWords(header);
  if (role != Role::kOther || header.find('-') == std::string::npos) return role;
  const std::u32string key = ToU32(MatchKey(header));
  std::u32string joined;
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] == U'-' && !joined.empty()) {
      size_t next = i + 1;
      if (next < key.size() && key[next] == U' ') ++next;
      if (joined.back() == U' ') joined.pop_back();
      if (next < key.size() && IsLetter(key[next]) && !IsUpper(key[next]) && !joined.empty() &&
          IsLetter(joined.back())) {
        i = next - 1;  // «приме-чание» → «примечание»
        continue;
      }
      if (key[i - 1] == U' ') joined.push_back(U' ');
    }
    joined.push_back(key[i]);
  }
  return RoleFromWords(ToUtf8(joined));
}

Role RoleFromWords(const std::string& header) {
  const std::string key = MatchKey(header);
  const std::vector<std::string> words = SplitWords(key);
  const bool has_ot = std::find(words.begin(), words.end(), "от") != words.end();
  // What was done: «Информация о ходе исполнения», «Информация о выполнении», «Отметка о
  // выполнении», «Результаты выполнения» — not what is expected («Ожидаемый результат
  // реализации») or when («Срок исполнения»).
  const bool execution = Contains(key, "исполнен") || Contains(key, "выполнен") ||
                         Contains(key, "реализац") || Contains(key, "ход ");
  const bool account = Contains(key, "информац") || Contains(key, "отметк") ||
                       Contains(key, "результат") || Contains(key, "сведен") ||
                       Contains(key, "ход ");
  // Execution alone also says what was done: «Исполнение», «Выполнение», «Состояние
  // исполнения», «Фактическое исполнение», «Отчет о выполнении».
  const bool done = account || words.size() == 1 || Contains(key, "состоян") ||
                    Contains(key, "фактическ") || Contains(key, "отчет");
  if (execution && done && !Contains(key, "ожидаем") && !Contains(key, "планируем") &&
      !Contains(key, "срок")) {
    return Role::kProgress;
  }
  if (has_ot) return Contains(key, "санкт-петербург") ? Role::kSpb : Role::kPartner;
  if (Contains(key, "срок")) return Role::kDeadline;
  // A party's column named without «от»: «Санкт-Петербург», «Вологодская область»,
  // «Правительство Вологодской области», under «Ответственные исполнители» or alone.
  const bool names_measures =
      Contains(key, "наименован") || Contains(key, "мероприят") || Contains(key, "содержан");
  if (!names_measures) {
    const std::vector<RegionMention> regions = Gazetteer::Default().FindAll(header);
    if (regions.size() == 1) {
      return regions[0].region->code == "SPE" ? Role::kSpb : Role::kPartner;
    }
  }
  if (Contains(key, "ответствен") || Contains(key, "исполнител")) return Role::kAgencies;
  if (Contains(key, "наименован") || Contains(key, "мероприят") || Contains(key, "содержан")) {
    return Role::kText;
  }
  if (Contains(key, "пункт") && Contains(key, "план")) return Role::kPlanItem;
  if (Contains(key, "№") || Contains(key, "п/п")) return Role::kNumber;
  if (Contains(key, "примечан")) return Role::kNotes;
  return Role::kOther;
}

std::vector<Role> DefaultRoles(TableLayout layout) {
  if (layout == TableLayout::kCellPerLine) {
    return {Role::kNumber, Role::kText, Role::kDeadline, Role::kAgencies, Role::kProgress};
  }
  return {Role::kNumber, Role::kText, Role::kSpb, Role::kPartner, Role::kDeadline};
}

bool AllEmptyExcept(const Row& row, size_t keep) {
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (i != keep && !row.cells[i].empty()) return false;
  }
  return true;
}

// The stars a text starts with («**» of «** По согласованию …»), spaces aside.
std::string Stars(std::string_view s) {
  std::string stars;
  for (char c : s) {
    if (c == '*') {
      stars.push_back(c);
    } else if (c != ' ') {
      break;
    }
  }
  return stars;
}

// «* ликвидировано …» → «ликвидировано …»; empty when there is nothing but stars.
std::string AfterStars(const std::string& s) {
  const size_t start = s.find_first_not_of("* ");
  return start == std::string::npos ? std::string() : s.substr(start);
}

bool StartsWithLetter(std::string_view s, bool lower_only = false) {
  const std::u32string head = ToU32(s.substr(0, std::min<size_t>(s.size(), 4)));
  return !head.empty() && IsLetter(head[0]) && !(lower_only && IsUpper(head[0]));
}

bool StartsWithLower(std::string_view s) { return StartsWithLetter(s, /*lower_only=*/true); }

// «2024- 2027 годы» → «2024-2027 годы»: a range broken at the line after its dash.
std::string JoinBrokenRanges(std::string text) {
  for (std::string_view dash : {"- ", "– ", "— "}) {
    size_t at = 0;
    while ((at = text.find(dash, at)) != std::string::npos) {
      const size_t after = at + dash.size();
      const bool digits = at > 0 && IsDigit(static_cast<unsigned char>(text[at - 1])) &&
                          after < text.size() && IsDigit(static_cast<unsigned char>(text[after]));
      if (digits) {
        text.erase(after - 1, 1);
      } else {
        at = after;
      }
    }
  }
  return text;
}

// Joins text continued on the next page: a word hyphenated at the break («конгрессно-» +
// «выставочных») is joined without a space.
void JoinText(std::string* text, std::string_view more) {
  if (more.empty()) return;
  if (text->empty()) {
    *text = more;
    return;
  }
  // «конгрессно-» + «выставочных», «Санкт-» + «Петербурге»: the word continues.
  const bool hyphen_split = text->back() == '-' && text->size() >= 2 &&
                            (*text)[text->size() - 2] != ' ' && StartsWithLetter(more);
  if (!hyphen_split) text->push_back(' ');
  *text += more;
}

// For a measure row repeated across a page break: keeps the complete one of two renderings.
// Returns false when neither contains the other.
bool MergeRepeated(std::string* kept, const std::string& again) {
  const std::string a = MatchKey(*kept), b = MatchKey(again);
  if (b.size() >= a.size() && b.compare(0, a.size(), a) == 0) {
    *kept = again;
    return true;
  }
  return a.find(b) != std::string::npos;
}

struct Draft {
  Measure measure;
  std::vector<std::string> spb, partner, unsided;  // agency paragraphs
  std::string deadline;
  std::set<std::string> markers;  // footnote markers («*», «**») after some text in the row
  std::string year_row;           // the «2025 год» row the measure stands under
};

class Assembler {
 public:
  Assembler(const TableText& table, const std::string& file, const AgencyList& agencies,
            const SphereTaxonomy& taxonomy, bool report)
      : table_(table), file_(file), agencies_(agencies), taxonomy_(taxonomy), report_(report) {}

  AssembledTable Run() {
    size_t first_body = ReadHeader();
    for (size_t i = first_body; i < table_.rows.size(); ++i) Consume(i);
    Flush();
    CloseSection();
    AttachTrailerFootnotes();
    QualifyRestartedNumbers();
    out_.measures.reserve(drafts_.size());
    for (Draft& d : drafts_) out_.measures.push_back(Finish(std::move(d)));
    return std::move(out_);
  }

 private:
  void Warn(int line, std::string message) {
    out_.warnings.push_back(Diagnostic{file_, line, std::move(message)});
  }

  // Header rows: everything before the first section or measure row, index rows aside.
  size_t ReadHeader() {
    std::vector<std::string> headers;
    size_t i = 0;
    for (; i < table_.rows.size(); ++i) {
      const Row& row = table_.rows[i];
      if (IsColumnNumbering(row)) continue;
      if (IsSection(row) || IsMeasure(row) || IsYearRow(row) || SplitSection(i, 0)) break;
      // A table without numbers: once the headers name the measures, a row with a sentence
      // in it («Проведение Дней Республики Татарстан в Санкт-Петербурге») is the first measure.
      if (!headers.empty() && RecognisedHeaders(headers) &&
          (HasSentence(row) || OpensUnnumberedBody(row, headers))) {
        break;
      }
      header_rows_.push_back(Signature(row));
      for (size_t c = 0; c < row.cells.size(); ++c) {
        if (headers.size() <= c) headers.resize(c + 1);
        // A header merged down over two rows («Ожидаемый результат») is named once.
        if (!row.cells[c].empty() && !row.cells[c].from_above)
          headers[c] += (headers[c].empty() ? "" : " ") + row.cells[c].Text();
      }
    }
    for (const std::string& h : headers) {
      // In a report, «Результат» is what was done; in a plan, what is expected.
      roles_.push_back(report_ && NamesResult(h) ? Role::kProgress : RoleFromHeader(h));
      column_names_.push_back(h);
      out_.header_text += h + "\n";
    }
    const bool has_text = std::count(roles_.begin(), roles_.end(), Role::kText) > 0;
    out_.headers_recognised = !headers.empty() && RecognisedHeaders(headers);
    if (headers.empty() || !has_text) {
      if (!table_.rows.empty()) {
        Warn(table_.rows.front().line, "no column headers recognised; assuming the usual order");
      }
      roles_ = DefaultRoles(table_.layout);
      column_names_.assign(roles_.size(), "");
    }
    KeepOneProgressColumn(i);
    number_col_ = 0;
    auto item = std::find(roles_.begin(), roles_.end(), Role::kPlanItem);
    auto number = std::find(roles_.begin(), roles_.end(), Role::kNumber);
    if (item != roles_.end()) {
      number_col_ = item - roles_.begin();
    } else if (number != roles_.end()) {
      number_col_ = number - roles_.begin();
    } else if (out_.headers_recognised) {
      number_col_ = kNoColumn;  // the headers name no «№» column: the measures are unnumbered
    }
    // A «№» column no row fills numbers nothing either (section rows aside).
    if (out_.headers_recognised && number_col_ != kNoColumn) {
      bool numbered = false;
      for (size_t r = i; r < table_.rows.size() && !numbered; ++r) {
        const Row& row = table_.rows[r];
        numbered = number_col_ < row.cells.size() && !row.cells[number_col_].empty() &&
                   !AllEmptyExcept(row, number_col_);
      }
      if (!numbered) number_col_ = kNoColumn;
    }
    return i;
  }

  // Once the headers are recognised, a row with text of its own under the measure's header,
  // or a deadline with a year under the deadline's, is the first measure — numbered or not
  // («Проведение Дней Тульской области в Санкт-Петербурге | … | 2025 г.»). A header's second
  // row names parties («от Санкт-Петербурга») under a measure header merged down.
  static bool OpensUnnumberedBody(const Row& row, const std::vector<std::string>& headers) {
    for (size_t c = 0; c < row.cells.size() && c < headers.size(); ++c) {
      const Cell& cell = row.cells[c];
      if (cell.empty() || cell.from_above) continue;
      const Role role = RoleFromHeader(headers[c]);
      if (role == Role::kText) return true;
      if (role == Role::kDeadline && ParseDeadline(cell.Text(), std::nullopt, std::nullopt).to) {
        return true;
      }
    }
    return false;
  }

  // Of two columns about what was done («Информация об исполнении», «Отметка о
  // выполнении»), one holding only a word or three per row («Выполнено», «В работе») is a
  // status, kept in `extra` under its header, not progress.
  void KeepOneProgressColumn(size_t first_body) {
    if (std::count(roles_.begin(), roles_.end(), Role::kProgress) < 2) return;
    for (size_t c = 0; c < roles_.size(); ++c) {
      if (roles_[c] != Role::kProgress) continue;
      bool any = false, short_only = true;
      for (size_t r = first_body; r < table_.rows.size() && short_only; ++r) {
        const std::vector<Cell>& cells = table_.rows[r].cells;
        if (c >= cells.size() || cells[c].empty()) continue;
        any = true;
        short_only = SplitWords(cells[c].Text()).size() <= 3;
      }
      if (any && short_only) roles_[c] = Role::kOther;
    }
  }

  // «Результат», «Результаты», «Достигнутые результаты», «Итоги»: nothing else.
  static bool NamesResult(const std::string& header) {
    const std::vector<std::string> words = SplitWords(MatchKey(header));
    return !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) {
      return w == "результат" || w == "результаты" || w == "достигнутый" || w == "достигнутые" ||
             w == "итоги";
    });
  }

  // Whether a row holds a sentence, not a column's name: a cell of more than eight words.
  static bool HasSentence(const Row& row) {
    return std::any_of(row.cells.begin(), row.cells.end(),
                       [](const Cell& c) { return SplitWords(c.Text()).size() > 8; });
  }

  // Whether these column names name the measures and who does them or when.
  static bool RecognisedHeaders(const std::vector<std::string>& headers) {
    bool text = false, roadmap = false;
    for (const std::string& h : headers) {
      const Role r = RoleFromHeader(h);
      text |= r == Role::kText;
      roadmap |= r == Role::kSpb || r == Role::kPartner || r == Role::kAgencies ||
                 r == Role::kDeadline || r == Role::kProgress;
    }
    return text && roadmap;
  }

  std::string NumberCell(const Row& row) const {
    if (number_col_ >= row.cells.size()) return "";
    return JoinWrappedNumber(row.cells[number_col_].Text());
  }

  // A number wrapped in a narrow column («1.1» / «.» in a PDF, joined by a space) is one
  // number: spaces beside a dot are dropped from a cell of digits and dots only.
  static std::string JoinWrappedNumber(std::string text) {
    if (text.find(' ') == std::string::npos ||
        text.find_first_not_of("0123456789. ") != std::string::npos) {
      return text;
    }
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != ' ') continue;
      const bool by_dot =
          (i > 0 && text[i - 1] == '.') || (i + 1 < text.size() && text[i + 1] == '.');
      if (!by_dot) return text;
    }
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    return text;
  }

  // The measure number of a row: «1.2», or the plan item a report row cites («п. 2.3 Плана»).
  static std::optional<std::string> RowNumber(const std::string& cell) {
    if (std::optional<std::string> n = ParseMeasureNumber(cell)) return n;
    return ParsePlanCitation(cell);
  }

  // The filled cells' texts in order: the same header row whatever empty cells pad it.
  static std::string Signature(const Row& row) {
    std::string s;
    for (const Cell& c : row.cells) {
      if (!c.empty()) s += c.Text() + "\t";
    }
    return s;
  }

  static size_t FilledCells(const Row& row) {
    return std::count_if(row.cells.begin(), row.cells.end(),
                         [](const Cell& c) { return !c.empty() && !c.from_above; });
  }

  // The first or the number column holds text.
  bool LeadingCellFilled(const Row& row) const {
    return (!row.cells.empty() && !row.cells[0].empty()) ||
           (number_col_ < row.cells.size() && !row.cells[number_col_].empty());
  }

  static std::string FirstText(const Row& row) {
    for (const Cell& c : row.cells) {
      if (!c.empty()) return c.Text();
    }
    return "";
  }

  bool IsSection(const Row& row) const {
    if (row.cells.empty() || !AllEmptyExcept(row, 0)) return false;
    const std::string text = row.cells[0].Text();
    return ParseSectionHeading(text) && !ParseMeasureNumber(text) && !ParseYearRow(text);
  }

  // «2025 год» alone in the first or the number column: the deadline of the measures below.
  bool IsYearRow(const Row& row) const {
    return LeadingCellFilled(row) && FilledCells(row) == 1 && ParseYearRow(FirstText(row));
  }

  bool IsMeasure(const Row& row) const {
    return RowNumber(NumberCell(row)) && !AllEmptyExcept(row, number_col_);
  }

  // A section row whose number stands in the number column and its heading in the next
  // filled one: «I. | В сфере экономики», «Раздел 2 | …», or «1. | В сфере экономики» when the
  // rows below are numbered under it («1.1.»). Other rows of one number and one text are
  // measures numbered flat.
  std::optional<SectionHeading> SplitSection(size_t i, size_t number_col) const {
    const Row& row = table_.rows[i];
    if (number_col >= row.cells.size() || row.cells[number_col].empty() ||
        row.cells[number_col].from_above || FilledCells(row) != 2) {
      return std::nullopt;
    }
    std::string heading;
    for (size_t c = number_col + 1; c < row.cells.size() && heading.empty(); ++c) {
      if (!row.cells[c].empty()) heading = row.cells[c].Text();
    }
    const std::string number = row.cells[number_col].Text();
    if (heading.empty() || ParseYearRow(heading)) return std::nullopt;
    std::optional<SectionHeading> section = ParseSectionHeading(number + " " + heading);
    if (section && !section->number.empty() && !(number[0] >= '0' && number[0] <= '9')) {
      return section;  // Roman or «Раздел»
    }
    // «1.» above «1.1.», or a sub-heading «1.2.» above «1.2.1.».
    const std::optional<std::string> own = ParseMeasureNumber(number);
    if (!own || !NumberedBelow(i, number_col, *own)) return std::nullopt;
    return SectionHeading{*own, heading};
  }

  // Whether the next numbered row below row `i` is numbered under `number` («1.2» → «1.2.1»).
  bool NumberedBelow(size_t i, size_t number_col, const std::string& number) const {
    for (size_t k = i + 1; k < table_.rows.size(); ++k) {
      const Row& next = table_.rows[k];
      if (IsColumnNumbering(next) || number_col >= next.cells.size()) continue;
      const std::optional<std::string> below = ParseMeasureNumber(next.cells[number_col].Text());
      if (!below) continue;
      return below->rfind(number + ".", 0) == 0;
    }
    return false;
  }

  void Consume(size_t index) {
    const Row& row = table_.rows[index];
    if (IsColumnNumbering(row)) return;
    bool all_empty =
        std::all_of(row.cells.begin(), row.cells.end(), [](const Cell& c) { return c.empty(); });
    if (all_empty) return;
    // The header rows repeated after a page break or at the top of a continued table.
    if (std::find(header_rows_.begin(), header_rows_.end(), Signature(row)) != header_rows_.end()) {
      other_table_ = false;
      return;
    }
    if (other_table_) return;  // the rows of a table that is not the plan (warned at its header)
    if (IsOtherHeader(row)) {
      // A header «№ п/п | …» of columns other than the plan's: an annex table (contacts, a
      // list of bodies) after the plan, not a part of it.
      Flush();
      other_table_ = true;
      Warn(row.line, "a table headed «" + RowText(row) +
                         "» follows with other columns; it is not the plan's and is not read");
      return;
    }
    if (IsSection(row)) {
      Flush();
      StartSection(row);
      return;
    }
    if (std::optional<SectionHeading> split = SplitSection(index, number_col_)) {
      Flush();
      if (split->number.find('.') != std::string::npos) {
        section_.subsection_number = split->number;  // «1.2. | Обмен опытом» above «1.2.1.»
        lettered_base_.clear();
        section_.subsection_heading = split->heading;
        return;
      }
      year_row_.clear();
      CloseSection();
      section_ = Section{split->number, split->heading, {}, "", ""};
      ClassifySection(row.line);
      return;
    }
    // Totals and year rows write in the first or the number column; the same words in the
    // progress column of a continuation row («Всего за 2025 год …») are text.
    const bool leads = LeadingCellFilled(row);
    if (leads && IsTotalsRow(FirstText(row))) {
      Flush();  // «Итого: …» sums up the rows above; it is no measure
      return;
    }
    if (IsYearRow(row)) {
      Flush();
      year_row_ = FirstText(row);  // «2025 год»: the deadline of the measures that follow
      return;
    }
    if (number_col_ == kNoColumn) {
      // Unnumbered measures: a row with the measure's text starts one, a row without it
      // continues the one before.
      if (TextCell(row)) {
        Flush();
        StartMeasure(row, "");
      } else if (draft_) {
        AddCells(row, /*continuation=*/true);
      } else if (FilledCells(row) > 0) {
        Warn(row.line, "a continuation row with no measure before it; kept as a note of the next");
        orphan_notes_.push_back(RowText(row));
      }
      return;
    }
    const bool number_from_above =
        number_col_ < row.cells.size() && row.cells[number_col_].from_above;
    const std::string number_cell = number_from_above ? std::string() : NumberCell(row);
    if (std::optional<std::string> parsed = RowNumber(number_cell)) {
      const std::string& number = *parsed;
      if (draft_ && draft_->measure.number == number) {
        MergeRepeatedRow(row);
        return;
      }
      Flush();
      StartMeasure(row, number);
      return;
    }
    // «а)», «б)» under measure 3: its sub-items, measures «3а», «3б» (not ids by line).
    if (const std::optional<std::string> letter = ParseLetterItem(number_cell);
        letter && !lettered_base_.empty()) {
      Flush();
      StartMeasure(row, lettered_base_ + *letter);
      return;
    }
    if (number_cell.empty()) {
      if (!draft_) {
        if (FilledCells(row) == 0) return;  // only cells merged down from a section row
        Warn(row.line, "a continuation row with no measure before it; kept as a note of the next");
        orphan_notes_.push_back(RowText(row));
        return;
      }
      AddCells(row, /*continuation=*/true);
      return;
    }
    if (AllEmptyExcept(row, number_col_)) {
      Flush();
      if (std::optional<SectionHeading> sub = ParseSubsectionHeading(number_cell)) {
        section_.subsection_number = sub->number;  // «1.1. Проведение …» under section 1
        lettered_base_.clear();
        section_.subsection_heading = sub->heading;
        return;
      }
      // A heading without a number («Раздел …» or a bold line).
      CloseSection();
      section_ = Section{"", number_cell, {}, "", ""};
      ClassifySection(row.line);
      return;
    }
    const bool numbered_like =
        !number_cell.empty() && number_cell[0] >= '0' && number_cell[0] <= '9';
    if ((!drafts_.empty() || draft_) && !numbered_like) {
      bool text_empty = true;
      for (size_t c = 0; c < row.cells.size() && c < roles_.size(); ++c) {
        if (roles_[c] == Role::kText && !row.cells[c].empty()) text_empty = false;
      }
      if (text_empty) {
        // After the measures, a row with neither number nor measure text: the signatures
        // («Губернатор Санкт-Петербурга … Губернатор Приморского края»).
        Flush();  // kept in no measure: a signature is no fact of one
        return;
      }
    }
    Warn(row.line, "a row whose number cell «" + number_cell +
                       "» is not a measure number; kept as a measure of its own");
    Flush();
    StartMeasure(row, "");
  }

  // Whether the row has the measure's text of its own (not merged down from above).
  bool TextCell(const Row& row) const {
    for (size_t c = 0; c < row.cells.size() && c < roles_.size(); ++c) {
      if (roles_[c] == Role::kText && !row.cells[c].empty() && !row.cells[c].from_above)
        return true;
    }
    return false;
  }

  // A header row of another table: its number cell is a «№» header, and most of its other
  // cells are not among the plan's column names (a header repeated in parts, or merged
  // differently, is: «Ответственные исполнители» in «Ответственные исполнители от …»).
  bool IsOtherHeader(const Row& row) const {
    if (number_col_ >= row.cells.size()) return false;
    const std::string number = row.cells[number_col_].Text();
    if (RoleFromHeader(number) != Role::kNumber || ParseMeasureNumber(number)) return false;
    size_t cells = 0, known = 0;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      if (c == number_col_ || row.cells[c].empty()) continue;
      ++cells;
      const std::string key = MatchKey(row.cells[c].Text());
      known += std::any_of(column_names_.begin(), column_names_.end(), [&](const std::string& n) {
        const std::string name = MatchKey(n);
        return !name.empty() &&
               (name.find(key) != std::string::npos || key.find(name) != std::string::npos);
      });
    }
    return cells >= 2 && known * 2 < cells;
  }

  static std::string RowText(const Row& row) {
    std::string s;
    for (const Cell& c : row.cells) {
      if (c.empty()) continue;
      if (!s.empty()) s += " | ";
      s += c.Text();
    }
    return s;
  }

  void StartSection(const Row& row) {
    year_row_.clear();
    const auto heading = ParseSectionHeading(row.cells[0].Text());
    CloseSection();
    section_ = Section{heading->number, heading->heading, {}, "", ""};
    ClassifySection(row.line);
  }

  // The section's spheres. What the taxonomy does not know is said once a measure stands under
  // the section: a heading with none (the signatures after a table, read as a heading) is no
  // section to warn about.
  // A numbered section that no measure followed: a row lost to its layout, or a heading whose
  // measures are missing — said, since nothing of it reaches the index.
  void CloseSection() {
    if (section_line_ != 0 && !section_.number.empty() && !section_has_measure_) {
      Warn(section_line_, "section " + section_.number + " «" + section_.heading +
                              "» holds no measure; its text is in no measure");
    }
  }

  void ClassifySection(int line) {
    lettered_base_.clear();  // «а)» under a new heading is no sub-item of a measure above it
    section_line_ = line;
    section_has_measure_ = false;
    SphereTaxonomy::Classification c = taxonomy_.Classify(section_.heading);
    section_.spheres = std::move(c.spheres);
    section_warning_.reset();
    if (section_.spheres.empty()) {
      section_warning_ = Diagnostic{
          file_, line, "section «" + section_.heading + "» maps to no sphere of the taxonomy"};
    } else if (!c.unmatched_words.empty()) {
      std::string words;
      for (const std::string& w : c.unmatched_words) words += (words.empty() ? "" : ", ") + w;
      section_warning_ = Diagnostic{
          file_, line,
          "section «" + section_.heading + "»: words not in the sphere taxonomy: " + words};
    }
  }

  void StartMeasure(const Row& row, const std::string& number) {
    section_has_measure_ = true;
    if (section_warning_) {
      out_.warnings.push_back(std::move(*section_warning_));
      section_warning_.reset();
    }
    draft_.emplace();
    draft_->measure.number = number;
    // The number lettered sub-items take after them: a number's, not a sub-item's («3а»); none
    // after an unnumbered measure.
    if (ParseMeasureNumber(number)) {
      lettered_base_ = number;
    } else if (number.empty()) {
      lettered_base_.clear();
    }
    draft_->measure.section = section_;
    draft_->measure.line = row.line;
    draft_->year_row = year_row_;
    draft_->measure.notes = std::move(orphan_notes_);
    orphan_notes_.clear();
    if (!number.empty() && !section_.number.empty()) {
      const std::string head = number.substr(0, number.find('.'));
      if (head != section_.number && number.find('.') != std::string::npos) {
        Warn(row.line, "measure " + number + " is under section " + section_.number);
      }
    }
    // Plain numbers may restart in every section («Раздел II», № 1): compared within one.
    const std::string seen_key =
        number.find('.') == std::string::npos ? section_.number + "|" + number : number;
    if (auto it = seen_numbers_.find(seen_key); !number.empty() && it != seen_numbers_.end()) {
      Warn(row.line, "measure number " + number + " was already used on line " +
                         std::to_string(it->second) + "; both are kept");
    }
    seen_numbers_.emplace(seen_key, row.line);
    AddCells(row, /*continuation=*/false);
  }

  // Footnote paragraphs («*ликвидировано …») leave the cell and become notes.
  std::vector<std::string> TakeParagraphs(const Cell& cell) {
    std::vector<std::string> kept;
    for (const std::string& p : cell.paragraphs) {
      if (p.front() == '*') {
        std::string note = AfterStars(p);
        if (note.empty()) {
          draft_->markers.insert(Stars(p));  // a lone «*»: a marker whose note is below the table
        } else {
          draft_->measure.notes.push_back(std::move(note));
        }
      } else if (p.back() == '*') {
        // «…регионов*»: a footnote marker; the note arrives from the foot of the table.
        const size_t end = p.find_last_not_of("* ") + 1;
        draft_->markers.insert(Stars(p.substr(end)));
        std::string text = p.substr(0, end);
        if (!text.empty()) kept.push_back(std::move(text));
      } else {
        kept.push_back(p);
      }
    }
    return kept;
  }

  void AddCells(const Row& row, bool continuation) {
    Measure& m = draft_->measure;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const Cell& cell = row.cells[c];
      for (const std::string& note : cell.notes) m.notes.push_back(note);
      // A cell merged down over the rows of one measure was read on its first row.
      if (continuation && cell.from_above) continue;
      if (c == number_col_ || cell.empty()) continue;
      Role role = c < roles_.size() ? roles_[c] : Role::kOther;
      // One cell merged across both parties' columns: its bodies' sides are told by name.
      if (role == Role::kSpb || role == Role::kPartner) {
        for (size_t k = c + 1; k < c + cell.colspan && k < roles_.size(); ++k) {
          if ((roles_[k] == Role::kSpb || roles_[k] == Role::kPartner) && roles_[k] != role)
            role = Role::kAgencies;
        }
      }
      std::vector<std::string> paragraphs = TakeParagraphs(row.cells[c]);
      if (paragraphs.empty()) continue;
      std::string joined;
      for (const std::string& p : paragraphs) JoinText(&joined, p);
      switch (role) {
        case Role::kText:
          JoinText(&m.text, joined);
          break;
        case Role::kSpb:
          agencies_.Append(&draft_->spb, paragraphs, continuation);
          break;
        case Role::kPartner:
          agencies_.Append(&draft_->partner, paragraphs, continuation);
          break;
        case Role::kAgencies:
          agencies_.Append(&draft_->unsided, paragraphs, continuation);
          break;
        case Role::kDeadline:
          JoinText(&draft_->deadline, joined);
          break;
        case Role::kProgress:
          // Each paragraph reports one event; a continued cell's first paragraph may finish
          // the entry cut by the page break.
          for (size_t k = 0; k < paragraphs.size(); ++k) {
            if (k == 0 && continuation && !m.progress.empty() && StartsWithLower(paragraphs[0])) {
              JoinText(&m.progress.back(), paragraphs[0]);
            } else {
              m.progress.push_back(paragraphs[k]);
            }
          }
          break;
        case Role::kNotes:
          m.notes.push_back(std::move(joined));
          break;
        case Role::kNumber:
          if (c != number_col_) break;  // the row count beside a «Пункт Плана» column
          [[fallthrough]];
        case Role::kOther:
          if (role == Role::kOther && c < column_names_.size() && !column_names_[c].empty()) {
            AddExtra(&m, column_names_[c], joined);  // «Ожидаемый результат»: a named field
            break;
          }
          [[fallthrough]];
        case Role::kPlanItem:
          Warn(row.cells[c].line,
               "text in a column with no known role kept as a note: «" + joined + "»");
          m.notes.push_back(std::move(joined));
          break;
      }
    }
  }

  static void AddExtra(Measure* m, const std::string& name, const std::string& text) {
    for (auto& [field, value] : m->extra) {
      if (field == name) {
        JoinText(&value, text);
        return;
      }
    }
    m->extra.emplace_back(name, text);
  }

  void MergeRepeatedRow(const Row& row) {
    Draft again;
    again.measure.number = draft_->measure.number;
    std::swap(again, *draft_);  // parse the repeat into a fresh draft, then reconcile
    AddCells(row, /*continuation=*/false);
    std::swap(again, *draft_);
    Draft& kept = *draft_;
    const std::string& number = kept.measure.number;
    auto reconcile = [&](std::string* field, const std::string& value, const char* what) {
      if (value.empty()) return;
      if (!MergeRepeated(field, value)) {
        Warn(row.line, std::string("measure ") + number + " repeated with a different " + what +
                           "; both kept");
        JoinText(field, value);
      }
    };
    reconcile(&kept.measure.text, again.measure.text, "text");
    reconcile(&kept.deadline, again.deadline, "deadline");
    auto reconcile_list = [](std::vector<std::string>* list, const std::vector<std::string>& more) {
      for (const std::string& item : more) {
        bool known = false;
        for (std::string& have : *list) {
          if (MergeRepeated(&have, item)) {
            known = true;
            break;
          }
        }
        if (!known) list->push_back(item);
      }
    };
    reconcile_list(&kept.spb, again.spb);
    reconcile_list(&kept.partner, again.partner);
    reconcile_list(&kept.unsided, again.unsided);
    reconcile_list(&kept.measure.progress, again.measure.progress);
    reconcile_list(&kept.measure.notes, again.measure.notes);
    kept.markers.insert(again.markers.begin(), again.markers.end());
  }

  void Flush() {
    if (!draft_) return;
    drafts_.push_back(std::move(*draft_));
    draft_.reset();
  }

  // Footnotes after the table belong to the measures that carry a marker.
  void AttachTrailerFootnotes() {
    for (const TextLine& line : table_.stray) {
      if (drafts_.empty()) break;
      Warn(line.line, "text between table rows kept as a note: «" + line.text + "»");
      drafts_.back().measure.notes.push_back(line.text);
    }
    for (const TextLine& line : table_.trailer) {
      if (line.text.front() != '*') continue;
      const std::string note = CollapseSpaces(AfterStars(line.text));
      if (note.empty()) continue;
      // «** …» belongs to the measures marked «**»; when none is, to every marked measure.
      const std::string marker = Stars(line.text);
      const bool exact = std::any_of(drafts_.begin(), drafts_.end(),
                                     [&](const Draft& d) { return d.markers.count(marker) > 0; });
      bool attached = false;
      for (Draft& d : drafts_) {
        if (exact ? d.markers.count(marker) > 0 : !d.markers.empty()) {
          d.measure.notes.push_back(note);
          attached = true;
        }
      }
      if (!attached) Warn(line.line, "footnote with no marked measure: «" + note + "»");
    }
  }

  // Of a heading naming several spheres, those the measure is about: the ones its text speaks
  // of (names of bodies aside); else the ones its St Petersburg agencies are for («Комитет по
  // развитию туризма»), else its partner's; else all of the heading's.
  std::vector<std::string> OwnSpheres(const Measure& m) const {
    const std::vector<std::string>& heading = m.section.spheres;
    if (heading.size() < 2) return heading;
    auto of_heading = [&](const std::vector<std::string>& found) {
      std::vector<std::string> own;
      for (const std::string& s : heading) {
        if (std::find(found.begin(), found.end(), s) != found.end()) own.push_back(s);
      }
      return own;
    };
    std::vector<std::string> own = of_heading(taxonomy_.ClassifyText(m.text));
    // One column for both parties: its names, before they are given a side.
    const std::vector<std::string>& unsided = out_.unsided.back();
    for (const auto* agencies : {&m.spb_agencies, &unsided, &m.partner_agencies}) {
      if (!own.empty()) break;
      std::string names;
      for (const std::string& a : *agencies) names += a + ". ";
      own = of_heading(taxonomy_.Classify(names).spheres);
    }
    return own.empty() ? heading : own;
  }

  [[nodiscard]] bool HasRole(Role role) const {
    return std::find(roles_.begin(), roles_.end(), role) != roles_.end();
  }

  Measure Finish(Draft d) {
    Measure m = std::move(d.measure);
    m.spb_agencies = AgencyList::Names(d.spb);
    m.partner_agencies = AgencyList::Names(d.partner);
    out_.unsided.push_back(AgencyList::Names(d.unsided));
    m.deadline.raw = JoinBrokenRanges(CollapseSpaces(d.deadline.empty() ? d.year_row : d.deadline));
    // «II квартал» under the «2026 год» row is the second quarter of 2026: a deadline without
    // a year of its own keeps the row's, shown beside it.
    if (!d.deadline.empty() && !d.year_row.empty() &&
        !ParseDeadline(d.deadline, std::nullopt, std::nullopt).to) {
      m.deadline.raw += " (" + CollapseSpaces(d.year_row) + ")";
    }
    m.spheres = OwnSpheres(m);
    const std::string label = m.number.empty() ? "on line " + std::to_string(m.line) : m.number;
    if (m.text.empty()) Warn(m.line, "measure " + label + " has no text");
    // A PDF prints a cell merged down over several measures on its first row only: say so,
    // as the text layer cannot tell it from a cell left empty.
    const std::string merged =
        table_.layout == TableLayout::kPositioned ? kMergedInPdf : std::string();
    if (m.spb_agencies.empty() && m.partner_agencies.empty() && out_.unsided.back().empty()) {
      Warn(m.line, "measure " + label + " names no responsible agency" + merged);
    } else if (HasRole(Role::kSpb) && HasRole(Role::kPartner) &&
               (m.spb_agencies.empty() || m.partner_agencies.empty())) {
      Warn(m.line, "measure " + label + " names no agency " +
                       (m.spb_agencies.empty() ? "of St Petersburg" : "of the partner region") +
                       " (its cell is empty)" + merged);
    }
    return m;
  }

  // Numbers that restart in every section («Раздел III», № 2) are qualified by the section
  // («3.2»), so that every measure keeps its own number.
  void QualifyRestartedNumbers() {
    std::unordered_map<std::string, std::string> section_of;  // plain number → section
    bool restarts = false;
    for (const Draft& d : drafts_) {
      const std::string& n = d.measure.number;
      if (n.empty() || n.find('.') != std::string::npos) continue;
      auto [it, fresh] = section_of.emplace(n, d.measure.section.number);
      if (!fresh && it->second != d.measure.section.number) restarts = true;
    }
    if (!restarts) return;
    for (Draft& d : drafts_) {
      std::string& n = d.measure.number;
      if (!n.empty() && n.find('.') == std::string::npos && !d.measure.section.number.empty()) {
        n = d.measure.section.number + "." + n;
      }
    }
  }

  const TableText& table_;
  const std::string& file_;
  const AgencyList& agencies_;
  const SphereTaxonomy& taxonomy_;
  const bool report_;  // the title names a report
  std::vector<Role> roles_;
  std::vector<std::string> column_names_;  // header text of each column
  std::vector<std::string> header_rows_;   // signatures of the header rows
  bool other_table_ = false;               // reading the rows of a table that is not the plan
  std::string year_row_;
  std::optional<Diagnostic> section_warning_;  // the current section's, until a measure
  int section_line_ = 0;                       // where the current section started
  bool section_has_measure_ = false;
  static constexpr size_t kNoColumn = static_cast<size_t>(-1);
  size_t number_col_ = 0;  // kNoColumn: the measures are unnumbered
  Section section_;
  std::optional<Draft> draft_;
  std::vector<Draft> drafts_;
  std::vector<std::string> orphan_notes_;
  std::string lettered_base_;  // the last measure number, which «а)», «б)» rows continue
  std::unordered_map<std::string, int> seen_numbers_;
  AssembledTable out_;
};

}  // namespace

AssembledTable AssembleMeasures(const TableText& table, const std::string& file,
                                const AgencyList& agencies, const SphereTaxonomy& taxonomy,
                                bool report) {
  return Assembler(table, file, agencies, taxonomy, report).Run();
}

}  // namespace karta
