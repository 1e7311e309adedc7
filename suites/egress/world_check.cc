#include "suites/egress/world_check.h"

namespace sandcheck::egress {

CheckInfo WorldCheck(std::string id, std::string must, std::string rationale,
                     std::string remediation, std::vector<std::string> controls, CheckFn fn,
                     Severity severity, Family family, Phase phase) {
  return CheckInfo{{
                       .id = std::move(id),
                       .must = std::move(must),
                       .family = family,
                       .phase = phase,
                       .severity = severity,
                       .rationale = std::move(rationale),
                       .remediation = std::move(remediation),
                       .required_capabilities = {CapabilityKind::kWorldNetwork},
                       .negative_controls = std::move(controls),
                   },
                   fn};
}

}  // namespace sandcheck::egress
