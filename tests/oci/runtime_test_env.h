// Shared set-up of the tests that run real runtimes: a substrate on a temporary state
// directory, parameterised by runtime, skipped loudly when the runtime is missing.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "clusters/oci/oci_substrate.h"
#include "core/temp_dir.h"

namespace sandcheck {

inline OciSubstrateConfig TestSubstrateConfig(const std::filesystem::path& state_dir) {
  OciSubstrateConfig config;
  config.state_dir = state_dir;
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  config.run_id = RunId::Generate();
  return config;
}

inline std::string RuntimeParamName(const ::testing::TestParamInfo<RuntimeKind>& info) {
  return std::string(ToString(info.param));
}

// The host path of an oci sandbox's rootfs (its HostRootfs part, which every oci sandbox
// offers); an empty path, which fails the caller's assertions, if it did not.
inline std::filesystem::path RootfsOf(const Sandbox& sandbox) {
  const HostRootfs* rootfs = sandbox.host_rootfs();
  return rootfs != nullptr ? rootfs->RootfsOnHost() : std::filesystem::path();
}

inline const auto kAllRuntimes =
    ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc);

}  // namespace sandcheck
