// What the docker tests share: the engine they run against (skipped loudly, with the reason,
// when none answers), a docker substrate on a temporary state directory, and a look at what
// the engine holds for one run.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clusters/docker/docker_substrate.h"
#include "clusters/docker/docker_sweep.h"
#include "core/temp_dir.h"

namespace sandcheck::docker_testing {

// Empty when an engine answers on the default socket; otherwise why not.
std::string EngineUnavailableReason();

#define SKIP_WITHOUT_DOCKER_ENGINE()                                                              \
  do {                                                                                            \
    if (std::string why = ::sandcheck::docker_testing::EngineUnavailableReason(); !why.empty()) { \
      GTEST_SKIP() << "SKIPPED: no Docker engine: " << why << " (start one: bash ci/dockerd.sh)"; \
    }                                                                                             \
  } while (false)

// A docker substrate with its own state directory (run locks), removed afterwards.
struct TestSubstrate {
  TempDir state;
  std::unique_ptr<DockerSubstrate> substrate;
};
Result<TestSubstrate> MakeTestSubstrate(Timeouts timeouts = {});

// The engine's containers, volumes and networks labelled with `run`.
std::vector<LabelledObject> ObjectsOfRun(const EngineClient& engine, const std::string& run);

// "container sc-..., volume sc-..." for failure messages.
std::string Describe(const std::vector<LabelledObject>& objects);

}  // namespace sandcheck::docker_testing
