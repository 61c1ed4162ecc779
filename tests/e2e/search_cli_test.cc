// End-to-end: `karta index` then `karta search` with the real binary on a temporary index.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace karta {
namespace {

using testing::RunKarta;

class SearchCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (tmp_.path() / "db").string();
    testing::CommandResult r = RunKarta({"index", "--db", db_, KARTA_CORPUS_DIR});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.out.find("143 measures written"), std::string::npos) << r.out;
  }
  nlohmann::json SearchJson(std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--db", db_, "--format", "json"});
    testing::CommandResult r = RunKarta(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
  }
  testing::TempDir tmp_;
  std::string db_;
};

TEST_F(SearchCli, JsonHitsCarryTheMeasureAndFacetsAreExact) {
  nlohmann::json r = SearchJson({"--region", "Пермского края", "--facets", "спорт"});
  EXPECT_EQ(r["query"], "спорт");
  EXPECT_EQ(r["total"], 3);
  const auto& hit = r["hits"][0];
  for (const char* field : {"id", "file", "number", "region", "spheres", "score", "text", "snippet",
                            "spb_agencies", "partner_agencies", "deadline"}) {
    EXPECT_TRUE(hit.contains(field)) << field;
  }
  EXPECT_EQ(hit["region"], "Пермский край");
  EXPECT_EQ(hit["file"], "001_30d1422bfb731976.txt");
  EXPECT_NE(hit["snippet"].get<std::string>().find("<b>"), std::string::npos);
  EXPECT_EQ(r["facets"]["region"][0]["value"], "Пермский край");
  EXPECT_EQ(r["facets"]["region"][0]["count"], 3);
  EXPECT_EQ(r["facets"]["year"][0]["value"], 2024);
}

TEST_F(SearchCli, TotalsAndFacetsCountExactlyTheMeasuresListed) {
  // The total and the facets come from a second, unranked pass over the same set of measures
  // as the ranked page: both must agree with listing every hit.
  for (const std::vector<std::string>& query : {std::vector<std::string>{"культурное наследие"},
                                                {"спортсмены"},
                                                {"туризм", "--all"},
                                                {"молодежная политика", "--year", "2024"},
                                                {"\"объектов культурного наследия\""}}) {
    std::vector<std::string> args = query;
    args.insert(args.end(), {"--facets", "--facet-limit", "0", "-n", "1000"});
    const nlohmann::json r = SearchJson(args);
    ASSERT_GT(r["total"].get<size_t>(), 0U) << query[0];
    EXPECT_EQ(r["total"], r["hits"].size()) << query[0];
    size_t by_region = 0;
    for (const auto& v : r["facets"]["region"]) by_region += v["count"].get<size_t>();
    EXPECT_EQ(by_region, r["total"].get<size_t>()) << query[0];
  }
}

TEST_F(SearchCli, FacetLimitKeepsTheMostFrequentValuesAndSaysHowManyThereAre) {
  const nlohmann::json all = SearchJson({"--facets", "--facet-limit", "0"});
  const nlohmann::json top = SearchJson({"--facets", "--facet-limit", "3"});
  const size_t agencies = all["facets"]["agency"].size();
  ASSERT_GT(agencies, 3U);
  EXPECT_EQ(all["facet_values"]["agency"], agencies);
  EXPECT_EQ(top["facet_values"]["agency"], agencies);
  ASSERT_EQ(top["facets"]["agency"].size(), 3U);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(top["facets"]["agency"][i], all["facets"]["agency"][i]);
  EXPECT_GE(top["facets"]["agency"][2]["count"], all["facets"]["agency"][3]["count"]);
  EXPECT_EQ(top["facets"]["region"].size(), 3U);
  EXPECT_EQ(top["facets"]["year"], all["facets"]["year"]);  // years are never cut
  // The default shows 20 per facet, and the table says what it left out.
  EXPECT_EQ(SearchJson({"--facets"})["facets"]["agency"].size(), std::min<size_t>(agencies, 20));
  testing::CommandResult table =
      RunKarta({"search", "--db", db_, "--facets", "--facet-limit", "2"});
  EXPECT_NE(table.out.find("… and " + std::to_string(agencies - 2) + " more"), std::string::npos)
      << table.out;
}

