// The JSON of every engine result: what `karta … -f json` prints and what `karta serve`'s API
// answers, built in one place so the two cannot differ.
//
// Thread safety: pure functions.
#ifndef KARTA_SRC_ENGINE_JSON_VIEWS_H_
#define KARTA_SRC_ENGINE_JSON_VIEWS_H_

#include <nlohmann/json.hpp>

#include "src/engine/engine.h"

namespace karta::engine {

// The name of a search order as the CLI and the API take it: score, region, number, deadline.
[[nodiscard]] const char* SortName(SearchRequest::Sort sort);

// {query, total, offset, limit ("all" when unlimited), sort, hits, suggestion?, facets?,
// facet_values?}; snippets are HTML: the text escaped (&amp; &lt; &gt; &quot;), matches in
// <b>…</b>.
[[nodiscard]] nlohmann::json SearchJson(const query::SearchResponse& response,
                                        const SearchRequest& request);
// One hit: the stored measure with score, snippet, reported?, matched_in? (a line of JSONL).
[[nodiscard]] nlohmann::json HitJson(const query::Hit& hit);

// One measure with every stored field and its agencies' canonical names
// («spb_agencies_canonical», «partner_agencies_canonical»).
[[nodiscard]] nlohmann::json MeasureJson(const query::MeasureView& view);
[[nodiscard]] nlohmann::json ShowJson(const ShowView& view);
[[nodiscard]] nlohmann::json AgreementsJson(const AgreementsView& view);
[[nodiscard]] nlohmann::json AgenciesJson(const AgenciesView& view);
[[nodiscard]] nlohmann::json OverlapJson(const OverlapView& view);
[[nodiscard]] nlohmann::json CompareJson(const CompareView& view);
[[nodiscard]] nlohmann::json CounterpartsJson(const query::Counterparts& counterparts);
[[nodiscard]] nlohmann::json TimelineJson(const TimelineView& view);
[[nodiscard]] nlohmann::json SimilarJson(const SimilarView& view);
[[nodiscard]] nlohmann::json TwinsJson(const TwinsView& view);
[[nodiscard]] nlohmann::json ExecutionJson(const ExecutionView& view);

// {"error": {"code": "bad_query"|"bad_filter"|"not_found"|"unavailable", "message": …}}
[[nodiscard]] nlohmann::json StatusJson(const Status& status);

}  // namespace karta::engine

#endif  // KARTA_SRC_ENGINE_JSON_VIEWS_H_
