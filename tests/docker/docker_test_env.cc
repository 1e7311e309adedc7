#include "tests/docker/docker_test_env.h"

namespace sandcheck::docker_testing {

std::string EngineUnavailableReason() {
  static const std::string reason = [] {
    Status ping = EngineClient().Ping();
    return ping.ok() ? std::string() : ping.message();
  }();
  return reason;
}

Result<TestSubstrate> MakeTestSubstrate(Timeouts timeouts) {
  ASSIGN_OR_RETURN(TempDir state, TempDir::Create("sandcheck-docker-"));
  DockerSubstrateConfig config;
  config.state_dir = state.path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  config.shared_bases = SANDCHECK_TEST_SHARED_BASES;
  config.timeouts = timeouts;
  ASSIGN_OR_RETURN(auto substrate, DockerSubstrate::Create(config));
  return TestSubstrate{std::move(state), std::move(substrate)};
}

std::vector<LabelledObject> ObjectsOfRun(const EngineClient& engine, const std::string& run) {
  std::vector<LabelledObject> owned;
  auto objects = ListLabelledObjects(engine, std::chrono::seconds(30));
  EXPECT_TRUE(objects.ok()) << objects.message();
  if (!objects.ok()) return owned;
  for (const auto& object : *objects) {
    if (object.run == run) owned.push_back(object);
  }
  return owned;
}

std::string Describe(const std::vector<LabelledObject>& objects) {
  std::string text;
  for (const auto& object : objects) {
    text += (text.empty() ? "" : ", ") + object.kind + " " + object.id;
  }
  return text.empty() ? "nothing" : text;
}

}  // namespace sandcheck::docker_testing