TEST_F(SearchCli, ReindexingKeepsOneCopyOfEachMeasure) {
  testing::CommandResult again =
      RunKarta({"index", "--db", db_, "--quiet", "--force", KARTA_CORPUS_DIR});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(0 new, 5 changed, 0 unchanged)"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("143 measures written, 143 replaced"), std::string::npos) << again.out;
  EXPECT_EQ(SearchJson({})["total"], 143);
}

TEST_F(SearchCli, IncrementalIndexingSkipsUnchangedAndDropsDeletedFiles) {
  testing::TempDir docs;
  for (const std::string& f : testing::CorpusFiles()) {
    docs.Write(std::filesystem::path(f).filename().string(), testing::ReadFile(f));
  }
  const std::string db = (docs.path() / ".idx").string();  // hidden: not indexed itself
  ASSERT_EQ(RunKarta({"index", "--db", db, docs.path().string()}).exit_code, 0);
  testing::CommandResult same = RunKarta({"index", "--db", db, docs.path().string()});
  EXPECT_NE(same.out.find("(0 new, 0 changed, 5 unchanged), 0 deleted: 0 measures written"),
            std::string::npos)
      << same.out;
  std::filesystem::remove(docs.path() / "003_e5380288b67955c6.txt");  // Tomsk, 23 measures
  docs.Write("001_30d1422bfb731976.txt",
             testing::ReadFile(testing::CorpusFiles()[1]) + "\nПриложение\n");  // Perm changed
  testing::CommandResult next = RunKarta({"index", "--db", db, docs.path().string()});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("(0 new, 1 changed, 3 unchanged), 1 deleted"), std::string::npos)
      << next.out;
  EXPECT_NE(next.err.find("003_e5380288b67955c6.txt: 23 measures (file deleted)"),
            std::string::npos)
      << next.err;
  EXPECT_NE(next.out.find("holds 120 measures"), std::string::npos) << next.out;
}

