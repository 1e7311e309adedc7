// Decoders for the parts of a deployment file. Each reports its problems to the context and goes
// on, so one pass finds them all; ParseDeploymentText returns the Deployment only when nothing
// was reported, so what a decoder wrote around a problem never escapes.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/deployment.h"
#include "core/deployment_parser_diagnostics.h"
#include "core/deployment_parser_reader.h"
#include "core/substrate_traits.h"

namespace sandcheck {

struct DecodeContext {
  Diagnostics& diagnostics;
  std::filesystem::path base_dir;  // where relative host paths resolve
  // Where each explicitly written top-level choice sits, recorded only once it decoded cleanly:
  // the cross-field rules compare only values that are known to be right.
  std::map<std::string, YAML::Mark, std::less<>> decoded;
  // What each substrate can express, for the substrate rules.
  SubstrateCatalog substrates;
};

// One of `values`, spelled as ToString spells it, so the file format and every report that
// prints the value agree.
template <typename Enum, size_t N>
std::optional<Enum> ReadEnum(const Field& field, std::string_view noun,
                             const std::array<Enum, N>& values, Diagnostics& diagnostics) {
  std::array<std::string_view, N> names;
  for (size_t i = 0; i < N; ++i) names[i] = ToString(values[i]);
  auto index = ReadChoice(field, noun, names, diagnostics);
  if (!index) return std::nullopt;
  return values[*index];
}

// The whole document: every top-level key into `deployment`, then the cross-field rules.
void DecodeDeployment(const Field& root, DecodeContext& context, Deployment& deployment);

// Sections, each given the top-level mapping.
void DecodeUser(const MapReader& top, DecodeContext& context, UserSpec& user);
void DecodeCapabilities(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodeSeccomp(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodeMounts(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodeLimits(const MapReader& top, DecodeContext& context, Limits& limits);
void DecodeEnvironment(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodeProxies(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodeClaude(const MapReader& top, DecodeContext& context, ClaudeConfig& claude);
void DecodeWrapper(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodeKubernetes(const MapReader& top, DecodeContext& context, Deployment& deployment);
void DecodePhases(const MapReader& top, DecodeContext& context,
                  std::vector<PhaseAssignment>& phases);

// Promises that contradict each other (kernel: sandbox on runc, ...), once all keys decoded.
void CheckContradictions(const Deployment& deployment, DecodeContext& context);

}  // namespace sandcheck
