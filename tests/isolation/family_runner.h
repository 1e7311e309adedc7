// Runs the isolation family for real: one OciSubstrate on a temporary state directory for the
// whole test program (the rootfs is built once), the family's checks through the same runner
// `sandcheck run` uses, and the verdicts keyed by check id.
#pragma once

#include <map>
#include <set>
#include <string>

#include "clusters/oci/oci_substrate.h"
#include "core/deployment.h"
#include "core/result.h"
#include "suites/framework/check.h"

namespace sandcheck::isolation::testing {

// The substrate every test of this program shares; an error when it cannot be created.
Result<OciSubstrate*> SharedSubstrate();

// Parses fixtures/deployments/<relative> and resolves its host references (${host_home}).
Result<Deployment> LoadFixture(const std::string& relative);

// Runs the isolation checks whose ids pass `selected` (all when empty) on `deployment`, on any
// substrate (tests/docker runs the family on the docker substrate).
std::map<std::string, CheckResult> RunFamily(Substrate& substrate, const Deployment& deployment,
                                             const std::set<std::string>& selected = {});

// The skips docs/checks-isolation.md documents: ISO-019 on runsc (gVisor shows no cgroup
// files and the substrate offers no host-side view).
bool IsDocumentedSkip(RuntimeKind runtime, const std::string& id);

// "ISO-003 fail: <summary>" lines, for failure messages.
std::string Describe(const std::map<std::string, CheckResult>& results);

// A negative control's assertion: runs the family on `deployment` (the stress checks only when
// they are expected to fail) and expects exactly `expected_failing` to fail, `expected_skips`
// to skip (what the substrate cannot express) and every other check to pass, documented skips
// aside.
void ExpectExactlyTheseFail(Substrate& substrate, const Deployment& deployment,
                            const std::set<std::string>& expected_failing,
                            const std::set<std::string>& expected_skips = {});

}  // namespace sandcheck::isolation::testing
