// What the egress, credential-proxy and observability families share: checks over the egress
// exercise of a `network: world` sandbox (exercise.h), and the negative controls and fixes they
// name alike.
#pragma once

#include <string>
#include <vector>

#include "suites/framework/check.h"

namespace sandcheck::egress {

inline constexpr const char* kNoProxyControl = "egress-no-proxy.yaml";
inline constexpr const char* kCaNotInstalledControl = "egress-proxy-ca-not-installed.yaml";
inline constexpr const char* kRouteFix =
    "Put the sandbox on a network whose only member is the egress proxy (Docker: an internal "
    "network with the proxy as sidecar; sandcheck: proxies.egress), and give the proxy no "
    "forwarding.";

// Every check of these families needs the world; a deployment's proxy needs capability
// egress-proxy too, which only a deployment that declares one asks for (exercise.h:
// CannotJudge). Only family, phase and severity differ.
CheckInfo WorldCheck(std::string id, std::string must, std::string rationale,
                     std::string remediation, std::vector<std::string> controls, CheckFn fn,
                     Severity severity = Severity::kHigh, Family family = Family::kEgress,
                     Phase phase = Phase::kIsolation);

}  // namespace sandcheck::egress