TEST_F(SearchCli, KartaDbEnvironmentVariableSelectsTheIndex) {
  testing::CommandResult r =
      RunKarta({"search", "--format", "json", "--kind", "report"}, {"KARTA_DB=" + db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["total"], 11);
}

TEST_F(SearchCli, MeasuresLikeTheMatchesAreListedAfterThemLabelledAndNeverExported) {
  // The table: after the one match, the measures like it, under their own heading.
  testing::CommandResult table = RunKarta({"search", "--db", db_, "ВОВ"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("1 measure matches «ВОВ»; showing 1–1 and "), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find(" more like them\n"), std::string::npos) << table.out;
  const size_t heading = table.out.find("Without the query's words, but like the best matches");
  ASSERT_NE(heading, std::string::npos);
  EXPECT_NE(table.out.find("PER-2024-2026:11.5", heading), std::string::npos);
  EXPECT_NE(table.out.find("(like PER-2024-2026:11.1; "), std::string::npos);
  // JSON: a list of their own, each saying which match it is like.
  nlohmann::json j = SearchJson({"--related", "3", "ВОВ"});
  EXPECT_EQ(j["total"], 1);
  ASSERT_EQ(j["hits"].size(), 1u);
  ASSERT_EQ(j["related"].size(), 3u);
  EXPECT_EQ(j["related"][0]["like"], "PER-2024-2026:11.1");
  EXPECT_TRUE(SearchJson({"--related", "0", "ВОВ"}).count("related") == 0);
  // Exports hold the matches only.
  testing::CommandResult csv = RunKarta({"search", "--db", db_, "--format", "csv", "ВОВ"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 2) << csv.out;  // header, 1 row
  testing::CommandResult bad = RunKarta({"search", "--db", db_, "--related", "101", "ВОВ"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(SearchCli, CsvHasAHeaderAndOneRowPerHit) {
  testing::CommandResult r =
      RunKarta({"search", "--db", db_, "--format", "csv", "--sphere", "туризм", "-n", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t rows = 0;
  for (size_t pos = 0; (pos = r.out.find("\r\n", pos)) != std::string::npos; pos += 2) ++rows;
  // Header + the 12 tourism measures (Kaliningrad's section «культуры, туризма и архивного
  // дела» gives tourism only to 10.4–10.6, whose texts are about it).
  EXPECT_EQ(rows, 1u + 12u);
  EXPECT_EQ(r.out.rfind("rank,id,agreement,region,kind,period", 0), 0u);
}

// Issue 12, case 1: `-r Пермский туризм` took «туризм» as a second region. Each occurrence
// of a filter takes one value, in every command that has the filters.
TEST_F(SearchCli, AFilterOptionTakesExactlyOneValue) {
  const nlohmann::json perm = SearchJson({"-r", "Пермский", "туризм"});
  EXPECT_EQ(perm["query"], "туризм");
  EXPECT_EQ(perm["total"], SearchJson({"--region=Пермский", "туризм"})["total"]);
  EXPECT_GT(perm["total"], 0);
  for (const auto& hit : perm["hits"]) EXPECT_EQ(hit["region"], "Пермский край");
  const nlohmann::json two =
      SearchJson({"-r", "Пермский", "-r", "Томская", "-s", "спорт", "-n", "0"});
  EXPECT_EQ(two["total"],
            SearchJson({"-r", "Пермский", "-s", "спорт", "-n", "0"})["total"].get<int>() +
                SearchJson({"-r", "Томская", "-s", "спорт", "-n", "0"})["total"].get<int>());
  testing::CommandResult agencies =
      RunKarta({"agencies", "--db", db_, "--format", "json", "-r", "Пермский", "спорт"});
  EXPECT_EQ(agencies.exit_code, 0) << agencies.err;
  // The year too: «-y 2020 -y 2025» was refused («At Most 1 required but received 2»).
  // Tomsk 2020–2022 holds 2020 only, Kuzbass 2025–2029 2025 only; Perm 2024–2026 and
  // Kaliningrad 2023–2026 hold 2025.
  const nlohmann::json years = SearchJson({"-y", "2020", "-y", "2025", "-n", "0"});
  EXPECT_EQ(years["total"], SearchJson({"-y", "2020", "-n", "0"})["total"].get<int>() +
                                SearchJson({"-y", "2025", "-n", "0"})["total"].get<int>());
  const nlohmann::json greedy = SearchJson({"-y", "2020", "туризм"});
  EXPECT_EQ(greedy["query"], "туризм");
}

// Issue 12, case 2: the README's own `agency:"Комитет по культуре"` said «unknown agency»
// (the registry was read only for --agency).
TEST_F(SearchCli, TheAgencyPrefixFindsWhatTheAgencyOptionFinds) {
  const nlohmann::json prefix = SearchJson({"agency:\"Комитет по культуре\"", "-n", "0"});
  EXPECT_EQ(prefix["total"], 13);  // counted by hand: tests/query/searcher_test.cc
  EXPECT_EQ(prefix["total"], SearchJson({"-a", "Комитет по культуре", "-n", "0"})["total"]);
}

TEST_F(SearchCli, ErrorsAreClearWithDistinctExitCodes) {
  testing::CommandResult missing =
      RunKarta({"search", "--db", (tmp_.path() / "nothing").string(), "спорт"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("no index at"), std::string::npos) << missing.err;

  // Issue 11, case 10: a query that is not UTF-8 is the user's to fix (2), not a crash (4).
  testing::CommandResult bytes = RunKarta({"search", "--db", db_, "--format", "json", "\xff"});
  EXPECT_EQ(bytes.exit_code, 2) << bytes.err;
  EXPECT_NE(bytes.err.find("not valid UTF-8"), std::string::npos) << bytes.err;
  // Issue 11, case 7: a huge word is not looked up in the spelling table (it took seconds).
  const auto start = std::chrono::steady_clock::now();
  testing::CommandResult huge = RunKarta({"search", "--db", db_, std::string(32000, 'a')});
  EXPECT_EQ(huge.exit_code, 0) << huge.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));

  testing::CommandResult region = RunKarta({"search", "--db", db_, "--region", "Пермкий край"});
  EXPECT_EQ(region.exit_code, 2);
  EXPECT_NE(region.err.find("did you mean: «Пермский край»"), std::string::npos) << region.err;
  EXPECT_EQ(region.err.find("terminate"), std::string::npos);

  const std::string not_index = tmp_.Write("plain/file.txt", "x");
  testing::CommandResult refused =
      RunKarta({"index", "--db", (tmp_.path() / "plain").string(), KARTA_CORPUS_DIR});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("not a karta index"), std::string::npos) << refused.err;
  EXPECT_EQ(testing::ReadFile(not_index), "x");
}

// The related measures are no matches: marked «~», not ranked on after them («4.», «5.» made more
// rows numbered than «N measures match» said).
TEST_F(SearchCli, RelatedMeasuresAreMarkedNotRanked) {
  testing::CommandResult r = RunKarta({"search", "--db", db_, "ВОВ", "-n", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t matches = SearchJson({"ВОВ", "-n", "0"})["total"];
  size_t ranked = 0, marked = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] >= '1' && line[0] <= '9' && line.find(". ") != std::string::npos &&
        line.find(" · ") != std::string::npos) {
      ++ranked;
    }
    if (line.rfind("~ ", 0) == 0) ++marked;
  }
  EXPECT_EQ(ranked, std::min<size_t>(matches, 5));
  EXPECT_GT(marked, 0u);
}

// The README's «-word» as a word of its own: CLI11 took «-молодежь» for an unknown option.
TEST_F(SearchCli, AnExclusionIsAQueryWordWhereverItStands) {
  const int one_argument = SearchJson({"форум -молодежь", "-n", "0"})["total"];
  EXPECT_GT(one_argument, 0);
  EXPECT_LT(one_argument, SearchJson({"форум", "-n", "0"})["total"].get<int>());
  const nlohmann::json apart = SearchJson({"-n", "0", "форум", "-молодежь"});
  EXPECT_EQ(apart["total"], one_argument);
  EXPECT_EQ(apart["query"], "форум -молодежь");  // the words in the order typed
  EXPECT_EQ(SearchJson({"-молодежь", "-n", "0", "форум"})["total"], one_argument);
  EXPECT_EQ(SearchJson({"-n", "0", "форум", "-\"молодежный форум\""})["total"],
            SearchJson({"-n", "0", "форум -\"молодежный форум\""})["total"]);
  // An unknown option is still one: a one-line message naming the help to read.
  testing::CommandResult typo = RunKarta({"search", "--db", db_, "--limt", "3", "форум"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.err,
            "karta: The following argument was not expected: --limt "
            "(karta search --help)\n");
}

TEST_F(SearchCli, IndexingADirectorySkipsBadFilesButIndexesTheRest) {
  testing::TempDir docs;
  docs.Write("a/plan.txt", testing::ReadFile(testing::CorpusFiles()[3]));
  docs.Write("a/broken.txt", "");
  docs.Write(".hidden/plan.txt", testing::ReadFile(testing::CorpusFiles()[0]));
  // A broken link is a file considered and skipped: «1 of 1 files (…, 2 skipped)» did not add up.
  std::filesystem::create_symlink("/nonexistent/plan.txt", docs.path() / "a" / "gone.txt");
  const std::string db = (docs.path() / "idx").string();
  testing::CommandResult r = RunKarta({"index", "--db", db, (docs.path() / "a").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("broken.txt: the file is empty (skipped)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gone.txt: a broken symbolic link"), std::string::npos) << r.err;
  EXPECT_NE(
      r.out.find("Indexed 1 of 3 files (1 new, 0 changed, 0 unchanged, 2 skipped), 0 deleted: "
                 "23 measures"),
      std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// Issue 12, case 9: `--limit -1` showed everything, `--offset -1` nothing, `--shard-size 0`
// printed a 300-digit range, and a mistyped command said «A subcommand is required».
TEST(CliUsage, BadValuesAndUnknownCommandsGetShortMessages) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"search", "--limit", "-1", "x"}, "«-1» is not a count"},
      {{"search", "--offset", "-1", "x"}, "«-1» is not a whole number"},
      {{"index", "--shard-size", "0", "x"}, "«0» is not a whole number of at least 1"},
      {{"serach", "x"}, "unknown command «serach»; did you mean «search»?"},
      {{"similar", "-n", "0", "X"}, "«0» is not a whole number of at least 1"},
  };
  for (const auto& [args, expected] : cases) {
    const testing::CommandResult r = testing::RunKarta(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 200u) << r.err;
  }
}

// Issue 12, case 8: help said «all words must match» while the default was any word. Every
// option each command's help lists is in the README, and both describe the default alike.
TEST(CliUsage, HelpAndReadmeDescribeTheSameOptions) {
  const std::string readme = testing::ReadFile(
      (std::filesystem::path(KARTA_CORPUS_DIR).parent_path() / "README.md").string());
  for (const char* command :
       {"parse", "index", "search", "agencies", "overlap", "compare", "counterparts", "similar",
        "twins", "show", "agreements", "execution", "timeline"}) {
    const testing::CommandResult help = testing::RunKarta({command, "--help"});
    ASSERT_EQ(help.exit_code, 0) << command;
    size_t at = 0;
    while ((at = help.out.find("--", at)) != std::string::npos) {
      size_t end = at + 2;
      while (end < help.out.size() &&
             (std::isalnum(static_cast<unsigned char>(help.out[end])) || help.out[end] == '-')) {
        ++end;
      }
      const std::string option = help.out.substr(at, end - at);
      at = end;
      if (option.size() <= 2 || option == "--help") continue;
      EXPECT_NE(readme.find(option), std::string::npos)
          << "`karta " << command << " --help` lists " << option << ", the README does not";
    }
  }
  const std::string search_help = testing::RunKarta({"search", "--help"}).out;
  for (const char* phrase : {"any of the words", "those with all of them first"}) {
    EXPECT_NE(search_help.find(phrase), std::string::npos) << phrase;
    EXPECT_NE(readme.find(phrase), std::string::npos) << phrase;
  }
  EXPECT_EQ(search_help.find("all words must match"), std::string::npos);
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// A directory of other files is named as no karta index, not as an interrupted build.
TEST(SearchCliDb, ADirectoryOfOtherFilesIsNoIndex) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "notes.txt") << "не индекс\n";
  const auto r = testing::RunKarta({"search", "--db", dir.path().string(), "музей"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("not a karta index"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace karta

namespace karta {
namespace {

// An agency of the other party only: the message says so, instead of suggesting its own name.
TEST(SearchCliDb, AnAgencyOfTheOtherSideIsNamedAsSuch) {
  const auto r = testing::RunKarta({"search", "--db", testing::SharedCorpusIndex(), "--side", "spb",
                                    "-a", "Министерство культуры Пермского края"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not an agency of St Petersburg"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
  EXPECT_EQ(testing::RunKarta({"search", "--db", testing::SharedCorpusIndex(), "--side", "partner",
                               "-a", "Министерство культуры Пермского края"})
                .exit_code,
            0);
}

}  // namespace
}  // namespace karta
