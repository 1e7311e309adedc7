#include "suites/egress/exercise.h"

#include <fmt/format.h>

#include <thread>

#include "clusters/world/join_world.h"

namespace sandcheck::egress {
namespace {

const std::vector<ProxiedRequest>& RequestTemplates() {
  static const std::vector<ProxiedRequest> requests = {
      {"allowed", "allowed.example.test", "allowed"},
      {"denied", "denied.example.test", "denied"},
      {"canary", "canary.example.test", "canary"},
      {"model-api", "api.anthropic.com", "v1/messages"},
      {"model-api", "git.example.test", "repo.git/info/refs"},
  };
  return requests;
}

bool FromSandbox(const std::string& peer, const WorldLink& link) {
  std::string address = peer.substr(0, peer.rfind(':'));
  return address == link.sandbox_address || (link.proxy && address == link.proxy->hub_address);
}

// What the world's hosts hold from this sandbox, once nothing new arrived for a moment: a
// connection the probe closed is recorded a little after the probe returns.
void CollectReceipts(Exercise& exercise) {
  const WorldLink& link = *exercise.link;
  auto snapshot = [&] {
    exercise.web.clear();
    for (const auto& [name, host] : link.services->web_hosts()) {
      for (HttpReceipt& receipt : host->Receipts()) {
        if (FromSandbox(receipt.peer, link)) exercise.web.push_back({name, std::move(receipt)});
      }
    }
    auto own = [&](const UdpSink& sink) {
      std::vector<Datagram> datagrams;
      for (Datagram& datagram : sink.Datagrams()) {
        if (FromSandbox(datagram.peer, link)) datagrams.push_back(std::move(datagram));
      }
      return datagrams;
    };
    exercise.canary_dns = own(link.services->canary_dns());
    exercise.canary_datagrams = own(link.services->canary_datagrams());
    return exercise.web.size() + exercise.canary_dns.size() + exercise.canary_datagrams.size();
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  size_t seen = snapshot();
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    size_t now = snapshot();
    if (now == seen) break;
    seen = now;
  }
}

std::vector<std::string> ProbeOptions(const Exercise& exercise) {
  const WorldLink& link = *exercise.link;
  std::vector<std::string> options = {"--only",
                                      "connect",
                                      "--connect-timeout-ms",
                                      "1500",
                                      "--connect",
                                      fmt::format("tcp:{}:80", kDeniedAddress),
                                      "--connect",
                                      fmt::format("tcp:{}:80", kAllowedAddress),
                                      "--connect",
                                      fmt::format("udp:{}:9", kCanaryAddress),
                                      "--connect",
                                      fmt::format("tcp:[{}]:80", kDeniedAddress6),
                                      "--connect",
                                      fmt::format("tcp:{}:80", kMetadataAddress),
                                      "--icmp",
                                      std::string(kDeniedAddress),
                                      "--dns-query",
                                      fmt::format("{}@{}", exercise.exfil_name, kDnsAddress),
                                      "--dns-query",
                                      fmt::format("{}@{}", exercise.exfil_name, kCanaryAddress)};
  if (link.proxy) {
    options.insert(options.end(), {"--connect", fmt::format("tcp:{}:{}", link.proxy->address,
                                                            link.proxy->admin_port)});
    // The system store's path the deployment is supposed to put the proxy's CA at.
    options.insert(options.end(), {"--ca-file", std::string(kProxyCaInSandbox)});
    for (const ProxiedRequest& request : exercise.requests) {
      options.insert(options.end(), {"--http-get", fmt::format("{}:{}={}", link.proxy->address,
                                                               link.proxy->port, request.url())});
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
  exercise.link = sandbox->world_link();
  if (exercise.link == nullptr || exercise.link->services == nullptr) {
    return Fail("sandbox {} is not linked to a world: its substrate cannot run network: world",
                sandbox->name());
  }
  // The sandbox's name makes this exercise's requests and lookups recognisable in the world.
  std::string nonce = sandbox->name();
  exercise.exfil_name = fmt::format("exfil-{}.canary.example.test", nonce);
  if (exercise.link->proxy) {
    for (bool tls : {false, true}) {
      for (ProxiedRequest request : RequestTemplates()) {
        request.path = fmt::format("/sandcheck/{}/{}", nonce, request.path);
        request.tls = tls;
        exercise.requests.push_back(std::move(request));
      }
    }
  }
  ASSIGN_OR_RETURN(exercise.document, context.Probe(ProbeOptions(exercise)));
  for (const char* section : {"connect", "egress"}) {
    if (!exercise.document->contains(section) || exercise.document->at(section).contains("error")) {
      return Fail("the probe's {} section is missing or failed: {}", section,
                  exercise.document->value(section, nlohmann::json()).dump());
    }
  }
  CollectReceipts(exercise);
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
