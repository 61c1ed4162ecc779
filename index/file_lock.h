// An exclusive advisory lock (flock) on a file, held for as long as the object lives: the
// kernel drops it however the process ends, so a killed run never leaves a stale lock.
//
// Thread safety: one object per holder; not shareable.
#ifndef KARTA_INDEX_FILE_LOCK_H_
#define KARTA_INDEX_FILE_LOCK_H_

#include <filesystem>
#include <string>

namespace karta {

class FileLock {
 public:
  // Creates `file` when missing and tries once, without waiting: see held().
  explicit FileLock(const std::filesystem::path& file);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  // Whether this object holds the lock.
  [[nodiscard]] bool held() const { return held_; }

  // Why it is not held, as a predicate for what the lock guards («the index …»): «is locked —
  // another karta process is writing it…», or «cannot be locked (FILE: reason)». Empty when
  // held.
  [[nodiscard]] std::string Refusal() const;

 private:
  std::filesystem::path file_;
  int fd_;
  int errno_ = 0;
  bool held_ = false;
};

}  // namespace karta

#endif  // KARTA_INDEX_FILE_LOCK_H_
