#include "index/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace karta {

FileLock::FileLock(const std::filesystem::path& file)
    : file_(file), fd_(open(file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
  held_ = fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) == 0;
  if (!held_) errno_ = errno;
}

std::string FileLock::Refusal() const {
  if (held_) return "";
  if (errno_ == EWOULDBLOCK) {
    return "is locked — another karta process is writing it; try again when it has finished";
  }
  return "cannot be locked (" + file_.string() + ": " + std::strerror(errno_) + ")";
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace karta
