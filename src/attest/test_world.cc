#include "attest/test_world.h"

#include <regex>

#include "attest/signed_json.h"
#include "attest/test_util.h"
#include "base/encoding.h"
#include "crypto/hash.h"

namespace mse::attest::testing {
namespace {

using crypto::X509Certificate;
using crypto::testing::ReissueOptions;

X509Certificate Reissued(const X509Certificate& cert, const crypto::testing::TestP256Key& key,
                         const X509Certificate* issuer,
                         const crypto::testing::TestP256Key& signer) {
  ReissueOptions options;
  options.new_subject_key = &key;
  options.issuer = issuer;
  return crypto::testing::Reissue(cert, options, signer).value();
}

void AppendLe(Bytes& out, uint32_t value, int size) {
  for (int i = 0; i < size; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

std::string SignedBody(const char* member, const std::string& span,
                       const crypto::testing::TestP256Key& key) {
  return "{\"" + std::string(member) + "\":" + span + ",\"signature\":\"" +
         HexEncode(key.SignRaw(AsBytes(span))) + "\"}";
}

}  // namespace

TestWorld::TestWorld() {
  TestWorld& w = *this;
  const Quote quote = ParseQuote(ReadQuote("phala-sgx-v3")).value();
  const Collateral real = LoadVectorCollateral("phala-sgx-v3");
  w.chain = quote.pck_chain;
  w.tcb_chain = X509Certificate::ChainFromPem(real.tcb_info_issuer_chain_pem).value();
  w.ReissueChain();
  w.header.assign(quote.raw.begin(), quote.raw.begin() + kQuoteHeaderSize);
  w.isv_report.assign(quote.raw.begin() + kQuoteHeaderSize, quote.raw.begin() + kSignedRegionSize);
  w.qe_report = quote.qe_report_raw;
  w.qe_auth_data = quote.qe_auth_data;
  w.time = At("2025-07-04T10:28:44Z");
  w.root_crl_this_update = At("2025-01-01T00:00:00Z");
  w.root_crl_next_update = At("2026-01-01T00:00:00Z");
  w.pck_crl_this_update = At("2025-06-01T00:00:00Z");
  w.pck_crl_next_update = At("2025-12-01T00:00:00Z");
  w.tcb_info_span = std::string(FindSignedSpan(real.tcb_info_body, "tcbInfo").value());
  w.qe_identity_span = std::string(FindSignedSpan(real.qe_identity_body, "enclaveIdentity").value());
}

void TestWorld::ReissueChain() {
  X509Certificate root = Reissued(chain[2], root_key, nullptr, root_key);
  X509Certificate ca = Reissued(chain[1], ca_key, &root, root_key);
  X509Certificate leaf = Reissued(chain[0], leaf_key, &ca, ca_key);
  chain = {leaf, ca, root};
  tcb_chain = {Reissued(tcb_chain[0], tcb_key, &root, root_key), root};
}

Bytes TestWorld::BuildQuote() const {
  Bytes signed_region = header;
  signed_region.insert(signed_region.end(), isv_report.begin(), isv_report.end());
  const Bytes isv_signature = quote_signer->SignRaw(signed_region);
  const crypto::P256Point att_point = att_key.PublicPoint();
  Bytes qe = qe_report;
  if (bind_qe_report_data) {
    crypto::Sha256Hasher h;
    h.Update(ByteView(att_point).subspan(1));
    h.Update(qe_auth_data);
    const crypto::Sha256Digest digest = h.Finish();
    std::copy(digest.begin(), digest.end(), qe.begin() + 320);
    std::fill(qe.begin() + 352, qe.end(), 0);
  }
  Bytes sig_data = isv_signature;
  sig_data.insert(sig_data.end(), att_point.begin() + 1, att_point.end());
  sig_data.insert(sig_data.end(), qe.begin(), qe.end());
  const Bytes qe_signature = qe_report_signer->SignRaw(qe);
  sig_data.insert(sig_data.end(), qe_signature.begin(), qe_signature.end());
  AppendLe(sig_data, static_cast<uint32_t>(qe_auth_data.size()), 2);
  sig_data.insert(sig_data.end(), qe_auth_data.begin(), qe_auth_data.end());
  std::string pem = chain[0].ToPem() + chain[1].ToPem() + chain[2].ToPem();
  pem.push_back('\0');
  AppendLe(sig_data, 5, 2);
  AppendLe(sig_data, static_cast<uint32_t>(pem.size()), 4);
  sig_data.insert(sig_data.end(), pem.begin(), pem.end());
  Bytes quote = signed_region;
  AppendLe(quote, static_cast<uint32_t>(sig_data.size()), 4);
  quote.insert(quote.end(), sig_data.begin(), sig_data.end());
  return quote;
}

Collateral TestWorld::BuildCollateral() const {
  Collateral c;
  c.root_ca_crl_der = crypto::testing::MakeCrl(chain[2], *root_crl_signer, root_crl_this_update,
                                               root_crl_next_update, root_crl_revoked)
                          .value()
                          .der();
  c.pck_crl_der = crypto::testing::MakeCrl(chain[1], *pck_crl_signer, pck_crl_this_update,
                                           pck_crl_next_update, pck_crl_revoked)
                      .value()
                      .der();
  c.pck_crl_issuer_chain_pem = chain[1].ToPem() + chain[2].ToPem();
  c.tcb_info_body = SignedBody("tcbInfo", tcb_info_span, *collateral_signer);
  c.qe_identity_body = SignedBody("enclaveIdentity", qe_identity_span, *collateral_signer);
  c.tcb_info_issuer_chain_pem = tcb_chain[0].ToPem() + tcb_chain[1].ToPem();
  c.qe_identity_issuer_chain_pem = c.tcb_info_issuer_chain_pem;
  return c;
}

TrustAnchors TestWorld::Anchors() const {
  TrustAnchors anchors;
  anchors.anchors.push_back(TrustAnchor{"Test Root", root_key.PublicPoint(), false});
  return anchors;
}

Policy TestWorld::AcceptAnyTcb() {
  Policy p;
  p.accepted_tcb = {TcbStatus::kUpToDate,
                    TcbStatus::kSWHardeningNeeded,
                    TcbStatus::kConfigurationNeeded,
                    TcbStatus::kConfigurationAndSWHardeningNeeded,
                    TcbStatus::kOutOfDate,
                    TcbStatus::kOutOfDateConfigurationNeeded};
  return p;
}

std::string ReplaceAll(const std::string& text, const std::string& pattern,
                       const std::string& replacement) {
  return std::regex_replace(text, std::regex(pattern), replacement);
}

}  // namespace mse::attest::testing
