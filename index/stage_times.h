// Where ingestion spends its time, stage by stage: the cost budget that bench/scale_bench.py
// prints (karta index --stage-times). Each stage sums the wall time of its sections over every
// thread, so on several threads the stages add up to more than the run's wall time. Off unless
// Enable() was called; then each timed section costs two reads of the monotonic clock.
//
// Thread safety: Enable() before any thread starts; everything else from any thread.
#ifndef KARTA_INDEX_STAGE_TIMES_H_
#define KARTA_INDEX_STAGE_TIMES_H_

#include <array>
#include <chrono>
#include <cstddef>

namespace karta {

enum class IngestStage : int {
  kRead,       // the file's bytes read and hashed
  kDecode,     // the format read and decoded into the table model (encoding, cells, rows)
  kAssemble,   // rows assembled into measures: numbering, spheres, deadlines, agency lists
  kCanonical,  // agency names canonicalised (AgencyKey) and the document's fingerprint
  kAnalyse,    // text analysed into terms with positions: normalise, fold, tokenise, stem
  kDocument,   // the rest of each Xapian document: boolean terms, values, stored record
  kWrite,      // Xapian's writing: replace_document (the inverter, flushes when full)
  kCommit,     // Xapian's commits (the last flush, tables synced)
  kMerge,      // the compaction of a parallel build's shards (and of a sharded index's)
  kRegistry,   // the agency registry derived over every measure of the index, at each commit
  kLinks,      // the plan ↔ report links derived over the index, at each commit
  kCheck,      // Xapian's consistency check of an existing index before writing into it
  kCount
};

inline constexpr size_t kIngestStages = static_cast<size_t>(IngestStage::kCount);

// A short English name of the stage («read», «decode», …), as the budget table prints it.
[[nodiscard]] const char* IngestStageName(IngestStage stage);

class StageTimes {
 public:
  static void Enable();
  [[nodiscard]] static bool enabled();
  static void Add(IngestStage stage, std::chrono::steady_clock::duration elapsed);
  // Seconds per stage, summed over threads since Enable().
  [[nodiscard]] static std::array<double, kIngestStages> Seconds();
};

// Times the section from its construction to Stop() or its destruction into `stage`.
class StageTimer {
 public:
  explicit StageTimer(IngestStage stage)
      : stage_(stage), on_(StageTimes::enabled()), start_(Now(on_)) {}
  ~StageTimer() { Stop(); }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;
  void Stop() {
    if (!on_) return;
    StageTimes::Add(stage_, std::chrono::steady_clock::now() - start_);
    on_ = false;
  }

 private:
  static std::chrono::steady_clock::time_point Now(bool on) {
    return on ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  }
  IngestStage stage_;
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace karta

#endif  // KARTA_INDEX_STAGE_TIMES_H_
