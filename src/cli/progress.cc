#include "src/cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace karta::cli {

Progress::Progress(size_t total_files, bool enabled)
    : total_(total_files),
      active_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Update(size_t files_done, size_t measures) {
  files_ = files_done;
  measures_ = measures;
  Draw(false);
}

void Progress::Message(const std::string& line) {
  if (active_) Clear();
  std::cerr << line << '\n';
  if (active_) Draw(true);
}

void Progress::Finish() {
  if (!active_) return;
  Clear();
  active_ = false;
}

void Progress::Clear() { std::cerr << "\r\033[K" << std::flush; }

void Progress::Draw(bool force) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(measures_) / seconds : 0;
  const double fraction = total_ ? static_cast<double>(files_) / static_cast<double>(total_) : 1;
  const int width = 24;
  const int filled = static_cast<int>(fraction * width);
  std::string bar(static_cast<size_t>(filled), '#');
  bar += std::string(static_cast<size_t>(width - filled), '.');
  const double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
  char line[160];
  std::snprintf(line, sizeof line, "\r[%s] %zu/%zu files  %zu measures  %.0f/s  ETA %d:%02d\033[K",
                bar.c_str(), files_, total_, measures_, rate, static_cast<int>(eta) / 60,
                static_cast<int>(eta) % 60);
  std::cerr << line << std::flush;
}

}  // namespace karta::cli
