// The base of the sandboxes that run on this machine (oci, docker): their host is the local
// machine, and they offer every optional part of the Sandbox interface, which each implements.
#pragma once

#include "clusters/local_host.h"
#include "clusters/substrate.h"

namespace sandcheck {

class LocalSandbox : public Sandbox, public ExecAsUser, public CrashSimulator, public HostRootfs {
 public:
  HostView& host() override { return host_; }
  ExecAsUser* exec_as_user() override { return this; }
  CrashSimulator* crash_simulator() override { return this; }
  const HostRootfs* host_rootfs() const override { return this; }

 private:
  LocalHost host_;
};

}  // namespace sandcheck
