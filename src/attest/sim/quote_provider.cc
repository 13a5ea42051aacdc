// Byte layout from attestation.md §2.1 (header, signature data) and §2.2
// (report body); all integers little-endian.
#include "attest/sim/quote_provider.h"

#include <string>

#include "attest/quote.h"
#include "crypto/hash.h"
#include "crypto/issuer.h"

namespace mse::attest::sim {
namespace {

void PutLe(Bytes& out, uint64_t value, size_t size) {
  for (size_t i = 0; i < size; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

void PutBytes(Bytes& out, ByteView data) { out.insert(out.end(), data.begin(), data.end()); }

void PutZeros(Bytes& out, size_t n) { out.insert(out.end(), n, 0); }

struct ReportFields {
  ByteView cpu_svn;
  uint64_t flags = 0;
  uint64_t xfrm = 0;
  ByteView mr_enclave;
  ByteView mr_signer;
  uint16_t isv_prod_id = 0;
  uint16_t isv_svn = 0;
  ByteView report_data;
};

// The 384-byte report body of §2.2.
Bytes ReportBodyBytes(const ReportFields& f) {
  Bytes out;
  PutBytes(out, f.cpu_svn);      // 0: cpu_svn (16)
  PutLe(out, 0, 4);              // 16: misc_select
  PutZeros(out, 12 + 16);        // 20: reserved, 32: isv_ext_prod_id
  PutLe(out, f.flags, 8);        // 48: attributes.flags
  PutLe(out, f.xfrm, 8);         // 56: attributes.xfrm
  PutBytes(out, f.mr_enclave);   // 64
  PutZeros(out, 32);             // 96: reserved
  PutBytes(out, f.mr_signer);    // 128
  PutZeros(out, 32 + 64);        // 160: reserved, 192: config_id
  PutLe(out, f.isv_prod_id, 2);  // 256
  PutLe(out, f.isv_svn, 2);      // 258
  PutLe(out, 0, 2);              // 260: config_svn
  PutZeros(out, 42 + 16);        // 262: reserved, 304: isv_family_id
  PutBytes(out, f.report_data);  // 320
  return out;
}

Bytes Header(const SimPlatform& platform) {
  Bytes out;
  PutLe(out, 3, 2);  // version
  PutLe(out, 2, 2);  // att_key_type: ECDSA-256 with P-256
  PutLe(out, 0, 4);  // reserved
  PutLe(out, kSimQeIsvSvn, 2);
  PutLe(out, platform.pck_extension().pcesvn, 2);
  PutBytes(out, kIntelQeVendorId);
  // user_data: a QE identifier tied to this platform's PCK certificate.
  const crypto::Sha256Digest id = platform.pck_leaf().DerSha256();
  PutBytes(out, ByteView(id).first(16));
  PutZeros(out, 4);
  return out;
}

// QE report whose report_data = SHA-256(attestation key ‖ auth data) ‖ 0³².
Bytes QeReport(const SimPlatform& platform, ByteView att_key_xy, ByteView auth_data) {
  Bytes hashed(att_key_xy.begin(), att_key_xy.end());
  PutBytes(hashed, auth_data);
  Bytes report_data;
  PutBytes(report_data, crypto::Sha256(hashed));
  PutZeros(report_data, 32);
  const std::array<uint8_t, 32> qe_mr_enclave =
      crypto::Sha256(AsBytes(std::string_view("mse simulated quoting enclave code")));
  const std::array<uint8_t, 32> qe_mr_signer = SimQeMrSigner();
  return ReportBodyBytes({platform.pck_extension().cpusvn, kSimQeFlags, kSimQeXfrm, qe_mr_enclave,
                          qe_mr_signer, kSimQeIsvProdId, kSimQeIsvSvn, report_data});
}

}  // namespace

Bytes SimQeAuthData() {
  Bytes data(32);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  return data;
}

StatusOr<SimQuoteProvider> SimQuoteProvider::Create(const SimPlatform& platform,
                                                    const SimEnclaveIdentity& identity) {
  if ((identity.flags & kAttributeDebug) != 0) {
    return InvalidArgumentError(
        "simulated enclave attributes have the DEBUG bit set: verifiers refuse debug enclaves");
  }
  return SimQuoteProvider(platform, identity);
}

StatusOr<Bytes> SimQuoteProvider::GetQuote(const std::array<uint8_t, 64>& report_data) const {
  const SimPlatform& p = *platform_;
  Bytes quote = Header(p);
  PutBytes(quote,
           ReportBodyBytes({p.pck_extension().cpusvn, identity_.flags, identity_.xfrm, identity_.mr_enclave,
                            identity_.mr_signer, identity_.isv_prod_id, identity_.isv_svn, report_data}));
  const crypto::P256Point att_point = p.attestation_key().PublicPoint();
  const ByteView att_xy = ByteView(att_point).subspan(1);
  MSE_ASSIGN_OR_RETURN(auto isv_signature, crypto::SignEcdsaP256Raw(p.attestation_key(), quote));
  const Bytes auth_data = SimQeAuthData();
  const Bytes qe_report = QeReport(p, att_xy, auth_data);
  MSE_ASSIGN_OR_RETURN(auto qe_signature, crypto::SignEcdsaP256Raw(p.pck_leaf_key(), qe_report));
  std::string chain = p.PckChainPem();
  chain.push_back('\0');

  Bytes sig_data;
  PutBytes(sig_data, isv_signature);
  PutBytes(sig_data, att_xy);
  PutBytes(sig_data, qe_report);
  PutBytes(sig_data, qe_signature);
  PutLe(sig_data, auth_data.size(), 2);
  PutBytes(sig_data, auth_data);
  PutLe(sig_data, 5, 2);  // cert_data_type: PEM PCK chain
  PutLe(sig_data, chain.size(), 4);
  PutBytes(sig_data, AsBytes(chain));
  PutLe(quote, sig_data.size(), 4);
  PutBytes(quote, sig_data);
  return quote;
}

void ExplainSimulatedRoot(ByteView quote, Verdict& verdict) {
  if (verdict.failure != "UNTRUSTED_ROOT") return;
  auto parsed = ParseQuote(quote);
  if (!parsed.ok() || parsed->root().SubjectCommonName() != kSimRootCommonName) return;
  verdict.next_step =
      "the quote comes from a SIMULATED SGX platform (its root is '" + std::string(kSimRootCommonName) +
      "'), which is not trusted by default: to accept simulated attestation (which proves "
      "nothing) pass --allow-simulation, with --sim-root <root.pem> exported by `mse home sim "
      "export-root` on the platform that produced it";
}

}  // namespace mse::attest::sim
