#include "index/stage_times.h"

#include <atomic>

namespace karta {
namespace {

std::atomic<bool> g_enabled{false};
std::array<std::atomic<long long>, kIngestStages> g_nanoseconds{};

}  // namespace

const char* IngestStageName(IngestStage stage) {
  switch (stage) {
    case IngestStage::kRead:
      return "read";
    case IngestStage::kDecode:
      return "decode";
    case IngestStage::kAssemble:
      return "assemble";
    case IngestStage::kCanonical:
      return "canonicalise";
    case IngestStage::kAnalyse:
      return "analyse";
    case IngestStage::kDocument:
      return "document";
    case IngestStage::kWrite:
      return "xapian-write";
    case IngestStage::kCommit:
      return "xapian-commit";
    case IngestStage::kMerge:
      return "merge";
    case IngestStage::kRegistry:
      return "registry";
    case IngestStage::kLinks:
      return "links";
    case IngestStage::kCheck:
      return "check";
    case IngestStage::kCount:
      break;
  }
  return "?";
}

void StageTimes::Enable() { g_enabled = true; }

bool StageTimes::enabled() { return g_enabled.load(std::memory_order_relaxed); }

void StageTimes::Add(IngestStage stage, std::chrono::steady_clock::duration elapsed) {
  g_nanoseconds[static_cast<size_t>(stage)].fetch_add(
      std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count(),
      std::memory_order_relaxed);
}

std::array<double, kIngestStages> StageTimes::Seconds() {
  std::array<double, kIngestStages> out{};
  for (size_t i = 0; i < kIngestStages; ++i) out[i] = static_cast<double>(g_nanoseconds[i]) / 1e9;
  return out;
}

}  // namespace karta
