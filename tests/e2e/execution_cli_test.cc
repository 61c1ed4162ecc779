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

TEST(ExecutionLinks, SurviveTheRoundTripThroughTheIndexMetadata) {
  ExecutionLinks links;
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
}

}  // namespace
}  // namespace karta
