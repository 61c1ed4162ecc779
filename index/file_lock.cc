#include "index/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace karta {

FileLock::FileLock(const std::filesystem::path& file)
    : fd_(open(file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
  held_ = fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) == 0;
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace karta
