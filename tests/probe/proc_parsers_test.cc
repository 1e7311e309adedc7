#include "tools/probe/proc_parsers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::probe {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(MountInfoTest, ParsesTheProcManPageExample) {
  auto mount = ParseMountInfoLine(
      "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue");
  ASSERT_TRUE(mount.has_value());
  EXPECT_EQ(mount->mount_id, 36);
  EXPECT_EQ(mount->parent_id, 35);
  EXPECT_EQ(mount->major_minor, "98:0");
  EXPECT_EQ(mount->root, "/mnt1");
  EXPECT_EQ(mount->mount_point, "/mnt/parent");
  EXPECT_THAT(mount->options, ElementsAre("rw", "noatime"));
  EXPECT_THAT(mount->optional_fields, ElementsAre("master:1"));
  EXPECT_EQ(mount->fs_type, "ext3");
  EXPECT_EQ(mount->source, "/dev/root");
  EXPECT_THAT(mount->super_options, ElementsAre("rw", "errors=continue"));
}

TEST(MountInfoTest, DecodesOctalEscapesInPathsAndOptions) {
  auto mount = ParseMountInfoLine(
      R"(90 64 0:44 / /mnt/my\040dir\011tab\134back rw,nosuid - overlay my\040src )"
      R"(rw,lowerdir=/a\054b:/c,upperdir=/u)");
  ASSERT_TRUE(mount.has_value());
  EXPECT_EQ(mount->mount_point, "/mnt/my dir\ttab\\back");
  EXPECT_EQ(mount->source, "my src");
  // An escaped comma stays inside its option.
  EXPECT_THAT(mount->super_options, ElementsAre("rw", "lowerdir=/a,b:/c", "upperdir=/u"));
}

TEST(MountInfoTest, AcceptsManyOptionalFieldsAndNone) {
  auto many =
      ParseMountInfoLine("1 0 8:1 / / rw shared:1 master:2 propagate_from:3 - ext4 /dev/sda1 rw");
  ASSERT_TRUE(many.has_value());
  EXPECT_THAT(many->optional_fields, ElementsAre("shared:1", "master:2", "propagate_from:3"));
  auto none = ParseMountInfoLine("2 1 0:5 / /dev rw,nosuid - devtmpfs devtmpfs rw,mode=755");
  ASSERT_TRUE(none.has_value());
  EXPECT_THAT(none->optional_fields, IsEmpty());
}

TEST(MountInfoTest, KeepsAnEmptySource) {
  // Two spaces: a filesystem mounted with an empty source string.
  auto mount = ParseMountInfoLine("3 1 0:50 / /x rw - tmpfs  rw,size=4k");
  ASSERT_TRUE(mount.has_value());
  EXPECT_EQ(mount->fs_type, "tmpfs");
  EXPECT_EQ(mount->source, "");
  EXPECT_THAT(mount->super_options, ElementsAre("rw", "size=4k"));
}

TEST(MountInfoTest, RejectsLinesWithoutTheSeparatorOrFields) {
  EXPECT_FALSE(ParseMountInfoLine("36 35 98:0 /mnt1 /mnt/parent rw ext3 /dev/root rw"));
  EXPECT_FALSE(ParseMountInfoLine("x 35 98:0 /mnt1 /mnt/parent rw - ext3 /dev/root rw"));
  EXPECT_FALSE(ParseMountInfoLine("36 35 98:0 /mnt1 /mnt/parent rw - ext3"));
  EXPECT_FALSE(ParseMountInfoLine(""));
}

TEST(MountInfoTest, TableKeepsMalformedLinesAside) {
  MountTable table = ParseMountInfo(
      "1 0 8:1 / / ro - ext4 /dev/sda1 rw\n"
      "garbage\n"
      "2 1 0:5 / /tmp rw,noexec - tmpfs tmpfs rw\n");
  ASSERT_EQ(table.mounts.size(), 2u);
  EXPECT_THAT(table.malformed_lines, ElementsAre("garbage"));
}

TEST(MountInfoTest, MountContainingPicksTheLongestAndTopmostMountPoint) {
  MountTable table = ParseMountInfo(
      "1 0 8:1 / / ro - ext4 /dev/sda1 rw\n"
      "2 1 0:5 / /tmp rw - tmpfs first rw\n"
      "3 1 0:6 / /tmpfoo rw - tmpfs other rw\n"
      "4 2 0:7 / /tmp rw,noexec - tmpfs second rw\n");
  EXPECT_EQ(MountContaining(table.mounts, "/tmp")->source, "second");
  EXPECT_EQ(MountContaining(table.mounts, "/tmp/a/b")->source, "second");
  EXPECT_EQ(MountContaining(table.mounts, "/tmpfoo/x")->source, "other");
  EXPECT_EQ(MountContaining(table.mounts, "/tm")->source, "/dev/sda1");
  EXPECT_EQ(MountContaining({}, "/"), nullptr);
}

