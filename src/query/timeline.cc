#include "src/query/timeline.h"

#include <charconv>
#include <vector>

#include "index/index_schema.h"

namespace karta::query {
namespace {

class TimelineSink : public FacetRowSink {
 public:
  TimelineSink(TimelineBy by, Timeline* out) : by_(by), out_(out) {}
  void Add(const schema::FacetRow& row, Xapian::doccount n) override {
    years_.clear();
    schema::ForEachItem(row.years, [&](std::string_view y) {
      int year = 0;
      if (std::from_chars(y.data(), y.data() + y.size(), year).ec == std::errc()) {
        years_.push_back(year);
      }
    });
    if (years_.empty()) {
      out_->undated += n;
      return;
    }
    for (int y : years_) out_->total[y] += n;
    auto count = [&](std::string_view group) {
      std::map<int, size_t>& counts = out_->groups[std::string(group)];
      for (int y : years_) counts[y] += n;
    };
    if (by_ == TimelineBy::kRegion) {
      count(row.region);
    } else {
      schema::ForEachItem(row.spheres, count);
    }
  }

 private:
  TimelineBy by_;
  Timeline* out_;
  std::vector<int> years_;
};

}  // namespace

std::optional<Timeline> BuildTimeline(const Searcher& searcher, const SearchRequest& scope,
                                      TimelineBy by, Status* error) {
  Timeline out;
  TimelineSink sink(by, &out);
  if (!searcher.ForEachMatch(scope, &sink, error)) return std::nullopt;
  return out;
}

}  // namespace karta::query
