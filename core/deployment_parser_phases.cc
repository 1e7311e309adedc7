// Which phase each check family's promises belong to (the three-phase seed: isolation, then
// observability, then portability). A family sits in one phase only.
#include <algorithm>
#include <map>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

constexpr std::array kPhases = {Phase::kIsolation, Phase::kObservability, Phase::kPortability};

struct Placement {
  Phase phase;
  int line;  // 1-based
};

}  // namespace

void DecodePhases(const MapReader& top, DecodeContext& context,
                  std::vector<PhaseAssignment>& phases) {
  auto field = top.Find("phases");
  if (!field) return;
  MapReader section(*field, kPhasesSection, context.diagnostics);
  std::map<Family, Placement> placed;
  for (const MapEntry& entry : section.entries()) {
    // MapReader let through only the keys of kPhasesSection, which are these phases' names.
    Phase phase = *std::find_if(kPhases.begin(), kPhases.end(),
                                [&](Phase p) { return ToString(p) == entry.key; });
    auto items = ReadList(entry.value, context.diagnostics);
    if (!items) continue;
    for (const Field& item : *items) {
      auto family = ReadEnum(item, "check family", AllFamilies(), context.diagnostics);
      if (!family) continue;
      auto [first, fresh] = placed.emplace(*family, Placement{phase, item.mark.line + 1});
      if (!fresh) {
        context.diagnostics.Add(
            item.mark,
            fmt::format("check family '{}' is already in phase '{}' (line {})", ToString(*family),
                        ToString(first->second.phase), first->second.line),
            "keep each family in exactly one phase");
        continue;
      }
      phases.push_back({*family, phase});
    }
  }
}

}  // namespace sandcheck
