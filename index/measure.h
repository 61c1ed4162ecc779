// The ingestion data model: an agreement (one roadmap plan or execution report) and its
// measures, exactly as understood from one document. This is also the JSON contract of
// `karta parse` and the unit the indexer stores.
#ifndef KARTA_INDEX_MEASURE_H_
#define KARTA_INDEX_MEASURE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace karta {

enum class DocumentKind { kPlan, kReport };

[[nodiscard]] const char* DocumentKindName(DocumentKind kind);

// A problem found in a document, with the 1-based line it concerns (0 = whole file).
struct Diagnostic {
  std::string file;
  int line = 0;
  std::string message;

  // "file:line: message" (or "file: message" when line is 0).
  [[nodiscard]] std::string ToString() const;
};

struct Deadline {
  std::string raw;          // as written, whitespace normalised: «2021-2023 годы»
  std::optional<int> from;  // first year covered
  std::optional<int> to;    // last year covered
  bool annual = false;      // «Ежегодно …»: every year of the agreement period
  bool inferred = false;    // years taken from the agreement period, not from `raw`
};

struct Section {
  std::string number;  // «1»; empty for an unnumbered heading
  std::string heading;  // «В торгово-экономической и инвестиционной сферах»
  std::vector<std::string> spheres;  // canonical spheres of the heading
  // A numbered sub-heading inside the section («1.1. Проведение совместных мероприятий»).
  std::string subsection_number;  // «1.1»
  std::string subsection_heading;  // «Проведение совместных мероприятий»
};

struct Measure {
  std::string id;      // stable and unique across a corpus: «PER-2024-2026:10.1»
  std::string number;  // as numbered in the document, without trailing dot
  Section section;
  std::string text;  // the full measure text, continuations joined
  // The measure's own spheres: of a heading naming several («культуры, туризма и архивного
  // дела»), those its text speaks of; all of the heading's when it speaks of none of them.
  std::vector<std::string> spheres;
  std::vector<std::string> spb_agencies;      // as written, one entry per agency
  std::vector<std::string> partner_agencies;  // as written, one entry per agency
  Deadline deadline;
  std::vector<std::string> progress;  // report entries, one per reported event
  std::vector<std::string> notes;     // footnotes attached to the measure
  // Columns the model has no field for («Ожидаемый результат»): header → text, in order.
  std::vector<std::pair<std::string, std::string>> extra;
  int line = 0;  // line of the row that opened the measure
};

struct Agreement {
  std::string file;  // base name of the input
  std::string path;  // path as given
  DocumentKind kind = DocumentKind::kPlan;
  std::string title;        // the title block, markup removed, one line
  std::string region;       // canonical nominative name of the partner region
  std::string region_code;  // gazetteer code (ISO 3166-2:RU where one exists)
  std::optional<int> period_from;
  std::optional<int> period_to;
  std::optional<int> report_year;
  std::string encoding;  // detected source encoding: UTF-8, windows-1251, UTF-16LE …
  std::string format;    // «text», «DOCX», «ODT», «HTML», «PDF»
  std::string layout;    // how the table was laid out (TableLayoutName)
  std::vector<Measure> measures;
  std::vector<Diagnostic> warnings;
  // Set by the indexer when another, different document of the index already claims Key()
  // (the same partner, kind and period): «~3fa2», from the file name, keeps both apart.
  std::string key_suffix;

  // «PER-2024-2026» (plans) or «SMO-2021-2023-R2023» (reports); the prefix of measure ids.
  // Without a recognised partner region, «UNK-» and a hash of the file name.
  [[nodiscard]] std::string Key() const;
  // Gives every measure its id «Key():number» («~2» on a repeated number).
  void AssignIds();
};

}  // namespace karta

#endif  // KARTA_INDEX_MEASURE_H_
