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

// A `karta serve` child on 127.0.0.1 with a free port; stopped with SIGTERM when destroyed.
// --lifetime bounds it even if the test dies first.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& db, std::vector<std::string> extra = {});
  ~ServeProcess() { Stop(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& first_line() const { return first_line_; }

  // SIGTERM, then the exit status (-1 when it had to be killed).
  int Stop();

 private:
  int pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
  std::string first_line_;
};

// Parses a document that must parse; fails the test otherwise.
Agreement ParseOrDie(const std::string& path);
// The same for a document's bytes, named `name` (its extension says nothing of its format).
Agreement ParseBytesOrDie(const std::string& bytes, const std::string& name);
const Measure* FindMeasure(const Agreement& a, const std::string& number);

}  // namespace karta::testing

#endif  // KARTA_TESTS_TEST_SUPPORT_H_
