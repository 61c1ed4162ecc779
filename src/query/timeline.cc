#include "src/query/timeline.h"

#include <charconv>
#include <vector>

#include "index/index_schema.h"

namespace karta::query {
namespace {

class TimelineSpy : public Xapian::MatchSpy {
 public:
  TimelineSpy(TimelineBy by, Timeline* out) : by_(by), out_(out) {}
  void operator()(const Xapian::Document& doc, double) override {
    years_.clear();
    schema::ForEachItem(doc.get_value(schema::kSlotYears), [&](std::string_view y) {
      int year = 0;
      if (std::from_chars(y.data(), y.data() + y.size(), year).ec == std::errc()) {
        years_.push_back(year);
      }
    });
    if (years_.empty()) {
      ++out_->undated;
      return;
    }
    for (int y : years_) ++out_->total[y];
    auto count = [&](std::string_view group) {
      std::map<int, size_t>& row = out_->groups[std::string(group)];
      for (int y : years_) ++row[y];
    };
    if (by_ == TimelineBy::kRegion) {
      count(doc.get_value(schema::kSlotRegion));
    } else {
      schema::ForEachItem(doc.get_value(schema::kSlotSpheres), count);
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
  TimelineSpy spy(by, &out);
  if (!searcher.ForEachMatch(scope, &spy, error)) return std::nullopt;
  return out;
}

}  // namespace karta::query
