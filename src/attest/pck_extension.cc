#include "attest/pck_extension.h"

#include <algorithm>
#include <cctype>

#include "attest/internal/der_reader.h"
#include "base/encoding.h"

namespace mse::attest {
namespace {

using internal::DerElement;
using internal::DerReader;

// DER content of 1.2.840.113741.1.13.1.
constexpr uint8_t kSgxOid[] = {0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01};

// The sub-identifiers after the SGX OID ({2, 17} for .2.17), or empty when
// `oid` is not under it (all our arcs are < 128: one byte each).
Bytes SubArcs(ByteView oid) {
  if (oid.size() <= sizeof(kSgxOid) || !std::equal(std::begin(kSgxOid), std::end(kSgxOid),
                                                   oid.begin())) {
    return {};
  }
  return Bytes(oid.begin() + sizeof(kSgxOid), oid.end());
}

std::string UpperHex(ByteView b) {
  std::string s = HexEncode(b);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

template <size_t N>
Status CopyOctets(const DerElement& value, std::string_view name, std::array<uint8_t, N>* out) {
  if (value.tag != internal::kDerOctetString || value.content.size() != N) {
    return InvalidArgumentError("PCK SGX extension: " + std::string(name) + " must be an " +
                                std::to_string(N) + "-byte OCTET STRING");
  }
  std::copy(value.content.begin(), value.content.end(), out->begin());
  return Status::Ok();
}

// `.2`: 16 component SVNs, PCESVN, CPUSVN.
Status ParseTcb(ByteView content, PckExtension* ext) {
  DerReader reader(content);
  int seen = 0;
  while (!reader.empty()) {
    MSE_ASSIGN_OR_RETURN(DerElement entry, reader.Expect(internal::kDerSequence));
    DerReader fields(entry.content);
    MSE_ASSIGN_OR_RETURN(DerElement oid, fields.Expect(internal::kDerOid));
    MSE_ASSIGN_OR_RETURN(DerElement value, fields.Next());
    Bytes arcs = SubArcs(oid.content);
    if (arcs.size() != 2 || arcs[0] != 2) continue;
    const uint8_t index = arcs[1];
    if (index >= 1 && index <= 16) {
      MSE_ASSIGN_OR_RETURN(uint32_t svn, internal::DerToUint(value));
      if (svn > 255) return InvalidArgumentError("PCK SGX extension: TCB component > 255");
      ext->tcb_components[index - 1] = static_cast<uint8_t>(svn);
    } else if (index == 17) {
      MSE_ASSIGN_OR_RETURN(uint32_t pcesvn, internal::DerToUint(value));
      if (pcesvn > 0xffff) return InvalidArgumentError("PCK SGX extension: PCESVN > 65535");
      ext->pcesvn = static_cast<uint16_t>(pcesvn);
    } else if (index == 18) {
      MSE_RETURN_IF_ERROR(CopyOctets(value, "CPUSVN", &ext->cpusvn));
    } else {
      continue;
    }
    ++seen;
  }
  if (seen != 18) {
    return InvalidArgumentError("PCK SGX extension: TCB has " + std::to_string(seen) +
                                " of the 18 expected entries");
  }
  return Status::Ok();
}

// `.7`: configuration booleans.
Status ParseConfiguration(ByteView content, PckExtension* ext) {
  DerReader reader(content);
  while (!reader.empty()) {
    MSE_ASSIGN_OR_RETURN(DerElement entry, reader.Expect(internal::kDerSequence));
    DerReader fields(entry.content);
    MSE_ASSIGN_OR_RETURN(DerElement oid, fields.Expect(internal::kDerOid));
    MSE_ASSIGN_OR_RETURN(DerElement value, fields.Expect(internal::kDerBoolean));
    if (value.content.size() != 1) return InvalidArgumentError("PCK SGX extension: bad BOOLEAN");
    Bytes arcs = SubArcs(oid.content);
    const bool flag = value.content[0] != 0;
    if (arcs.size() != 2 || arcs[0] != 7) continue;
    if (arcs[1] == 1) ext->dynamic_platform = flag;
    if (arcs[1] == 2) ext->cached_keys = flag;
    if (arcs[1] == 3) ext->smt_enabled = flag;
  }
  return Status::Ok();
}

Status ParseMember(uint8_t arc, const DerElement& value, PckExtension* ext, unsigned* found) {
  switch (arc) {
    case 1:
      if (value.tag != internal::kDerOctetString) return InvalidArgumentError("PPID");
      ext->ppid.assign(value.content.begin(), value.content.end());
      return Status::Ok();
    case 2:
      if (value.tag != internal::kDerSequence) return InvalidArgumentError("TCB not a SEQUENCE");
      *found |= 1;
      return ParseTcb(value.content, ext);
    case 3:
      *found |= 2;
      return CopyOctets(value, "PCE-ID", &ext->pce_id);
    case 4:
      *found |= 4;
      return CopyOctets(value, "FMSPC", &ext->fmspc);
    case 5: {
      MSE_ASSIGN_OR_RETURN(ext->sgx_type, internal::DerToUint(value));
      return Status::Ok();
    }
    case 6:
      ext->platform_instance_id = Bytes(value.content.begin(), value.content.end());
      return Status::Ok();
    case 7:
      return value.tag == internal::kDerSequence ? ParseConfiguration(value.content, ext)
                                                 : InvalidArgumentError("Configuration");
    default:
      return Status::Ok();  // unknown members are ignored
  }
}

}  // namespace

std::string_view PckCaTypeName(PckCaType type) {
  return type == PckCaType::kPlatform ? "platform" : "processor";
}

StatusOr<PckCaType> PckCaTypeFromCommonName(std::string_view cn) {
  if (cn == "Intel SGX PCK Platform CA") return PckCaType::kPlatform;
  if (cn == "Intel SGX PCK Processor CA") return PckCaType::kProcessor;
  return InvalidArgumentError("PCK intermediate CN is '" + std::string(cn) +
                              "', expected 'Intel SGX PCK Platform CA' or "
                              "'Intel SGX PCK Processor CA'");
}

std::string PckExtension::FmspcHex() const { return UpperHex(fmspc); }
std::string PckExtension::PceIdHex() const { return UpperHex(pce_id); }
std::string PckExtension::SgxTypeName() const {
  switch (sgx_type) {
    case 0: return "Standard";
    case 1: return "Scalable";
    case 2: return "ScalableWithIntegrity";
    default: return "Unknown(" + std::to_string(sgx_type) + ")";
  }
}

StatusOr<PckExtension> ParsePckExtension(ByteView der) {
  PckExtension ext;
  DerReader outer(der);
  MSE_ASSIGN_OR_RETURN(DerElement seq, outer.Expect(internal::kDerSequence));
  DerReader members(seq.content);
  unsigned found = 0;
  while (!members.empty()) {
    MSE_ASSIGN_OR_RETURN(DerElement member, members.Expect(internal::kDerSequence));
    DerReader fields(member.content);
    MSE_ASSIGN_OR_RETURN(DerElement oid, fields.Expect(internal::kDerOid));
    MSE_ASSIGN_OR_RETURN(DerElement value, fields.Next());
    Bytes arcs = SubArcs(oid.content);
    if (arcs.size() != 1) continue;
    Status st = ParseMember(arcs[0], value, &ext, &found);
    if (!st.ok()) return st.WithContext("PCK SGX extension member ." + std::to_string(arcs[0]));
  }
  if ((found & 1) == 0) return InvalidArgumentError("PCK SGX extension: no TCB member (.2)");
  if ((found & 2) == 0) return InvalidArgumentError("PCK SGX extension: no PCE-ID member (.3)");
  if ((found & 4) == 0) return InvalidArgumentError("PCK SGX extension: no FMSPC member (.4)");
  return ext;
}

StatusOr<PckExtension> PckExtensionFromCertificate(const crypto::X509Certificate& cert) {
  MSE_ASSIGN_OR_RETURN(std::optional<Bytes> value, cert.ExtensionValue(kSgxExtensionOid));
  if (!value.has_value()) {
    return InvalidArgumentError("PCK certificate '" + cert.SubjectCommonName() +
                                "' has no SGX extension (" + kSgxExtensionOid + ")");
  }
  return ParsePckExtension(*value);
}

}  // namespace mse::attest
