// The advisory lock a writer of a sharded set or a join holds (index/file_lock.h).
#include "index/file_lock.h"

#include <gtest/gtest.h>

#include <optional>

#include "tests/test_support.h"

namespace karta {
namespace {

TEST(FileLock, OneHolderAtATimeAndTheRefusalSaysWhy) {
  testing::TempDir tmp;
  const auto file = tmp.path() / "writing.lock";
  std::optional<FileLock> first(file);
  ASSERT_TRUE(first->held());
  EXPECT_EQ(first->Refusal(), "");
  {
    const FileLock second(file);  // another open file description: refused, not waited for
    EXPECT_FALSE(second.held());
    EXPECT_EQ(second.Refusal().rfind("is locked — another karta process is writing it", 0), 0u)
        << second.Refusal();
  }
  first.reset();  // released with the object
  EXPECT_TRUE(FileLock(file).held());
  // A file that cannot be opened is not «locked by another»: it says which file and why.
  const FileLock nowhere(tmp.path() / "missing-dir" / "writing.lock");
  EXPECT_FALSE(nowhere.held());
  EXPECT_NE(nowhere.Refusal().find("cannot be locked (" +
                                   (tmp.path() / "missing-dir" / "writing.lock").string() + ": "),
            std::string::npos)
      << nowhere.Refusal();
}

}  // namespace
}  // namespace karta
