// Test-only: a private copy of the phala-sgx-v3 vector in which every Intel
// key is replaced by a test key (root, PCK CA, PCK leaf, TCB Signing, QE
// attestation key). All names, extensions, TCB info and QE identity bytes
// stay real, so each check can be failed alone by changing one input and
// re-signing everything else.
#ifndef MSE_ATTEST_TEST_WORLD_H_
#define MSE_ATTEST_TEST_WORLD_H_

#include <string>
#include <vector>

#include "attest/collateral.h"
#include "attest/policy.h"
#include "attest/quote.h"
#include "crypto/pki_testing.h"
#include "crypto/x509.h"

namespace mse::attest::testing {

class TestWorld {
 public:
  // Builds the world from the phala-sgx-v3 vector. Not copyable or movable:
  // the signer pointers below point into the object.
  TestWorld();
  TestWorld(const TestWorld&) = delete;
  TestWorld& operator=(const TestWorld&) = delete;

  // Assembles and signs the quote from the fields below.
  Bytes BuildQuote() const;
  // Builds CRLs and signed JSON bodies from the fields below.
  Collateral BuildCollateral() const;
  // The world's root as the only trust anchor.
  TrustAnchors Anchors() const;
  // A policy accepting every TCB status but Revoked.
  static Policy AcceptAnyTcb();

  crypto::testing::TestP256Key root_key = crypto::testing::TestP256Key::Generate();
  crypto::testing::TestP256Key ca_key = crypto::testing::TestP256Key::Generate();
  crypto::testing::TestP256Key leaf_key = crypto::testing::TestP256Key::Generate();
  crypto::testing::TestP256Key tcb_key = crypto::testing::TestP256Key::Generate();
  crypto::testing::TestP256Key att_key = crypto::testing::TestP256Key::Generate();
  // Signers, normally the keys above; tests swap them for stray keys.
  const crypto::testing::TestP256Key* quote_signer = &att_key;
  const crypto::testing::TestP256Key* qe_report_signer = &leaf_key;
  const crypto::testing::TestP256Key* root_crl_signer = &root_key;
  const crypto::testing::TestP256Key* pck_crl_signer = &ca_key;
  const crypto::testing::TestP256Key* collateral_signer = &tcb_key;

  std::vector<crypto::X509Certificate> chain;  // leaf, CA, root
  std::vector<crypto::X509Certificate> tcb_chain;  // TCB Signing, root

  Bytes header;       // 48 bytes
  Bytes isv_report;   // 384 bytes
  Bytes qe_report;    // 384 bytes; report_data is recomputed when bind_qe_report_data
  Bytes qe_auth_data;
  bool bind_qe_report_data = true;

  std::vector<Bytes> root_crl_revoked;
  std::vector<Bytes> pck_crl_revoked;
  UnixSeconds root_crl_this_update = 0;
  UnixSeconds root_crl_next_update = 0;
  UnixSeconds pck_crl_this_update = 0;
  UnixSeconds pck_crl_next_update = 0;
  std::string tcb_info_span;
  std::string qe_identity_span;

  UnixSeconds time = 0;  // phala's verification instant

  // Re-issues certificates after a key or extension change.
  void ReissueChain();
};

// Replaces every match of `pattern` (ECMAScript regex) in `text`.
std::string ReplaceAll(const std::string& text, const std::string& pattern,
                       const std::string& replacement);

}  // namespace mse::attest::testing

#endif  // MSE_ATTEST_TEST_WORLD_H_
