// TEMPORARY: dumps probe documents for investigation. Not for commit.
#include <gtest/gtest.h>
#include <iostream>
#include "suites/probe.h"
#include "tests/isolation/family_runner.h"
#include "tests/test_util.h"
namespace sandcheck::isolation::testing {
namespace {
TEST(Debug, Dump) {
  const char* fixture = std::getenv("ISO_FIXTURE");
  const char* opts = std::getenv("ISO_OPTS");
  ASSERT_OK_AND_ASSIGN(OciSubstrate * substrate, SharedSubstrate());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, LoadFixture(fixture));
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate->Acquire(deployment, {.purpose = "dbg"}));
  std::vector<std::string> options;
  std::string all = opts ? opts : "";
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find(' ', start);
    if (end == std::string::npos) end = all.size();
    options.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  if (const char* argv = std::getenv("ISO_EXEC")) {
    ExecRequest request;
    request.argv = {"/bin/sh", "-c", argv};
    auto outcome = sandbox->Exec(request);
    ASSERT_TRUE(outcome.ok()) << outcome.message();
    std::cout << "EXEC: " << outcome->DescribeEnd() << "\n" << outcome->out << outcome->err << "\n";
  }
  auto document = RunProbe(*sandbox, options, std::chrono::seconds(120));
  if (!document.ok()) {
    std::cout << "PROBE ERROR: " << document.message() << "\n";
    ExecRequest request;
    request.argv = {"/bin/true"};
    auto outcome = sandbox->Exec(request);
    std::cout << "AFTER: " << (outcome.ok() ? outcome->DescribeEnd() : outcome.message()) << "\n";
    return;
  }
  std::cout << document->dump(1) << "\n";
}
}  // namespace
}  // namespace sandcheck::isolation::testing
