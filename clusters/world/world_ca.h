// The world's own certificate authority, made fresh for every world (OpenSSL's C API): it signs
// the HTTPS certificates of the world's web hosts, and each egress proxy verifies the hosts
// against it (mitmdump's ssl_verify_upstream_trusted_ca). Nothing outside the run trusts it,
// and its key never leaves this process.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

struct IssuedCertificate {
  std::string certificate_pem;
  std::string key_pem;
};

class WorldCa {
 public:
  // A self-signed CA named `common_name`, valid from an hour ago for two days.
  static Result<WorldCa> Create(const std::string& common_name);

  // A server certificate for `dns_names` and `ip_addresses`, signed by this CA, with a key of
  // its own.
  Result<IssuedCertificate> Issue(const std::vector<std::string>& dns_names,
                                  const std::vector<std::string>& ip_addresses) const;
  const std::string& certificate_pem() const { return certificate_pem_; }

 private:
  struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  };
  struct CertificateFree {
    void operator()(X509* certificate) const { X509_free(certificate); }
  };
  using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
  using Certificate = std::unique_ptr<X509, CertificateFree>;

  WorldCa(Key key, Certificate certificate, std::string pem)
      : key_(std::move(key)),
        certificate_(std::move(certificate)),
        certificate_pem_(std::move(pem)) {}
  static Result<Key> NewKey();
  // A certificate for `subject_key`, named `common_name`, signed by `issuer_key` (as
  // `issuer`, or self-signed when null), with the extensions given as OpenSSL config values.
  static Result<Certificate> Sign(EVP_PKEY* subject_key, const std::string& common_name,
                                  X509* issuer, EVP_PKEY* issuer_key,
                                  const std::vector<std::pair<int, std::string>>& extensions);

  Key key_;
  Certificate certificate_;
  std::string certificate_pem_;
};

}  // namespace sandcheck
