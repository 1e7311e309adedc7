#include "clusters/world/world_ca.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace sandcheck {
namespace {

constexpr long kValidSeconds = 2 * 24 * 3600;
constexpr long kBackdateSeconds = 3600;  // clocks of namespaces agree, but skew costs nothing

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct ExtensionFree {
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};
struct BignumFree {
  void operator()(BIGNUM* number) const { BN_free(number); }
};

// "what: OpenSSL's reason", with OpenSSL's error queue emptied.
Error OpenSslFailure(std::string_view what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  char text[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  return Fail("world CA: {}: {}", what, text);
}

template <typename Write>
Result<std::string> ToPem(Write write, std::string_view what) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return OpenSslFailure(fmt::format("write {} as PEM", what));
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

Result<WorldCa::Key> WorldCa::NewKey() {
  Key key(EVP_EC_gen("P-256"));
  if (!key) return OpenSslFailure("generate a P-256 key");
  return key;
}

Result<WorldCa::Certificate> WorldCa::Sign(
    EVP_PKEY* subject_key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
    const std::vector<std::pair<int, std::string>>& extensions) {
  Certificate certificate(X509_new());
  if (!certificate) return OpenSslFailure("allocate a certificate");
  X509* raw = certificate.get();
  std::unique_ptr<BIGNUM, BignumFree> serial(BN_new());
  bool ok = serial && BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(raw)) != nullptr &&
            X509_set_version(raw, X509_VERSION_3) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(raw), -kBackdateSeconds) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(raw), kValidSeconds) != nullptr &&
            X509_set_pubkey(raw, subject_key) == 1 &&
            X509_NAME_add_entry_by_txt(X509_get_subject_name(raw), "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                       -1, -1, 0) == 1 &&
            X509_set_issuer_name(raw, X509_get_subject_name(issuer ? issuer : raw)) == 1;
  if (!ok) return OpenSslFailure("fill in the certificate for " + common_name);
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer ? issuer : raw, raw, nullptr, nullptr, 0);
  for (const auto& [nid, value] : extensions) {
    std::unique_ptr<X509_EXTENSION, ExtensionFree> extension(
        X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
    if (!extension || X509_add_ext(raw, extension.get(), -1) != 1) {
      return OpenSslFailure(fmt::format("extension {} = {}", OBJ_nid2sn(nid), value));
    }
  }
  if (X509_sign(raw, issuer_key, EVP_sha256()) == 0) {
    return OpenSslFailure("sign the certificate for " + common_name);
  }
  return certificate;
}

Result<WorldCa> WorldCa::Create(const std::string& common_name) {
  ASSIGN_OR_RETURN(Key key, NewKey());
  ASSIGN_OR_RETURN(Certificate certificate,
                   Sign(key.get(), common_name, nullptr, key.get(),
                        {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                         {NID_key_usage, "critical,keyCertSign,cRLSign"},
                         {NID_subject_key_identifier, "hash"}}));
  ASSIGN_OR_RETURN(std::string pem,
                   ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate.get()); },
                         "the CA certificate"));
  return WorldCa(std::move(key), std::move(certificate), std::move(pem));
}

Result<IssuedCertificate> WorldCa::Issue(const std::vector<std::string>& dns_names,
                                         const std::vector<std::string>& ip_addresses) const {
  if (dns_names.empty()) return Fail("world CA: a server certificate needs a DNS name");
  std::vector<std::string> alternatives;
  for (const auto& name : dns_names) alternatives.push_back("DNS:" + name);
  for (const auto& address : ip_addresses) alternatives.push_back("IP:" + address);
  ASSIGN_OR_RETURN(Key key, NewKey());
  ASSIGN_OR_RETURN(Certificate certificate,
                   Sign(key.get(), dns_names.front(), certificate_.get(), key_.get(),
                        {{NID_basic_constraints, "critical,CA:FALSE"},
                         {NID_key_usage, "critical,digitalSignature"},
                         {NID_ext_key_usage, "serverAuth"},
                         {NID_subject_key_identifier, "hash"},
                         {NID_authority_key_identifier, "keyid:always"},
                         {NID_subject_alt_name, fmt::format("{}", fmt::join(alternatives, ","))}}));
  IssuedCertificate issued;
  ASSIGN_OR_RETURN(issued.certificate_pem,
                   ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate.get()); },
                         "a server certificate"));
  ASSIGN_OR_RETURN(issued.key_pem, ToPem(
                                       [&](BIO* bio) {
                                         return PEM_write_bio_PrivateKey(
                                             bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
                                       },
                                       "a server key"));
  return issued;
}

}  // namespace sandcheck
