// Where the credential checks look for ~: the passwd entry's home, else the agent's HOME.
#include "suites/credentials/agent_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

TEST(AgentHome, IsThePasswdEntrysHome) {
  json document = {{"identity", {{"uid", 1000}, {"home", "/home/agent"}, {"home_env", "/x"}}}};
  auto home = AgentHome(document);
  ASSERT_TRUE(home.ok()) << home.message();
  EXPECT_EQ(*home, "/home/agent");
}

TEST(AgentHome, IsTheEnvironmentsHomeForAUidWithoutPasswdEntry) {
  // Seed 003's uid 501 in sandcheck's image, whose deployment declares HOME=/home/claude.
  json document = {{"identity", {{"uid", 501}, {"home", nullptr}, {"home_env", "/home/claude"}}}};
  auto home = AgentHome(document);
  ASSERT_TRUE(home.ok()) << home.message();
  EXPECT_EQ(*home, "/home/claude");
}

TEST(AgentHome, FailsWithNeither) {
  json document = {{"identity", {{"uid", 501}, {"home", nullptr}, {"home_env", nullptr}}}};
  auto home = AgentHome(document);
  ASSERT_FALSE(home.ok());
  EXPECT_THAT(home.message(), HasSubstr("uid 501"));
  EXPECT_FALSE(AgentHome(json::object()).ok());
}

}  // namespace
}  // namespace sandcheck
