// A one-line progress display for long runs on a terminal: files done, measures, rate and ETA,
// redrawn at most ten times a second on stderr. Does nothing when stderr is not a terminal, so
// logs and pipes stay clean.
#ifndef KARTA_SRC_CLI_PROGRESS_H_
#define KARTA_SRC_CLI_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <string>

namespace karta::cli {

class Progress {
 public:
  // `enabled` is ANDed with "stderr is a terminal".
  Progress(size_t total_files, bool enabled);
  ~Progress();

  void Update(size_t files_done, size_t measures);
  // Prints `line` above the bar (warnings, errors) without garbling either.
  void Message(const std::string& line);
  void Finish();

  [[nodiscard]] bool active() const { return active_; }

 private:
  void Draw(bool force);
  void Clear();

  size_t total_;
  bool active_;
  size_t files_ = 0, measures_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_PROGRESS_H_
