#include "attest/policy.h"

#include <algorithm>

#include "base/encoding.h"
#include "crypto/pki_rsa.h"

namespace mse::attest {
namespace {

constexpr char kIntelRootKeyHex[] =
    "040ba9c4c0c0c86193a3fe23d6b02cda10a8bbd4e88e48b4458561a36e705525f567918e2edc88e40d860bd0cc4e"
    "e26aacc988e505a953558c453f6b0904ae7394";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

StatusOr<std::set<TcbStatus>> ParseAcceptTcb(std::string_view list) {
  std::set<TcbStatus> accepted = Policy::DefaultAcceptedTcb();
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item.empty()) continue;
    MSE_ASSIGN_OR_RETURN(TcbStatus status, ParseTcbStatus(item));
    if (status == TcbStatus::kRevoked) {
      return InvalidArgumentError("--accept-tcb: a Revoked TCB can never be accepted");
    }
    accepted.insert(status);
  }
  return accepted;
}

StatusOr<Measurement> ParseMeasurementHex(std::string_view hex) {
  auto bytes = HexDecode(Trim(hex));
  if (!bytes.ok() || bytes->size() != 32) {
    return InvalidArgumentError("measurement '" + std::string(hex) +
                                "' must be 64 hex digits (32 bytes)");
  }
  Measurement m;
  std::copy(bytes->begin(), bytes->end(), m.begin());
  return m;
}

StatusOr<Measurement> MrSignerFromPem(std::string_view pem) {
  return crypto::ComputeMrSigner(pem);
}

const crypto::P256Point& IntelSgxRootKey() {
  static const crypto::P256Point key = [] {
    crypto::P256Point p{};
    Bytes b = HexDecode(kIntelRootKeyHex).value();
    std::copy(b.begin(), b.end(), p.begin());
    return p;
  }();
  return key;
}

TrustAnchors TrustAnchors::IntelOnly() {
  TrustAnchors t;
  t.anchors.push_back(TrustAnchor{"Intel SGX Root CA", IntelSgxRootKey(), false});
  return t;
}

TrustAnchors& TrustAnchors::AddSimulated(std::string name, const crypto::P256Point& key) {
  anchors.push_back(TrustAnchor{std::move(name), key, true});
  return *this;
}

const TrustAnchor* TrustAnchors::Find(const crypto::P256Point& key) const {
  for (const TrustAnchor& anchor : anchors) {
    if (anchor.key == key) return &anchor;
  }
  return nullptr;
}

}  // namespace mse::attest
