// Small output helpers shared by the commands: joining, colour.
#ifndef KARTA_SRC_CLI_OUTPUT_H_
#define KARTA_SRC_CLI_OUTPUT_H_

#include <string>
#include <vector>

#include "src/engine/table_views.h"

namespace karta::cli {

using engine::Join;

// True when stdout is a terminal and NO_COLOR is not set.
[[nodiscard]] bool UseColor();

}  // namespace karta::cli

#endif  // KARTA_SRC_CLI_OUTPUT_H_
