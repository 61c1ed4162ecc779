// The heatmaps of the analytics as SVG documents (src/engine/svg_heatmap.h): agencies × regions,
// the overlap of agreements, measures per year. What `karta … -f svg` prints and what the API's
// `format=svg` answers.
//
// Thread safety: pure functions.
#ifndef KARTA_SRC_ENGINE_HEATMAP_VIEWS_H_
#define KARTA_SRC_ENGINE_HEATMAP_VIEWS_H_

#include <string>

#include "src/engine/engine.h"

namespace karta::engine {

// `view` cut to its rows (Engine::Agencies' `top`); the title says when rows were left out.
[[nodiscard]] std::string AgenciesSvg(const AgenciesView& view);
[[nodiscard]] std::string OverlapSvg(const OverlapView& view);
[[nodiscard]] std::string TimelineSvg(const TimelineView& view);

// The rows an agencies heatmap shows by default: more is taller than a page.
inline constexpr size_t kSvgDefaultTop = 40;

}  // namespace karta::engine

#endif  // KARTA_SRC_ENGINE_HEATMAP_VIEWS_H_
