// Judges of the ways out that bypass the proxy: each must fail, by the probe's own attempt and
// by what the world's hosts received.
#pragma once

#include "suites/egress/exercise.h"

namespace sandcheck::egress {

CheckResult JudgeDirectTcp(const Exercise& exercise, ResultBuilder& result);           // EGR-001
CheckResult JudgeDirectUdp(const Exercise& exercise, ResultBuilder& result);           // EGR-002
CheckResult JudgeIcmp(const Exercise& exercise, ResultBuilder& result);                // EGR-003
CheckResult JudgeIpv6(const Exercise& exercise, ResultBuilder& result);                // EGR-004
CheckResult JudgeBypassWithoutProxy(const Exercise& exercise, ResultBuilder& result);  // EGR-005
CheckResult JudgeMetadata(const Exercise& exercise, ResultBuilder& result);            // EGR-009

}  // namespace sandcheck::egress
