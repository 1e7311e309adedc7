// One substrate's entry in the registry (clusters/substrate_registry.h): what it can express,
// whether it can be reached on this machine, and how it is opened from the command line's
// options. Each substrate's folder fills its entry; nothing else names the substrate.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "clusters/substrate.h"
#include "core/result.h"
#include "core/substrate_traits.h"
#include "core/timeouts.h"

namespace sandcheck {

// The command line's options, the same for every substrate; each reads what it needs.
struct SubstrateOptions {
  std::filesystem::path state_dir;      // run locks, caches, bundles, volumes
  std::filesystem::path probe_binary;   // sandcheck-probe, copied into every sandbox
  std::filesystem::path docker_socket;  // the Docker engine's socket
  Timeouts timeouts;
};

struct SubstrateEntry {
  SubstrateTraits traits;
  // Ok when there is something to open on this machine (an engine answers); otherwise why not.
  Status (*reachable)(const SubstrateOptions& options) = nullptr;
  // Opens it for one run, taking the run's lock; sweeping what other runs left is up to the
  // caller.
  Result<std::unique_ptr<Substrate>> (*open)(const SubstrateOptions& options) = nullptr;
  // What the substrate cannot express of a parsed deployment, judged without reaching it, so a
  // refusal comes before anything starts (an error naming the file and each field); null: all
  // the parser accepts.
  Status (*expressible)(const Deployment& deployment) = nullptr;
};

}  // namespace sandcheck
