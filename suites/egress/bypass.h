// The bypass exercise: the requests that got past real sandboxes' egress proxies, each written
// byte for byte by the probe (--http-send) in the family's shared sandbox: the metadata address
// spelled every way a resolver reads it, allowlist look-alikes, domain fronting in a tunnel to
// an allowed host, and other ports of an allowed host. Each request carries a marker path
// (/sandcheck/<nonce>/bypass/<id>), so what the world's hosts received is matched to it. One
// probe run serves EGR-011..014: the document is cached per sandbox and option list.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/world_view.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"

namespace sandcheck::egress {

// Which check judges an attempt.
enum class BypassKind { kMetadata, kLookAlike, kFronting, kPort };

struct BypassAttempt {
  BypassKind kind = BypassKind::kMetadata;
  std::string id;       // "meta-decimal": the probe's result and the marker path carry it
  std::string what;     // "the metadata address in decimal (2852039166)", for the summary
  nlohmann::json send;  // the probe's --http-send object: id, request, connect, sni
};

// What one attempt came to.
enum class BypassOutcome {
  kRefused,    // the proxy answered 4xx (its refusal, or a malformed request), nothing arrived
  kNotSent,    // the tunnel or TLS to the proxy failed first, nothing arrived
  kForwarded,  // the proxy answered 2xx or 5xx (it went upstream), or a world host got it
};

struct BypassRun {
  bool proxy = false;                                 // whether the sandbox has an egress proxy
  std::string marker_prefix;                          // "/sandcheck/<nonce>/bypass/"
  std::vector<BypassAttempt> attempts;                // empty without a proxy
  nlohmann::json sends = nlohmann::json::array();     // the probe's egress.sends
  nlohmann::json connects = nlohmann::json::array();  // the probe's direct attempts
  std::vector<HostReceipt> web;                       // from the sandbox or its proxy
};

// The attempts, for a sandbox behind `proxy` whose requests carry `marker_prefix`; the
// spellings are derived from the world's metadata and allowed addresses.
std::vector<BypassAttempt> BypassAttempts(const std::string& metadata_address,
                                          const std::string& allowed_address,
                                          const std::string& marker_prefix);

// The metadata address spelled as IPv4-mapped IPv6, which a direct connect tries too.
std::string MappedMetadataTarget(const std::string& metadata_address, uint16_t port);

// Runs (or reuses) the bypass probe in the family's shared sandbox.
Result<BypassRun> RunBypass(CheckContext& context);

// The outcome of `attempt` in `run`, with its probe result and receipts as evidence; an error
// when the probe reported nothing for it or could not reach the proxy.
Result<BypassOutcome> OutcomeOf(const BypassRun& run, const BypassAttempt& attempt,
                                nlohmann::json& evidence);

// The world hosts that received `attempt`'s marker.
std::vector<std::string> ReceiversOf(const BypassRun& run, const BypassAttempt& attempt);

}  // namespace sandcheck::egress
