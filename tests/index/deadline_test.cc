#include "index/deadline.h"

#include <gtest/gtest.h>

namespace karta {
namespace {

struct Case {
  const char* raw;
  int from, to;
  bool annual, inferred;
};

void PrintTo(const Case& c, std::ostream* os) { *os << "«" << c.raw << "»"; }

class DeadlineCases : public ::testing::TestWithParam<Case> {};

TEST_P(DeadlineCases, ParsesYearsWithinAgreementPeriod) {
  const Case& c = GetParam();
  Deadline d = ParseDeadline(c.raw, 2024, 2026);
  ASSERT_TRUE(d.from && d.to) << c.raw;
  EXPECT_EQ(*d.from, c.from) << c.raw;
  EXPECT_EQ(*d.to, c.to) << c.raw;
  EXPECT_EQ(d.annual, c.annual) << c.raw;
  EXPECT_EQ(d.inferred, c.inferred) << c.raw;
}

INSTANTIATE_TEST_SUITE_P(Corpus, DeadlineCases,
                         ::testing::Values(Case{"2024-2026 гг.", 2024, 2026, false, false},
                                           Case{"2024-2026 гг", 2024, 2026, false, false},
                                           Case{"2024-2026", 2024, 2026, false, false},
                                           Case{"2025 гг.", 2025, 2025, false, false},
                                           Case{"2024 г.", 2024, 2024, false, false},
                                           Case{"2021-2023 годы", 2021, 2023, false, false},
                                           Case{"2020 – 2022 гг.", 2020, 2022, false, false},
                                           Case{"Ежегодно в декабре", 2024, 2026, true, true},
                                           Case{"Ежегодно по отдельному графику", 2024, 2026, true,
                                                true},
                                           Case{"до 2025 года", 2024, 2025, false, false},
                                           Case{"с 2025 года", 2025, 2026, false, false},
                                           Case{"постоянно", 2024, 2026, false, true}),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           return "case" + std::to_string(param.index);
                         });

TEST(ParseDeadline, KeepsRawTextWithSpacesCollapsed) {
  EXPECT_EQ(ParseDeadline("2021-2023   годы", 2021, 2023).raw, "2021-2023 годы");
}

TEST(ParseDeadline, LeavesYearsEmptyWhenNothingIsKnown) {
  Deadline d = ParseDeadline("по согласованию", std::nullopt, std::nullopt);
  EXPECT_FALSE(d.from);
  EXPECT_TRUE(d.inferred);
}

}  // namespace
}  // namespace karta
