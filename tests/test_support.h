// Helpers shared by the tests: paths of the bundled corpus and fixtures, temporary
// directories, and running the karta binary.
#ifndef KARTA_TESTS_TEST_SUPPORT_H_
#define KARTA_TESTS_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <vector>

#include "index/measure.h"
#include "src/query/searcher.h"

namespace karta::testing {

std::string CorpusPath(const std::string& name);
std::string FixturePath(const std::string& name);
std::vector<std::string> CorpusFiles();  // the five bundled documents, sorted
std::string ReadFile(const std::string& path);
std::string SourcePath(const std::string& relative);  // a file of the repository

// A fresh directory removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv[0]` with the rest as arguments (no shell), capturing stdout and stderr.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env = {});

// Runs the karta binary with `args` (each passed as one argument, no shell expansion).
CommandResult RunKarta(const std::vector<std::string>& args,
                       const std::vector<std::string>& env = {});

// A karta index of the five bundled documents, built once per test process.
const std::string& SharedCorpusIndex();

// A searcher over SharedCorpusIndex(), opened once per test process.
const query::Searcher& SharedCorpusSearcher();

// Parses a document that must parse; fails the test otherwise.
Agreement ParseOrDie(const std::string& path);
const Measure* FindMeasure(const Agreement& a, const std::string& number);

}  // namespace karta::testing

#endif  // KARTA_TESTS_TEST_SUPPORT_H_
