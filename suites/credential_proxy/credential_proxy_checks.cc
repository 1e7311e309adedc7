// CREDP-001..003: the checks, their promises and negative controls.
#include "suites/credential_proxy/credential_proxy_checks.h"

#include "suites/credential_proxy/credential_judges.h"
#include "suites/egress/exercise.h"
#include "suites/egress/world_check.h"

namespace sandcheck {

using egress::ExerciseAndJudge;
using egress::kCaNotInstalledControl;
using egress::kNoProxyControl;
using egress::WorldCheck;

std::vector<CheckInfo> CredentialProxyChecks() {
  return {
      WorldCheck(
          "CREDP-001",
          "The credential proxy's key MUST NOT appear anywhere inside the sandbox (files, "
          "environments)",
          "The point of injecting at the proxy is that the agent never holds the key: what it "
          "does not have, a prompt injection cannot make it leak.",
          "Keep the key in the proxy's environment on the host side "
          "(proxies.credentials.key_from_env); never pass it to the sandbox.",
          {"credp-key-in-env.yaml", "cred-sbx-key-in-sandbox-env.yaml"}, egress::KeyNeverInSandbox,
          Severity::kCritical, Family::kCredentials),
      WorldCheck("CREDP-002",
                 "The model API MUST receive the key, added by the proxy, on requests the sandbox "
                 "sent without it, over HTTP and over HTTPS",
                 "Proves the injection path works, so nobody is tempted to hand the key to the "
                 "sandbox after all. Claude Code talks to https://api.anthropic.com: injection "
                 "that only works on plain HTTP is no injection.",
                 "Add an injection rule: proxies.credentials.inject: [{host: api.anthropic.com, "
                 "header: x-api-key}], and let the sandbox trust the proxy's CA so it can "
                 "intercept HTTPS (proxies.egress.install_ca).",
                 {"credp-key-in-env.yaml", kCaNotInstalledControl},
                 ExerciseAndJudge<egress::JudgeKeyInjectedByProxy>, Severity::kCritical,
                 Family::kCredentials),
      WorldCheck("CREDP-003", "Requests to any other host MUST NOT carry the key",
                 "An injection rule wider than the API host (a wildcard, a missing host match) "
                 "sends the key to every allowlisted host, including one the attacker controls.",
                 "Match injection rules to exact host names.", {"credp-broad-injection.yaml"},
                 ExerciseAndJudge<egress::JudgeKeyOnlyToItsHosts>, Severity::kCritical,
                 Family::kCredentials),
  };
}

}  // namespace sandcheck
