#include "tools/sandcheck/substrate_options.h"

#include <cstdlib>

#include "clusters/docker/engine_client.h"
#include "core/deployment_parser.h"
#include "core/log.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_references.h"

namespace sandcheck::cli {

void AddSubstrateOptions(po::options_description& options) {
  options.add_options()("state-dir", po::value<std::string>()->default_value("/var/lib/sandcheck"),
                        "where rootfs caches, bundles, volumes and run locks live")(
      "probe", po::value<std::string>()->default_value(SANDCHECK_PROBE_PATH),
      "the sandcheck-probe binary copied into every sandbox")(
      "docker-socket", po::value<std::string>()->default_value(std::string(kDefaultDockerSocket)),
      "the Docker engine's socket (substrate: docker)")(
      "timeout-scale", po::value<double>()->default_value(1.0),
      "multiply every deadline (e.g. 3 on a loaded machine)")("verbose,v", "debug logging");
}

Result<SubstrateOptions> SubstrateOptionsFrom(const po::variables_map& vars) {
  if (vars.count("verbose")) SetLogLevel(LogLevel::kDebug);
  double scale = vars["timeout-scale"].as<double>();
  if (scale <= 0) return Fail("--timeout-scale must be positive, got {}", scale);
  SubstrateOptions options;
  options.state_dir = vars["state-dir"].as<std::string>();
  options.probe_binary = vars["probe"].as<std::string>();
  options.docker_socket = vars["docker-socket"].as<std::string>();
  options.timeouts = Timeouts{}.Scaled(scale);
  if (!std::filesystem::exists(options.probe_binary)) {
    return Fail("probe binary {} does not exist. fix: build it (bash ci/build.sh) or pass --probe",
                options.probe_binary.string());
  }
  return options;
}

Result<SubstrateKind> CommonSubstrate(const std::vector<Deployment>& deployments) {
  if (deployments.empty()) return Fail("no deployment given");
  SubstrateKind kind = deployments.front().substrate;
  for (const auto& deployment : deployments) {
    if (deployment.substrate != kind) {
      return Fail(
          "{} names substrate '{}' but {} names '{}'. fix: run each substrate's "
          "deployments in their own `sandcheck run`",
          deployments.front().source_file.string(), ToString(kind), deployment.source_file.string(),
          ToString(deployment.substrate));
    }
  }
  const SubstrateEntry* entry = FindSubstrate(kind);
  if (entry == nullptr) {
    const std::string why = WhyNotInThisBuild(kind);
    return Fail("{}: substrate '{}' is not available in this build; {} are{}",
                deployments.front().source_file.string(), ToString(kind), AvailableSubstrateNames(),
                why.empty() ? "" : ". " + why);
  }
  if (entry->expressible != nullptr) {
    for (const auto& deployment : deployments) RETURN_IF_ERROR(entry->expressible(deployment));
  }
  return kind;
}

Result<std::unique_ptr<Substrate>> OpenSubstrate(const po::variables_map& vars,
                                                 SubstrateKind kind) {
  const SubstrateEntry* entry = FindSubstrate(kind);
  if (entry == nullptr) {
    return Fail("substrate '{}' is not available in this build; {} are", ToString(kind),
                AvailableSubstrateNames());
  }
  ASSIGN_OR_RETURN(SubstrateOptions options, SubstrateOptionsFrom(vars));
  ASSIGN_OR_RETURN(auto substrate, entry->open(options));
  SC_INFO("run {}: substrate {}, state in {}", substrate->run_id().str(), ToString(kind),
          options.state_dir.string());
  auto swept = substrate->SweepAbandoned();
  if (!swept.ok()) SC_WARN("sweep of interrupted runs was incomplete: {}", swept.message());
  return substrate;
}

Result<std::vector<Deployment>> LoadDeployments(const std::vector<std::string>& files) {
  std::vector<Deployment> deployments;
  std::string errors;
  for (const auto& file : files) {
    auto deployment = ParseDeploymentFile(file, SubstrateTraitsCatalog());
    if (deployment.ok()) {
      deployments.push_back(std::move(deployment).value());
    } else {
      errors += (errors.empty() ? "" : "\n") + deployment.message();
    }
  }
  if (!errors.empty()) return Error{errors};
  return deployments;
}

Status PlantHostAndResolve(const po::variables_map& vars, const RunId& run,
                           std::vector<Deployment>& deployments) {
  std::filesystem::path state_dir = vars["state-dir"].as<std::string>();
  std::filesystem::path hosts = state_dir / "hosts";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(hosts, ec)) {
    auto owner = RunIdOfResource(entry.path().filename().string());
    if (owner && RunLock::IsAbandoned(state_dir / "locks", *owner)) {
      std::filesystem::remove_all(entry.path(), ec);
      if (ec) SC_WARN("remove the fake host {}: {}", entry.path().string(), ec.message());
    }
  }
  std::filesystem::path own = hosts / ResourceName(run, "host");
  std::filesystem::create_directories(own, ec);
  if (ec) return Fail("create {}: {}", own.string(), ec.message());
  ASSIGN_OR_RETURN(const HostCanaries* canaries, HostCanaries::Install(own));
  for (Deployment& deployment : deployments) {
    std::string file = deployment.source_file.string();
    ASSIGN_OR_RETURN(deployment,
                     WithContext(ResolveHostReferences(std::move(deployment), canaries->host(),
                                                       ProcessEnvironment),
                                 file));
  }
  return Status::Ok();
}

}  // namespace sandcheck::cli
