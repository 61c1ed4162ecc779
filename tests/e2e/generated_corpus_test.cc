// The corpus generator of bench/ against the real parser: every generated measure is found,
// without a warning, and the same seed writes the same files. Benchmarks on generated corpora
// are only meaningful if this holds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace karta {
namespace {

testing::CommandResult Generate(const std::string& out, int measures, int seed) {
  return testing::RunCommand({"/usr/bin/python3", testing::SourcePath("bench/generate_corpus.py"),
                              "--measures", std::to_string(measures), "--seed",
                              std::to_string(seed), "--out", out, "--karta", KARTA_BINARY,
                              "--corpus", KARTA_CORPUS_DIR});
}

TEST(GeneratedCorpus, EveryGeneratedMeasureIsParsedWithoutWarnings) {
  testing::TempDir tmp;
  const std::string out = (tmp.path() / "gen").string();
  testing::CommandResult gen = Generate(out, 400, 7);
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  const nlohmann::json summary = nlohmann::json::parse(gen.out);
  const std::string db = (tmp.path() / "db").string();
  testing::CommandResult index = testing::RunKarta({"index", "--db", db, out});
  ASSERT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(index.err.find("warning"), std::string::npos) << index.err;
  const int files = summary["files"], measures = summary["measures"];
  EXPECT_NE(index.out.find("Indexed " + std::to_string(files) + " of " + std::to_string(files) +
                           " files (" + std::to_string(files) + " new, 0 changed, 0 unchanged), " +
                           "0 deleted: " + std::to_string(measures) + " measures written"),
            std::string::npos)
      << index.out;
}

TEST(GeneratedCorpus, SameSeedSameFiles) {
  testing::TempDir tmp;
  const std::string a = (tmp.path() / "a").string(), b = (tmp.path() / "b").string();
  ASSERT_EQ(Generate(a, 150, 3).exit_code, 0);
  ASSERT_EQ(Generate(b, 150, 3).exit_code, 0);
  testing::CommandResult diff = testing::RunCommand({"diff", "-r", a, b});
  EXPECT_EQ(diff.exit_code, 0) << diff.out;
}

}  // namespace
}  // namespace karta
