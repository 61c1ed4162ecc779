// End-to-end: plan ↔ report execution on a hand-made plan and report of Pskov where every link
// is known (tests/fixtures/execution/), and on the bundled corpus, whose Smolensk report has
// no plan.
#include <gtest/gtest.h>

#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "index/execution_links.h"
#include "index/index_schema.h"
#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;

class ExecutionCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new testing::TempDir();
    db_ = (tmp_->path() / "db").string();
    const auto r = RunKarta(
        {"index", "--quiet", "--db", db_, KARTA_CORPUS_DIR, testing::FixturePath("execution")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete tmp_; }
  static nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--db", db_, "--format", "json"});
    const auto r = RunKarta(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
  }
  static testing::TempDir* tmp_;
  static std::string db_;
};
testing::TempDir* ExecutionCli::tmp_ = nullptr;
std::string ExecutionCli::db_;

TEST_F(ExecutionCli, EveryKnownLinkIsFoundByNumberOrByText) {
  nlohmann::json out = Json({"execution", "-r", "Псковская"});
  std::map<std::string, std::string> got;  // plan measure → "report measure by method"
  for (const auto& m : out["measures"]) {
    for (const auto& l : m["reports"]) {
      got[m["id"]] = l["report_id"].get<std::string>() + " by " + l["method"].get<std::string>();
    }
  }
  const std::map<std::string, std::string> expected = {
      {"PSK-2022-2024:1.1", "PSK-2022-2024-R2023:1.1 by number"},
      {"PSK-2022-2024:1.2", "PSK-2022-2024-R2023:1.2 by number"},
      {"PSK-2022-2024:2.2", "PSK-2022-2024-R2023:2.5 by text"},  // reworded, renumbered
      {"PSK-2022-2024:2.3", "PSK-2022-2024-R2023:2.2 by text"},  // its number is 2.2's
      {"PSK-2022-2024:3.1", "PSK-2022-2024-R2023:3.1 by number"}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(out["plan_measures"], 7);
  EXPECT_EQ(out["reported"], 5);
  ASSERT_EQ(out["reports"].size(), 1u);
  EXPECT_EQ(out["reports"][0]["plan"], "PSK-2022-2024");
  EXPECT_EQ(out["reports"][0]["linked"], 5);
  EXPECT_EQ(out["reports"][0]["unlinked"], nlohmann::json::array({"PSK-2022-2024-R2023:3.9"}));
  for (const auto& a : out["by_agency"]) {
    if (a["name"] == "Комитет по туризму Псковской области") {
      EXPECT_EQ(a["measures"], 2);
      EXPECT_EQ(a["reported"], 2);
    }
  }
  // A year without a report: the same plan measures, none reported.
  nlohmann::json y2022 = Json({"execution", "-r", "Псковская", "--year", "2022"});
  EXPECT_EQ(y2022["plan_measures"], 7);
  EXPECT_EQ(y2022["reported"], 0);
}

TEST_F(ExecutionCli, TheSmolenskReportWithoutItsPlanStandsAlone) {
  nlohmann::json out = Json({"execution", "-r", "Смоленская"});
  EXPECT_EQ(out["plan_measures"], 0);
  ASSERT_EQ(out["reports"].size(), 1u);
  EXPECT_TRUE(out["reports"][0]["plan"].is_null());
  EXPECT_EQ(out["reports"][0]["measures"], 11);
  EXPECT_EQ(out["reports"][0]["entries"], 24);
  const auto table = RunKarta({"execution", "--db", db_, "-r", "Смоленская"});
  EXPECT_NE(table.out.find("its measures stand alone"), std::string::npos) << table.out;
  // The four plans of the corpus have no report: every one of their measures is unreported.
  nlohmann::json all = Json({"execution"});
  EXPECT_EQ(all["plan_measures"], 132 + 7);
  EXPECT_EQ(all["reported"], 5);
}

TEST_F(ExecutionCli, ASearchHitOfAPlanMeasureSaysWhereItWasReported) {
  nlohmann::json out = Json({"search", "-r", "Псковская", "--kind", "plan", "ярмарках"});
  ASSERT_EQ(out["hits"].size(), 1u);
  EXPECT_EQ(out["hits"][0]["reported"][0]["year"], 2023);
  EXPECT_EQ(out["hits"][0]["reported"][0]["entries"], 2);
  const auto table =
      RunKarta({"search", "--db", db_, "-r", "Псковская", "--kind", "plan", "ярмарках"});
  EXPECT_NE(table.out.find("reported in 2023: 2 entries"), std::string::npos) << table.out;
}

// A search reads each hit's links from the plan measure's own key: the same links, in the same
// order, as the whole set; keys of links that went away are removed.
TEST_F(ExecutionCli, EachPlanMeasureKeepsItsOwnLinksBesideTheWholeSet) {
  const Xapian::Database db(db_);
  const ExecutionLinks all = ExecutionLinks::Deserialize(db.get_metadata(schema::kMetaExecution));
  std::map<std::string, std::vector<ExecutionLink>> by_plan;
  for (const ExecutionLink& l : all.links) {
    if (!l.plan_id.empty()) by_plan[l.plan_id].push_back(l);
  }
  ASSERT_FALSE(by_plan.empty());
  for (const auto& [plan, links] : by_plan) {
    const auto stored = StoredLinksOf(db, plan);
    ASSERT_TRUE(stored) << plan;
    ASSERT_EQ(stored->size(), links.size()) << plan;
    for (size_t i = 0; i < links.size(); ++i) {
      EXPECT_EQ((*stored)[i].report_id, links[i].report_id);
      EXPECT_EQ((*stored)[i].year, links[i].year);
      EXPECT_EQ((*stored)[i].entries, links[i].entries);
      EXPECT_EQ((*stored)[i].method, links[i].method);
      EXPECT_DOUBLE_EQ((*stored)[i].similarity, links[i].similarity);
    }
  }
  EXPECT_TRUE(StoredLinksOf(db, "PSK-2022-2024:99.9")->empty());
  size_t keys = 0;
  for (auto it = db.metadata_keys_begin(schema::kMetaReportedPrefix);
       it != db.metadata_keys_end(schema::kMetaReportedPrefix); ++it) {
    ++keys;
  }
  EXPECT_EQ(keys, by_plan.size());
  // Stored again without one of its plan measures' links: that measure's key is removed.
  testing::TempDir dir;
  Xapian::WritableDatabase writable((dir.path() / "db").string(), Xapian::DB_CREATE);
  ExecutionLinks links;
  links.links = {{"R:1", "P:1", 2023, 2, "number", 0.9}, {"R:2", "P:2", 2023, 1, "text", 0.6}};
  StoreExecutionLinks(&writable, links);
  links.links.pop_back();
  StoreExecutionLinks(&writable, links);
  writable.commit();
  EXPECT_EQ(StoredLinksOf(writable, "P:1")->size(), 1u);
  EXPECT_TRUE(StoredLinksOf(writable, "P:2")->empty());
  EXPECT_EQ(std::distance(writable.metadata_keys_begin(schema::kMetaReportedPrefix),
                          writable.metadata_keys_end(schema::kMetaReportedPrefix)),
            1);
}

// A link depends on the report and its plan alone (words weighed within the two), so a commit
// keeps the links of unchanged pairs and derives anew those whose report or plan changed.
TEST_F(ExecutionCli, ACommitRelinksOnlyTheReportsWhosePairChanged) {
  const Xapian::Database db(db_);
  const ExecutionLinks fresh = LinkReports(db);
  ASSERT_TRUE(fresh.weights_within_pair);
  ASSERT_FALSE(fresh.links.empty());
  ExecutionLinks previous = fresh;
  for (ExecutionLink& l : previous.links) l.similarity = 0.123;  // a mark: kept or not
  auto similarities = [](const ExecutionLinks& links) {
    std::vector<double> out;
    for (const ExecutionLink& l : links.links) out.push_back(l.similarity);
    return out;
  };
  EXPECT_EQ(similarities(RelinkReports(db, previous, {"KEM-2025-2029"})), similarities(previous));
  for (const std::string changed : {"PSK-2022-2024", "PSK-2022-2024-R2023"}) {
    const ExecutionLinks again = RelinkReports(db, previous, {changed});
    EXPECT_EQ(similarities(again), similarities(fresh)) << changed;
    EXPECT_EQ(again.Serialize(), fresh.Serialize()) << changed;
  }
  ExecutionLinks with_gone = previous;  // a report since removed
  with_gone.reports.push_back({"ZZZ-2020-R2021", ""});
  EXPECT_EQ(RelinkReports(db, with_gone, {"ZZZ-2020-R2021"}).Serialize(), previous.Serialize());
  previous.weights_within_pair = false;  // stored by an older karta: all derived anew
  EXPECT_EQ(RelinkReports(db, previous, {}).Serialize(), fresh.Serialize());
}

// The same files give the same links whether indexed at once or updated in steps.
TEST(ExecutionUpdate, AnUpdatedIndexLinksAsANewIndexOfTheSameFiles) {
  testing::TempDir tmp;
  const std::string report =
      testing::ReadFile(testing::FixturePath("execution") + "/report_pskov_2023.txt");
  tmp.Write("docs/plan.txt",
            testing::ReadFile(testing::FixturePath("execution") + "/plan_pskov_2022_2024.txt"));
  tmp.Write("docs/report.txt", report);
  const std::string updated = (tmp.path() / "updated").string();
  const std::string docs = (tmp.path() / "docs").string();
  ASSERT_EQ(RunKarta({"index", "--quiet", "--db", updated, KARTA_CORPUS_DIR, docs}).exit_code, 0);
  // The report's 3.9 now reports on the plan's 3.1, in its words; 2.5 loses its text.
  std::string changed = report;
  const std::string spartakiad = "Проведение межрегиональной спартакиады ветеранов боевых действий";
  const std::string exhibitions =
      "Проведение совместных выставок музеев, обмен музейными экспозициями";
  ASSERT_NE(changed.find(spartakiad), std::string::npos);
  ASSERT_NE(changed.find(exhibitions), std::string::npos);
  changed.replace(changed.find(spartakiad), spartakiad.size(),
                  "Проведение стажировок педагогических работников школ");
  changed.replace(changed.find(exhibitions), exhibitions.size(), "Прочие мероприятия");
  tmp.Write("docs/report.txt", changed);
  ASSERT_EQ(RunKarta({"index", "--quiet", "--db", updated, KARTA_CORPUS_DIR, docs}).exit_code, 0);
  const std::string fresh = (tmp.path() / "fresh").string();
  ASSERT_EQ(
      RunKarta({"index", "--quiet", "-j", "1", "--db", fresh, KARTA_CORPUS_DIR, docs}).exit_code,
      0);
  const auto a = RunKarta({"execution", "--db", updated, "--format", "json"});
  const auto b = RunKarta({"execution", "--db", fresh, "--format", "json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("PSK-2022-2024-R2023:3.9"), std::string::npos);
  const nlohmann::json out = nlohmann::json::parse(a.out);
  EXPECT_EQ(out["reports"][0]["unlinked"], nlohmann::json::array({"PSK-2022-2024-R2023:2.5"}))
      << a.out;
}

TEST(ExecutionLinks, SurviveTheRoundTripThroughTheIndexMetadata) {
  ExecutionLinks links;
  links.weights_within_pair = true;
  links.reports = {{"SMO-2021-2023-R2023", ""}, {"PSK-2022-2024-R2023", "PSK-2022-2024"}};
  links.links = {{"PSK-2022-2024-R2023:1.2", "PSK-2022-2024:1.2", 2023, 2, "number", 0.934}};
  const ExecutionLinks back = ExecutionLinks::Deserialize(links.Serialize());
  ASSERT_EQ(back.reports.size(), 2u);
  EXPECT_EQ(back.reports[1].plan, "PSK-2022-2024");
  ASSERT_EQ(back.links.size(), 1u);
  EXPECT_EQ(back.links[0].plan_id, "PSK-2022-2024:1.2");
  EXPECT_EQ(back.links[0].entries, 2u);
  EXPECT_DOUBLE_EQ(back.links[0].similarity, 0.934);
  EXPECT_TRUE(ExecutionLinks::Deserialize("{\"links\": [[1]]}").links.empty());
  EXPECT_TRUE(back.weights_within_pair);
  EXPECT_TRUE(ExecutionLinks::Deserialize(links.Serialize() + "L\tcut short\n").links.empty());
  // Links an older karta stored as JSON are read, to be derived anew (their words weighed over
  // the whole index).
  const ExecutionLinks old = ExecutionLinks::Deserialize(
      R"({"reports": [["A-R2023", "A"]], "links": [["A-R2023:1", "A:1", 2023, 2, "number", 0.9]]})");
  ASSERT_EQ(old.links.size(), 1u);
  EXPECT_EQ(old.links[0].plan_id, "A:1");
  EXPECT_FALSE(old.weights_within_pair);
}

}  // namespace
}  // namespace karta
