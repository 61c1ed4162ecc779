#include "src/cli/output.h"

#include <unistd.h>

#include <cstdlib>

namespace karta::cli {

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

}  // namespace karta::cli
