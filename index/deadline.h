// Understands the «Срок исполнения» cell: «2024-2026 гг.», «2025 гг.», «2023 г.»,
// «2021-2023 годы», «Ежегодно в декабре» (every year of the agreement period), «до 2025 года».
#ifndef KARTA_INDEX_DEADLINE_H_
#define KARTA_INDEX_DEADLINE_H_

#include <optional>
#include <string_view>

#include "index/measure.h"

namespace karta {

// `period_from`/`period_to` are the agreement's years; they fill in years the cell leaves
// implicit (annual deadlines, «до 2025 года», no year at all → `inferred`).
[[nodiscard]] Deadline ParseDeadline(std::string_view raw, std::optional<int> period_from,
                                     std::optional<int> period_to);

}  // namespace karta

#endif  // KARTA_INDEX_DEADLINE_H_
