#include "attest/sim/sgx_extension.h"

#include <string>
#include <vector>

namespace mse::attest::sim {
namespace {

constexpr uint8_t kInteger = 0x02;
constexpr uint8_t kOctetString = 0x04;
constexpr uint8_t kEnumerated = 0x0a;
constexpr uint8_t kBoolean = 0x01;
constexpr uint8_t kSequence = 0x30;

void AppendBase128(uint64_t value, Bytes* out) {
  uint8_t groups[10];
  int n = 0;
  do {
    groups[n++] = static_cast<uint8_t>(value & 0x7f);
    value >>= 7;
  } while (value != 0);
  while (n > 0) {
    --n;
    out->push_back(static_cast<uint8_t>(groups[n] | (n > 0 ? 0x80 : 0)));
  }
}

Bytes Concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// SEQUENCE { OID base.arc, value }.
Bytes Member(const std::string& oid, const Bytes& value) {
  return DerTlv(kSequence, Concat({DerOid(oid), value}));
}

Bytes Octets(ByteView data) { return DerTlv(kOctetString, data); }

Bytes EncodeTcb(const std::string& base, const PckExtension& ext) {
  std::vector<Bytes> entries;
  for (size_t i = 0; i < ext.tcb_components.size(); ++i) {
    entries.push_back(
        Member(base + ".2." + std::to_string(i + 1), DerUnsigned(kInteger, ext.tcb_components[i])));
  }
  entries.push_back(Member(base + ".2.17", DerUnsigned(kInteger, ext.pcesvn)));
  entries.push_back(Member(base + ".2.18", Octets(ext.cpusvn)));
  return DerTlv(kSequence, Concat(entries));
}

Bytes EncodeConfiguration(const std::string& base, const PckExtension& ext) {
  std::vector<Bytes> entries;
  const std::optional<bool>* flags[] = {&ext.dynamic_platform, &ext.cached_keys, &ext.smt_enabled};
  for (int i = 0; i < 3; ++i) {
    if (!flags[i]->has_value()) continue;
    Bytes value = {static_cast<uint8_t>(**flags[i] ? 0xff : 0x00)};
    entries.push_back(Member(base + ".7." + std::to_string(i + 1), DerTlv(kBoolean, value)));
  }
  return DerTlv(kSequence, Concat(entries));
}

}  // namespace

Bytes DerTlv(uint8_t tag, ByteView content) {
  Bytes out = {tag};
  const size_t len = content.size();
  if (len < 0x80) {
    out.push_back(static_cast<uint8_t>(len));
  } else {
    Bytes digits;
    for (size_t v = len; v != 0; v >>= 8) digits.insert(digits.begin(), static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(0x80 | digits.size()));
    out.insert(out.end(), digits.begin(), digits.end());
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes DerOid(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  uint64_t current = 0;
  for (char c : dotted) {
    if (c == '.') {
      arcs.push_back(current);
      current = 0;
    } else {
      current = current * 10 + static_cast<uint64_t>(c - '0');
    }
  }
  arcs.push_back(current);
  Bytes content;
  AppendBase128(arcs[0] * 40 + (arcs.size() > 1 ? arcs[1] : 0), &content);
  for (size_t i = 2; i < arcs.size(); ++i) AppendBase128(arcs[i], &content);
  return DerTlv(0x06, content);
}

Bytes DerUnsigned(uint8_t tag, uint64_t value) {
  Bytes content;
  do {
    content.insert(content.begin(), static_cast<uint8_t>(value & 0xff));
    value >>= 8;
  } while (value != 0);
  if (content[0] & 0x80) content.insert(content.begin(), 0x00);  // keep it positive
  return DerTlv(tag, content);
}

Bytes EncodePckExtension(const PckExtension& ext) {
  const std::string base = kSgxExtensionOid;
  std::vector<Bytes> members = {
      Member(base + ".1", Octets(ext.ppid)),
      Member(base + ".2", EncodeTcb(base, ext)),
      Member(base + ".3", Octets(ext.pce_id)),
      Member(base + ".4", Octets(ext.fmspc)),
      Member(base + ".5", DerUnsigned(kEnumerated, ext.sgx_type)),
  };
  if (ext.platform_instance_id) members.push_back(Member(base + ".6", Octets(*ext.platform_instance_id)));
  if (ext.dynamic_platform || ext.cached_keys || ext.smt_enabled) {
    members.push_back(Member(base + ".7", EncodeConfiguration(base, ext)));
  }
  return DerTlv(kSequence, Concat(members));
}

}  // namespace mse::attest::sim