TEST(UnescapeOctalTest, LeavesIncompleteEscapesAlone) {
  EXPECT_EQ(UnescapeOctal(R"(a\04)"), R"(a\04)");
  EXPECT_EQ(UnescapeOctal(R"(a\09b)"), R"(a\09b)");
  EXPECT_EQ(UnescapeOctal(R"(\040\040)"), "  ");
}

constexpr char kStatus[] =
    "Name:\tsandcheck-probe\n"
    "Uid:\t1000\t1000\t1000\t1000\n"
    "CapInh:\t0000000000000000\n"
    "CapPrm:\t00000000a80425fb\n"
    "CapEff:\t00000000a80425fb\n"
    "CapBnd:\t000001ffffffffff\n"
    "CapAmb:\t0000000000000000\n"
    "NoNewPrivs:\t1\n"
    "Seccomp:\t2\n"
    "Seccomp_filters:\t1\n";

TEST(StatusTest, ParsesFieldsWithTrimmedValues) {
  auto fields = ParseStatusFields(kStatus);
  EXPECT_EQ(fields["Name"], "sandcheck-probe");
  EXPECT_EQ(fields["Uid"], "1000\t1000\t1000\t1000");
  EXPECT_EQ(fields["NoNewPrivs"], "1");
  EXPECT_EQ(fields["Seccomp_filters"], "1");
  EXPECT_EQ(fields.count("Gid"), 0u);  // absent stays absent (gVisor omits some fields)
}

TEST(CapabilitiesTest, DecodesDockerDefaultSet) {
  auto mask = ParseCapabilityMask(ParseStatusFields(kStatus)["CapEff"]);
  ASSERT_TRUE(mask.has_value());
  EXPECT_THAT(
      CapabilityNames(*mask),
      ElementsAre("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                  "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
                  "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP"));
}

TEST(CapabilitiesTest, NamesEveryKnownBitAndMarksUnknownOnes) {
  auto full = ParseCapabilityMask("000001ffffffffff");
  ASSERT_TRUE(full.has_value());
  std::vector<std::string> names = CapabilityNames(*full);
  ASSERT_EQ(names.size(), 41u);
  EXPECT_EQ(names[21], "CAP_SYS_ADMIN");
  EXPECT_EQ(names[40], "CAP_CHECKPOINT_RESTORE");
  EXPECT_THAT(CapabilityNames(uint64_t{1} << 41), ElementsAre("CAP_UNKNOWN_41"));
  EXPECT_THAT(CapabilityNames(0), IsEmpty());
}

TEST(CapabilitiesTest, RejectsMalformedMasks) {
  EXPECT_FALSE(ParseCapabilityMask(""));
  EXPECT_FALSE(ParseCapabilityMask("xyz"));
  EXPECT_FALSE(ParseCapabilityMask("00000000000000000"));  // 17 digits: more than 64 bits
}

TEST(CgroupTest, ParsesV1AndV2LinesWithColonsInPaths) {
  auto memberships = ParseProcCgroup(
      "4:memory:/process_api/abc\n"
      "9:name=systemd:/\n"
      "2:cpu,cpuacct:/odd:path\n"
      "0::/sandbox\n");
  ASSERT_EQ(memberships.size(), 4u);
  EXPECT_EQ(memberships[0].hierarchy_id, 4);
  EXPECT_THAT(memberships[0].controllers, ElementsAre("memory"));
  EXPECT_EQ(memberships[0].path, "/process_api/abc");
  EXPECT_THAT(memberships[2].controllers, ElementsAre("cpu", "cpuacct"));
  EXPECT_EQ(memberships[2].path, "/odd:path");
  EXPECT_EQ(memberships[3].hierarchy_id, 0);
  EXPECT_THAT(memberships[3].controllers, IsEmpty());
  EXPECT_EQ(memberships[3].path, "/sandbox");
}

TEST(PasswdTest, FindsTheEntryByUidAndSkipsBrokenLines) {
  constexpr char kPasswd[] =
      "root:x:0:0:root:/root:/bin/bash\n"
      "broken line\n"
      "agent:x:1000:1001:Agent,,,:/home/agent:/bin/sh\n";
  auto agent = FindPasswdEntry(kPasswd, 1000);
  ASSERT_TRUE(agent.has_value());
  EXPECT_EQ(agent->name, "agent");
  EXPECT_EQ(agent->gid, 1001u);
  EXPECT_EQ(agent->home, "/home/agent");
  EXPECT_EQ(agent->shell, "/bin/sh");
  EXPECT_FALSE(FindPasswdEntry(kPasswd, 65534));
  EXPECT_FALSE(FindPasswdEntry("", 0));
}

}  // namespace
}  // namespace sandcheck::probe
