#include "index/document_parser.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unordered_map>

#include "index/agency_list.h"
#include "index/agency_side.h"
#include "index/agreement_header.h"
#include "index/deadline.h"
#include "index/formats/document_format.h"
#include "index/gazetteer.h"
#include "index/index_schema.h"
#include "index/measure_assembler.h"
#include "index/sphere_taxonomy.h"
#include "index/stage_times.h"
#include "stemmers/unicode_text.h"

namespace karta {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 256u << 20;  // a roadmap is far smaller

ParseResult ParseBytes(std::string_view bytes, const std::string& path);

ParseResult Reject(const std::string& path, int line, std::string message) {
  ParseResult r;
  r.error = Diagnostic{path, line, std::move(message)};
  return r;
}

std::string BaseName(const std::string& path) {
  return schema::DisplayName(std::filesystem::path(path).filename().string());
}

// Measure numbers in sequence: each after the one before («1.3» → «1.4», «2.1», «3»), though
// a report may skip the items it has nothing on.
bool NumberFollows(const std::string& prev, const std::string& next) {
  auto parts = [](const std::string& n) {
    std::vector<long> out;
    size_t start = 0;
    while (start < n.size()) {
      size_t end = n.find('.', start);
      if (end == std::string::npos) end = n.size();
      out.push_back(std::strtol(n.substr(start, end - start).c_str(), nullptr, 10));
      start = end + 1;
    }
    return out;
  };
  return parts(prev) < parts(next);
}

// A roadmap declares itself: a title naming the parties or the kind of document, or column
// headers naming the measures; and its measures are numbered in sequence. A table of anything
// else (a price list, random words) is refused rather than indexed as a plan.
std::optional<std::string> NotARoadmap(const TableText& table, const AssembledTable& assembled) {
  std::string preamble;
  for (const TextLine& line : table.preamble) preamble += MatchKey(line.text) + " ";
  const bool titled = preamble.find("план") != std::string::npos ||
                      preamble.find("дорожн") != std::string::npos ||
                      preamble.find("отчет") != std::string::npos ||
                      preamble.find("мероприят") != std::string::npos ||
                      preamble.find("санкт-петербург") != std::string::npos;
  if (!titled && !assembled.headers_recognised) {
    return std::string(
        "does not look like a roadmap: no title naming the parties or the plan, and no column "
        "headers naming the measures");
  }
  size_t numbered = 0, in_sequence = 0;
  const std::string* prev = nullptr;
  for (const Measure& m : assembled.measures) {
    if (m.number.empty()) continue;
    if (prev != nullptr) {
      ++numbered;
      in_sequence += NumberFollows(*prev, m.number);
    }
    prev = &m.number;
  }
  if (numbered >= 4 && in_sequence * 2 < numbered) {
    return "does not look like a roadmap: its measure numbers are not in sequence (only " +
           std::to_string(in_sequence) + " of " + std::to_string(numbered + 1) +
           " follow the one before)";
  }
  return std::nullopt;
}

// An institution named by its legal form's initials or its quoted name: «ГБУК «…»»,
// «АНО «…»», «„Музей“».
bool NamesInstitution(const std::string& name) {
  const std::string first = name.substr(0, name.find(' '));
  return first.rfind("«", 0) == 0 || first.rfind("\"", 0) == 0 || IsAbbreviation(first);
}

// Agencies of a column that lists both sides go to the side rules of agency_side.h decide.
void AssignSides(const Region* partner, const std::vector<std::vector<std::string>>& unsided,
                 Agreement* a) {
  AgencySides sides(partner, Gazetteer::Default());
  for (const Measure& m : a->measures) {
    sides.Learn(m.spb_agencies, AgencySide::kSpb);
    sides.Learn(m.partner_agencies, AgencySide::kPartner);
  }
  for (const std::vector<std::string>& names : unsided) sides.LearnMentions(names);
  for (size_t i = 0; i < a->measures.size() && i < unsided.size(); ++i) {
    Measure& m = a->measures[i];
    // An institution the rules cannot place follows the body listed before it, which it
    // answers to («Комитет по образованию Санкт-Петербурга; ГБНОУ «Академия талантов»»); an
    // executive body («Агентство по туризму») goes by the governments' structure.
    const std::string* placed = nullptr;
    AgencySide placed_side = AgencySide::kSpb;
    for (const std::string& name : unsided[i]) {
      SideDecision d = sides.Decide(name);
      std::string reason = d.side == AgencySide::kSpb ? "St Petersburg's (a committee)"
                                                      : "the partner's (not a committee)";
      if (d.unsure && placed != nullptr && NamesInstitution(name)) {
        d.side = placed_side;
        reason = std::string(d.side == AgencySide::kSpb ? "St Petersburg's" : "the partner's") +
                 ", as «" + *placed + "» before it";
      } else if (!d.unsure) {
        placed = &name;
        placed_side = d.side;
      }
      auto& list = d.side == AgencySide::kSpb ? m.spb_agencies : m.partner_agencies;
      if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
      if (d.unsure) {
        a->warnings.push_back(
            Diagnostic{a->file, m.line, "«" + name + "» names neither party; taken as " + reason});
      }
    }
  }
}

}  // namespace

