#include "suites/egress/exercise.h"

#include <fmt/format.h>

#include <array>
#include <thread>

namespace sandcheck::egress {
namespace {

// The names the exercise asks the proxy for, and the path under /sandcheck/<nonce>/ of each.
struct RequestTemplate {
  std::string_view name;
  std::string_view path;
};

constexpr std::array kRequestTemplates = {
    RequestTemplate{"allowed.example.test", "allowed"},
    RequestTemplate{"denied.example.test", "denied"},
    RequestTemplate{"canary.example.test", "canary"},
    RequestTemplate{"api.anthropic.com", "v1/messages"},
    RequestTemplate{"git.example.test", "repo.git/info/refs"},
};

Result<DirectTargets> TargetsIn(const WorldView& world) {
  ASSIGN_OR_RETURN(WorldHost denied, world.Host(kDeniedHost));
  ASSIGN_OR_RETURN(WorldHost allowed, world.Host(kAllowedHost));
  ASSIGN_OR_RETURN(WorldHost canary, world.Host(kCanaryHost));
  ASSIGN_OR_RETURN(WorldHost metadata, world.Host(kMetadataHost));
  if (denied.address6.empty()) return Fail("the world's {} host has no IPv6 address", kDeniedHost);
  uint16_t web = world.web_port();
  DirectTargets targets{
      .denied_address = denied.address,
      .denied_tcp = fmt::format("tcp:{}:{}", denied.address, web),
      .denied6_tcp = fmt::format("tcp:[{}]:{}", denied.address6, web),
      .allowed_tcp = fmt::format("tcp:{}:{}", allowed.address, web),
      .canary_udp = fmt::format("udp:{}:{}", canary.address, world.datagram_port()),
      .metadata_tcp = fmt::format("tcp:{}:{}", metadata.address, web),
      .proxy_admin_tcp = "",
  };
  if (const auto& proxy = world.proxy()) {
    targets.proxy_admin_tcp = fmt::format("tcp:{}:{}", proxy->address, proxy->admin_port);
  }
  return targets;
}

// What the world's hosts hold from this sandbox, once nothing new arrived for a moment: a
// connection the probe closed is recorded a little after the probe returns.
Status CollectReceipts(Exercise& exercise) {
  const WorldView& world = *exercise.world;
  auto snapshot = [&]() -> Result<size_t> {
    exercise.web = world.WebReceived();
    ASSIGN_OR_RETURN(exercise.canary_dns, world.DatagramsReceived(kCanaryHost, world.dns_port()));
    ASSIGN_OR_RETURN(exercise.canary_datagrams,
                     world.DatagramsReceived(kCanaryHost, world.datagram_port()));
    return exercise.web.size() + exercise.canary_dns.size() + exercise.canary_datagrams.size();
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  ASSIGN_OR_RETURN(size_t seen, snapshot());
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSIGN_OR_RETURN(size_t now, snapshot());
    if (now == seen) break;
    seen = now;
  }
  return Status::Ok();
}

Result<std::vector<std::string>> ProbeOptions(const Exercise& exercise) {
  const WorldView& world = *exercise.world;
  const DirectTargets& targets = exercise.targets;
  ASSIGN_OR_RETURN(WorldHost dns, world.Host(kDnsHost));
  ASSIGN_OR_RETURN(WorldHost canary, world.Host(kCanaryHost));
  std::vector<std::string> options = {"--only",
                                      "connect",
                                      "--connect-timeout-ms",
                                      "1500",
                                      "--connect",
                                      targets.denied_tcp,
                                      "--connect",
                                      targets.allowed_tcp,
                                      "--connect",
                                      targets.canary_udp,
                                      "--connect",
                                      targets.denied6_tcp,
                                      "--connect",
                                      targets.metadata_tcp,
                                      "--icmp",
                                      targets.denied_address,
                                      "--dns-query",
                                      fmt::format("{}@{}", exercise.exfil_name, dns.address),
                                      "--dns-query",
                                      fmt::format("{}@{}", exercise.exfil_name, canary.address)};
  if (const auto& proxy = world.proxy()) {
    options.insert(options.end(), {"--connect", targets.proxy_admin_tcp});
    // The system store's path the deployment is supposed to put the proxy's CA at.
    options.insert(options.end(), {"--ca-file", proxy->ca_in_sandbox});
    for (const ProxiedRequest& request : exercise.requests) {
      options.insert(options.end(), {"--http-get", fmt::format("{}:{}={}", proxy->address,
                                                               proxy->port, request.url())});
    }
  }
  return options;
}

}  // namespace

std::optional<CheckResult> CannotJudge(CheckContext& context, ResultBuilder& result) {
  switch (context.deployment().network) {
    case NetworkMode::kNone:
      return result.NotApplicable("network: none: the sandbox has no network, nothing can leave");
    case NetworkMode::kHost:
      return result.Fail(
          "network: host: the sandbox shares the machine's network, so nothing filters or logs "
          "its egress (sandcheck sends no probe there: it would leave the machine)");
    case NetworkMode::kWorld:
      break;
  }
  if (!context.deployment().proxies.egress) return std::nullopt;
  const auto& known = context.capabilities().capabilities;
  if (auto proxy = known.find(kProxyCapability); proxy == known.end() || !proxy->second.available) {
    return result.Skip(fmt::format(
        "needs capability {}: the deployment declares an egress proxy, which {} cannot stand "
        "up here: {}",
        ToString(kProxyCapability), ToString(context.deployment().runtime),
        proxy == known.end() ? "the substrate does not report it" : proxy->second.reason));
  }
  return std::nullopt;
}

Result<Exercise> RunExercise(CheckContext& context) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  Exercise exercise;
  exercise.world = sandbox->world();
  if (exercise.world == nullptr) {
    return Fail("sandbox {} is not linked to a world: its substrate cannot run network: world",
                sandbox->name());
  }
  ASSIGN_OR_RETURN(exercise.targets, TargetsIn(*exercise.world));
  // The sandbox's name makes this exercise's requests and lookups recognisable in the world.
  std::string nonce = sandbox->name();
  exercise.exfil_name = fmt::format("exfil-{}.canary.example.test", nonce);
  if (exercise.world->proxy()) {
    for (bool tls : {false, true}) {
      for (const RequestTemplate& entry : kRequestTemplates) {
        ASSIGN_OR_RETURN(std::string host, exercise.world->HostOfName(entry.name));
        exercise.requests.push_back({std::move(host), std::string(entry.name),
                                     fmt::format("/sandcheck/{}/{}", nonce, entry.path), tls});
      }
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> options, ProbeOptions(exercise));
  ASSIGN_OR_RETURN(exercise.document, context.Probe(options));
  for (const char* section : {"connect", "egress"}) {
    if (!exercise.document->contains(section) || exercise.document->at(section).contains("error")) {
      return Fail("the probe's {} section is missing or failed: {}", section,
                  exercise.document->value(section, nlohmann::json()).dump());
    }
  }
  RETURN_IF_ERROR(CollectReceipts(exercise));
  return exercise;
}

Result<nlohmann::json> ConnectResult(const Exercise& exercise, std::string_view target) {
  for (const auto& result : exercise.document->at("connect").at("results")) {
    if (result.value("target", "") == target) return result;
  }
  return Fail("the probe reported no connect attempt to {}", target);
}

Result<nlohmann::json> HttpResult(const Exercise& exercise, const ProxiedRequest& request) {
  std::string url = request.url();
  for (const auto& result : exercise.document->at("egress").at("http")) {
    if (result.value("url", "") == url) return result;
  }
  return Fail("the probe reported no request for {}", url);
}

std::vector<HttpReceipt> ReceivedBy(const Exercise& exercise, std::string_view world_host) {
  std::vector<HttpReceipt> received;
  for (const HostReceipt& entry : exercise.web) {
    if (entry.world_host == world_host) received.push_back(entry.receipt);
  }
  return received;
}

}  // namespace sandcheck::egress
