// The egress exercise: one probe run in the family's shared sandbox that tries every way out
// the egress, credential-proxy and observability checks judge (direct TCP, UDP, ICMP, IPv6,
// the metadata address, the proxy's admin port, HTTP and HTTPS through the proxy, DNS lookups), and
// what the world's hosts received from that sandbox afterwards. Every check reads the same
// run: the probe document is cached per sandbox and option list.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clusters/world_view.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"

namespace sandcheck::egress {

// What a substrate reports when it can stand up a deployment's egress proxy for a runtime.
inline constexpr CapabilityKind kProxyCapability = CapabilityKind::kEgressProxy;

// One HTTP or HTTPS request the exercise sends through the proxy. HTTPS goes through a CONNECT
// tunnel, and the probe verifies the proxy's certificate against the CA the sandbox trusts.
struct ProxiedRequest {
  std::string world_host;  // "allowed": the world host the name resolves to
  std::string name;        // "allowed.example.test"
  std::string path;        // "/sandcheck/<nonce>/allowed"
  bool tls = false;        // https://

  std::string scheme() const { return tls ? "https" : "http"; }
  std::string url() const { return scheme() + "://" + name + path; }
};

// What the exercise tries to reach directly, as the probe names each target
// ("tcp:198.18.0.11:80"): the world's hosts at the addresses the sandbox's view gives.
struct DirectTargets {
  std::string denied_address;  // also pinged
  std::string denied_tcp;
  std::string denied6_tcp;
  std::string allowed_tcp;
  std::string canary_udp;
  std::string metadata_tcp;
  std::string proxy_admin_tcp;  // empty without a proxy
};

struct Exercise {
  const WorldView* world = nullptr;
  const nlohmann::json* document = nullptr;  // the probe's, with "connect" and "egress"
  DirectTargets targets;
  std::vector<ProxiedRequest> requests;  // empty without a proxy; each over HTTP and HTTPS
  std::string exfil_name;                // the DNS name carrying the "secret"
  std::vector<HostReceipt> web;          // from the sandbox or its proxy
  std::vector<Datagram> canary_dns;      // likewise
  std::vector<Datagram> canary_datagrams;
};

// Why the check cannot judge this deployment's egress here, as a finished result; nullopt when
// it can. network: none is not applicable; network: host fails (the sandbox has the machine's
// network, which sandcheck never sends probes into); a proxy the deployment declares but the
// substrate cannot stand up (capability egress-proxy) is a loud skip. A world deployment
// without a proxy is judged on any substrate with the world: that is what the checks catch.
std::optional<CheckResult> CannotJudge(CheckContext& context, ResultBuilder& result);

// Runs (or reuses) the exercise in the family's shared sandbox.
Result<Exercise> RunExercise(CheckContext& context);

// The connect result of `target` ("tcp:198.18.0.11:80"), or an error naming it.
Result<nlohmann::json> ConnectResult(const Exercise& exercise, std::string_view target);
// The probe's HTTP result of `request` (with "tunnel" and "tls" for HTTPS), or an error
// naming it.
Result<nlohmann::json> HttpResult(const Exercise& exercise, const ProxiedRequest& request);
// The requests to `world_host` among the web receipts.
std::vector<HttpReceipt> ReceivedBy(const Exercise& exercise, std::string_view world_host);

}  // namespace sandcheck::egress

namespace sandcheck::egress {

// A check that judges the exercise: CannotJudge's verdict when there is one, error when the
// exercise cannot run, else `Judge`'s verdict.
template <CheckResult (*Judge)(const Exercise&, ResultBuilder&)>
CheckResult ExerciseAndJudge(CheckContext& context) {
  ResultBuilder result(context.check().id);
  if (auto early = CannotJudge(context, result)) return *early;
  auto exercise = RunExercise(context);
  if (!exercise.ok()) return result.Error(exercise.error());
  return Judge(*exercise, result);
}

}  // namespace sandcheck::egress