ParseResult ParseDocumentFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Reject(path, 0, "no such file");
  if (fs::is_directory(status)) return Reject(path, 0, "is a directory, not a document");
  if (!fs::is_regular_file(status)) return Reject(path, 0, "is not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    return Reject(path, 0,
                  "is " + std::to_string(size >> 20) +
                      " MiB; a roadmap document is expected to be far smaller");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Reject(path, 0, "cannot be opened for reading (permissions?)");
  std::string bytes(ec ? 0 : size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  // A file that grew after its size was taken: the rest too, up to the limit.
  char more[1 << 16];
  while (in && bytes.size() <= kMaxFileBytes) {
    in.read(more, sizeof more);
    bytes.append(more, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Reject(path, 0, "read error");
  return ParseDocumentBytes(bytes, path);
}

ParseResult ParseDocumentBytes(std::string_view bytes, const std::string& path) {
  // Every reader returns its failures as values; this guard turns anything a damaged or
  // hostile file still provokes (an allocation it asked for, a library's exception) into a
  // rejection of that file, so that the other files of a run go on.
  try {
    return ParseBytes(bytes, path);
  } catch (const std::bad_alloc&) {
    return Reject(path, 0, "needs more memory than a roadmap can (a damaged or hostile file?)");
  } catch (const std::exception& e) {
    return Reject(path, 0, std::string("could not be read: ") + e.what());
  }
}

namespace {

ParseResult ParseBytes(std::string_view bytes, const std::string& path) {
  DocumentFormat format = DocumentFormat::kText;
  StageTimer decode(IngestStage::kDecode);
  FormatReadResult read = ReadDocumentTable(bytes, &format);
  decode.Stop();
  if (!read.table) return Reject(path, 0, read.error);
  StageTimer assemble(IngestStage::kAssemble);

  Agreement a;
  a.path = path;
  a.file = BaseName(path);
  a.encoding = read.encoding;
  a.format = DocumentFormatName(format);
  a.layout = TableLayoutName(read.table->layout);

  const TableText& table = *read.table;
  AssembledTable assembled = AssembleMeasures(
      table, a.file, AgencyList::Default(), SphereTaxonomy::Default(),
      ParseAgreementHeader(table.preamble, "", Gazetteer::Default()).kind == DocumentKind::kReport);
  if (assembled.measures.empty()) {
    const int line = table.rows.empty() ? 0 : table.rows.front().line;
    // A damaged file may have lost its table: what the reader found broken is said too.
    const std::string damage = read.damage.empty() ? "" : "; " + read.damage;
    return Reject(
        path, line,
        (table.rows.empty() ? std::string("no table found: expected the table of a roadmap plan or "
                                          "report (read as ") +
                                  a.format + ")"
                            : "no measure found in the table (no row numbered like «1.1»)") +
            damage);
  }

  if (std::optional<std::string> why = NotARoadmap(table, assembled)) return Reject(path, 0, *why);

  const AgreementHeader header =
      ParseAgreementHeader(table.preamble, assembled.header_text, Gazetteer::Default());
  a.kind = header.kind;
  a.title = header.title;
  if (header.region != nullptr) {
    a.region = header.region->name;
    a.region_code = header.region->code;
  }
  a.period_from = header.period_from;
  a.period_to = header.period_to;
  a.report_year = header.report_year;
  for (const std::string& problem : header.problems) {
    a.warnings.push_back(Diagnostic{a.file, header.title_line, problem});
  }
  for (Diagnostic& w : assembled.warnings) a.warnings.push_back(std::move(w));
  for (int line : read.repaired_lines) {
    a.warnings.push_back(Diagnostic{a.file, line, "bytes that are not UTF-8 replaced by «\uFFFD»"});
  }

  a.measures = std::move(assembled.measures);
  AssignSides(header.region, assembled.unsided, &a);
  // A table with no deadline at all (a report without a «Срок» column) is said once.
  const bool no_deadlines = std::all_of(a.measures.begin(), a.measures.end(),
                                        [](const Measure& m) { return m.deadline.raw.empty(); });
  if (no_deadlines && !a.measures.empty()) {
    a.warnings.push_back(Diagnostic{a.file, a.measures.front().line,
                                    "no measure has a deadline; the agreement period is assumed "
                                    "for every one"});
  }
  for (Measure& m : a.measures) {
    m.deadline = ParseDeadline(m.deadline.raw, a.period_from, a.period_to);
    if (m.deadline.raw.empty() && no_deadlines) {
      continue;
    } else if (m.deadline.raw.empty()) {
      a.warnings.push_back(
          Diagnostic{a.file, m.line,
                     "measure " + m.number + " has no deadline; the agreement period is assumed" +
                         (read.table->layout == TableLayout::kPositioned ? kMergedInPdf : "")});
    } else if (a.period_from && a.period_to && m.deadline.from && m.deadline.to &&
               (*m.deadline.from < *a.period_from || *m.deadline.to > *a.period_to)) {
      a.warnings.push_back(Diagnostic{a.file, m.line,
                                      "measure " + m.number + " deadline «" + m.deadline.raw +
                                          "» lies outside the agreement period"});
    }
  }
  a.AssignIds();
  ParseResult r;
  r.agreement = std::move(a);
  return r;
}

}  // namespace

}  // namespace karta
