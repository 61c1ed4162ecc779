// libFuzzer harness: the small text analysers fed one string each — the deadline parser, the
// agency canonicaliser and list splitter, measure numbering and cell markup.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/agency_canon.h"
#include "index/agency_list.h"
#include "index/cell_markup.h"
#include "index/deadline.h"
#include "index/numbering.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const karta::Deadline d = karta::ParseDeadline(text, 2024, 2026);
  if (d.from && d.to && *d.from > *d.to) __builtin_trap();
  (void)karta::AgencyKey(text);
  (void)karta::AgencyList::Names({text});
  (void)karta::ParseMeasureNumber(text);
  (void)karta::ParsePlanCitation(text);
  (void)karta::ParseSectionHeading(text);
  (void)karta::ParseSubsectionHeading(text);
  (void)karta::ParseYearRow(text);
  (void)karta::CellParagraphs(text);
  return 0;
}
