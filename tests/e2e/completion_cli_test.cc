// End-to-end: the bash completion is written from the command line definition: every command,
// its options and the values an option takes; bash accepts it and completes with it.
#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace karta {
namespace {

TEST(CompletionCli, BashCompletionKnowsEveryCommandAndItsValues) {
  const auto r = testing::RunKarta({"completion", "bash"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* command :
       {"parse", "index", "search", "show", "agreements", "execution", "agencies", "overlap",
        "compare", "timeline", "counterparts", "similar", "twins"}) {
    EXPECT_NE(r.out.find(std::string("    ") + command + ")\n"), std::string::npos) << command;
  }
  EXPECT_NE(r.out.find("\"table json jsonl csv xlsx\""), std::string::npos);
  EXPECT_NE(r.out.find("\"score region number deadline\""), std::string::npos);
  testing::TempDir tmp;
  const std::string script = tmp.Write("karta.bash", r.out);
  // bash parses it, and completing «karta search --format j» offers json and jsonl.
  const auto complete = testing::RunCommand(
      {"bash", "-c",
       "source " + script +
           " && COMP_WORDS=(karta search --format j) && COMP_CWORD=3 && _karta && "
           "echo \"${COMPREPLY[*]}\""});
  ASSERT_EQ(complete.exit_code, 0) << complete.err;
  EXPECT_EQ(complete.out, "json jsonl\n");
}

}  // namespace
}  // namespace karta
