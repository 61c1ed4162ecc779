// The stored record of a measure, defined once (index/stored_record.h): what the writer
// encodes is what every reader decodes, field for field.
#include "index/stored_record.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "tests/test_support.h"

namespace karta {
namespace {

Agreement SampleAgreement() {
  Agreement a;
  a.file = "plan.docx";
  a.path = "/data/plan.docx";
  a.kind = DocumentKind::kReport;
  a.title = "ОТЧЁТ об исполнении «дорожной карты»";
  a.region = "Смоленская область";
  a.region_code = "SMO";
  a.period_from = 2021;
  a.period_to = 2023;
  a.report_year = 2023;
  a.format = "DOCX";
  a.warnings.push_back({"plan.docx", 12, "a row without a number was joined to 2.1"});
  Measure m;
  m.id = "SMO-2021-2023-R2023:2.1";
  m.number = "2.1";
  m.section = {"2", "В сфере культуры", {"Культура"}, "2.1", "Совместные мероприятия"};
  m.text = "Проведение R&D <семинаров> \"по\" обмену опытом";
  m.spheres = {"Культура", "Туризм"};
  m.spb_agencies = {"Комитет по культуре", "КГИОП"};
  m.partner_agencies = {"Министерство культуры Смоленской области"};
  m.deadline = {"Ежегодно", 2021, 2023, true, true};
  m.progress = {"14.03.2022 проведён семинар", "2023: выставка"};
  m.notes = {"¹ по согласованию"};
  m.extra = {{"Ожидаемый результат", "обмен опытом"}, {"Примечание", "—"}};
  m.line = 33;
  a.measures.push_back(m);
  m.id = "SMO-2021-2023-R2023:2.2";
  m.number = "2.2";
  a.measures.push_back(m);
  return a;
}

void ExpectSame(const StoredRecord& a, const StoredRecord& b) {
  EXPECT_EQ(RecordJson(a), RecordJson(b));
  const Measure &x = a.measure, &y = b.measure;
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.number, y.number);
  EXPECT_EQ(x.section.number, y.section.number);
  EXPECT_EQ(x.section.heading, y.section.heading);
  EXPECT_EQ(x.section.spheres, y.section.spheres);
  EXPECT_EQ(x.section.subsection_number, y.section.subsection_number);
  EXPECT_EQ(x.section.subsection_heading, y.section.subsection_heading);
  EXPECT_EQ(x.text, y.text);
  EXPECT_EQ(x.spheres, y.spheres);
  EXPECT_EQ(x.spb_agencies, y.spb_agencies);
  EXPECT_EQ(x.partner_agencies, y.partner_agencies);
  EXPECT_EQ(x.deadline.raw, y.deadline.raw);
  EXPECT_EQ(x.deadline.from, y.deadline.from);
  EXPECT_EQ(x.deadline.to, y.deadline.to);
  EXPECT_EQ(x.deadline.annual, y.deadline.annual);
  EXPECT_EQ(x.deadline.inferred, y.deadline.inferred);
  EXPECT_EQ(x.progress, y.progress);
  EXPECT_EQ(x.notes, y.notes);
  EXPECT_EQ(x.extra, y.extra);
  EXPECT_EQ(x.line, y.line);
  EXPECT_EQ(a.agreement, b.agreement);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.region_code, b.region_code);
  EXPECT_EQ(a.period_from, b.period_from);
  EXPECT_EQ(a.period_to, b.period_to);
  EXPECT_EQ(a.report_year, b.report_year);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.file, b.file);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.agreement_warnings, b.agreement_warnings);
}

TEST(StoredRecord, RoundTripsEveryField) {
  const Agreement a = SampleAgreement();
  const StoredRecord first = MakeStoredRecord(a, a.measures[0], "SMO-2021-2023-R2023", a.path);
  const StoredRecord back = DecodeRecord(EncodeRecord(first));
  ExpectSame(first, back);
  EXPECT_EQ(back.measure.text, "Проведение R&D <семинаров> \"по\" обмену опытом");
  EXPECT_EQ(back.kind, DocumentKind::kReport);
  ASSERT_TRUE(back.agreement_warnings);
  EXPECT_EQ(back.agreement_warnings->front(),
            "plan.docx:12: a row without a number was joined to 2.1");
  // The agreement's warnings ride on its first measure only.
  const StoredRecord second = MakeStoredRecord(a, a.measures[1], "SMO-2021-2023-R2023", a.path);
  EXPECT_FALSE(second.agreement_warnings);
  ExpectSame(second, DecodeRecord(EncodeRecord(second)));
}

TEST(StoredRecord, OlderOrOddRecordsDecodeWithDefaults) {
  const StoredRecord r = DecodeRecord(
      R"({"id": "PER-2024-2026:1.1", "text": 5, "deadline": "2024", "progress": ["a", 3],
          "period": {"from": 2024}, "kind": "plan"})");
  EXPECT_EQ(r.measure.id, "PER-2024-2026:1.1");
  EXPECT_EQ(r.measure.text, "");  // of another type: the default
  EXPECT_EQ(r.measure.deadline.raw, "");
  EXPECT_EQ(r.measure.progress, std::vector<std::string>{"a"});
  EXPECT_EQ(r.period_from, 2024);
  EXPECT_FALSE(r.period_to);
  EXPECT_FALSE(r.agreement_warnings);
}

TEST(StoredRecord, BytesThatAreNoRecordAreADamagedIndex) {
  for (const std::string bad : {"", "[1, 2]", "{\"id\": ", "\xff\xfe{}", "null"}) {
    EXPECT_THROW((void)DecodeRecord(bad), Xapian::DatabaseCorruptError) << bad;
  }
}

TEST(StoredRecord, EveryRecordOfTheCorpusIndexReencodesToItsBytes) {
  const Xapian::Database db(testing::SharedCorpusIndex());
  size_t n = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it, ++n) {
    const std::string data = db.get_document(*it).get_data();
    const StoredRecord r = DecodeRecord(data);
    EXPECT_EQ(EncodeRecord(r), data) << r.measure.id;
    EXPECT_FALSE(r.measure.id.empty());
    EXPECT_FALSE(r.agreement.empty());
  }
  EXPECT_EQ(n, 143u);
}

}  // namespace
}  // namespace karta
