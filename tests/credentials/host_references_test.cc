// Resolving a deployment's references to the fake host: ${host:NAME}, ${host_home}, ${host_tmp}.
#include "suites/credentials/host_references.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const FakeHost kHost{"/state/host/home/developer", "/state/host/tmp"};

std::optional<std::string> Environment(const std::string& name) {
  if (name == "GH_TOKEN") return "ghp_canary";
  if (name == "EMPTY") return "";
  return std::nullopt;
}

Deployment WithEnv(std::string name, std::string value) {
  Deployment deployment;
  deployment.env[std::move(name)] = std::move(value);
  return deployment;
}

Deployment WithBind(std::string source, std::string target = "/workspace") {
  Deployment deployment;
  deployment.binds.push_back({std::move(source), std::move(target), false});
  return deployment;
}

TEST(ResolveHostReferences, CopiesTheHostsValueIntoEnv) {
  ASSERT_OK_AND_ASSIGN(
      Deployment resolved,
      ResolveHostReferences(WithEnv("GH_TOKEN", "${host:GH_TOKEN}"), kHost, Environment));
  EXPECT_EQ(resolved.env["GH_TOKEN"], "ghp_canary");
}

TEST(ResolveHostReferences, ReplacesEveryReferenceInsideAValue) {
  ASSERT_OK_AND_ASSIGN(
      Deployment resolved,
      ResolveHostReferences(
          WithEnv("AUTH", "Bearer ${host:GH_TOKEN}/${host:GH_TOKEN}${host:EMPTY}!"), kHost,
          Environment));
  EXPECT_EQ(resolved.env["AUTH"], "Bearer ghp_canary/ghp_canary!");
}

TEST(ResolveHostReferences, LeavesPlainValuesAlone) {
  ASSERT_OK_AND_ASSIGN(
      Deployment resolved,
      ResolveHostReferences(WithEnv("MODE", "$HOME ${not-a-reference}"), kHost, Environment));
  EXPECT_EQ(resolved.env["MODE"], "$HOME ${not-a-reference}");
}

TEST(ResolveHostReferences, RejectsMissingAndMalformedHostVariables) {
  auto missing =
      ResolveHostReferences(WithEnv("X", "${host:AWS_SECRET_ACCESS_KEY}"), kHost, Environment);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("the host has no variable AWS_SECRET_ACCESS_KEY"));
  auto open = ResolveHostReferences(WithEnv("X", "${host:GH_TOKEN"), kHost, Environment);
  ASSERT_FALSE(open.ok());
  EXPECT_THAT(open.message(), HasSubstr("no closing '}'"));
  auto bad_name = ResolveHostReferences(WithEnv("X", "${host:GH-TOKEN}"), kHost, Environment);
  ASSERT_FALSE(bad_name.ok());
  EXPECT_THAT(bad_name.message(), HasSubstr("not an environment variable name"));
}

TEST(ResolveHostReferences, MapsBindSourcesIntoTheFakeHost) {
  ASSERT_OK_AND_ASSIGN(Deployment home,
                       ResolveHostReferences(WithBind("${host_home}"), kHost, Environment));
  EXPECT_EQ(home.binds[0].source, kHost.home);
  ASSERT_OK_AND_ASSIGN(Deployment aws,
                       ResolveHostReferences(WithBind("${host_home}/.aws/"), kHost, Environment));
  EXPECT_EQ(aws.binds[0].source, kHost.home / ".aws");
  ASSERT_OK_AND_ASSIGN(Deployment tmp,
                       ResolveHostReferences(WithBind("${host_tmp}", "/tmp"), kHost, Environment));
  EXPECT_EQ(tmp.binds[0].source, kHost.tmp);
  ASSERT_OK_AND_ASSIGN(Deployment plain,
                       ResolveHostReferences(WithBind("/srv/project"), kHost, Environment));
  EXPECT_EQ(plain.binds[0].source, "/srv/project");
}

TEST(ResolveHostReferences, RejectsBindSourcesThatLeaveTheFakeHostOrAreUnknown) {
  auto escape = ResolveHostReferences(WithBind("${host_home}/../../etc"), kHost, Environment);
  ASSERT_FALSE(escape.ok());
  EXPECT_THAT(escape.message(), HasSubstr("leaves ${host_home} through '..'"));
  auto glued = ResolveHostReferences(WithBind("${host_home}.aws"), kHost, Environment);
  ASSERT_FALSE(glued.ok());
  EXPECT_THAT(glued.message(), HasSubstr("put a '/' after ${host_home}"));
  auto unknown = ResolveHostReferences(WithBind("${host_root}/etc"), kHost, Environment);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.message(), HasSubstr("unknown host reference"));
}

TEST(UnresolvedHostReferences, NamesWhatTheRunnerLeftUnresolved) {
  Deployment deployment = WithBind("${host_home}/.aws", "/home/agent/.aws");
  deployment.env["GH_TOKEN"] = "${host:GH_TOKEN}";
  deployment.env["PLAIN"] = "value";
  EXPECT_THAT(UnresolvedHostReferences(deployment),
              ElementsAre("env GH_TOKEN", "bind /home/agent/.aws"));
  ASSERT_OK_AND_ASSIGN(Deployment resolved, ResolveHostReferences(deployment, kHost, Environment));
  EXPECT_THAT(UnresolvedHostReferences(resolved), IsEmpty());
}

TEST(ProcessEnvironment, ReadsThisProcesssEnvironment) {
  ::setenv("SANDCHECK_REFERENCE_TEST", "value", 1);
  EXPECT_EQ(ProcessEnvironment("SANDCHECK_REFERENCE_TEST"), "value");
  EXPECT_EQ(ProcessEnvironment("SANDCHECK_REFERENCE_TEST_UNSET"), std::nullopt);
}

}  // namespace
}  // namespace sandcheck
