// Two passes: gather the handshake message from the records (RFC 8446 §5.1:
// a handshake message may be split over several records), then walk the
// ClientHello fields (§4.1.2) and extensions (§4.2) with a bounds-checked
// reader. Every length is checked against the bytes present before use.
#include "cloud/router/client_hello.h"

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>

#include "cloud/router/host_name.h"

namespace mse::cloud::router {
namespace {

constexpr uint8_t kHandshakeContentType = 22;
constexpr uint8_t kClientHelloType = 1;
constexpr uint16_t kServerNameExtension = 0;
constexpr uint8_t kHostNameType = 0;
constexpr size_t kMaxRecordPayload = 1 << 14;  // RFC 8446 §5.1
constexpr size_t kHandshakeHeaderBytes = 4;
constexpr size_t kRandomBytes = 32;
constexpr size_t kMaxSessionIdBytes = 32;

// A cursor over bytes that are all present; every read checks the bounds.
class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}
  bool empty() const { return pos_ == data_.size(); }

  bool U8(uint8_t& out) {
    if (data_.size() - pos_ < 1) return false;
    out = data_[pos_++];
    return true;
  }
  bool U16(uint16_t& out) {
    if (data_.size() - pos_ < 2) return false;
    out = static_cast<uint16_t>(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool Take(size_t n, ByteView& out) {
    if (data_.size() - pos_ < n) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool Vector8(ByteView& out) {
    uint8_t n = 0;
    return U8(n) && Take(n, out);
  }
  bool Vector16(ByteView& out) {
    uint16_t n = 0;
    return U16(n) && Take(n, out);
  }

 private:
  ByteView data_;
  size_t pos_ = 0;
};

ClientHelloResult Malformed(std::string reason) {
  ClientHelloResult result;
  result.kind = ClientHelloResult::Kind::kMalformed;
  result.reason = std::move(reason);
  return result;
}

ClientHelloResult NeedMore() { return ClientHelloResult{}; }

// Checks what is present of a record header (1 to 5 bytes), so garbage is
// refused on its first byte rather than after a timeout.
std::optional<std::string> CheckRecordHeader(ByteView header, bool first_record) {
  uint8_t type = header[0];
  if (type != kHandshakeContentType) {
    if (first_record && (type & 0x80) != 0) return "SSLv2-style ClientHello is not supported";
    if (first_record) return "not a TLS handshake record (content type " + std::to_string(type) + ")";
    return "record of content type " + std::to_string(type) + " inside the ClientHello";
  }
  if (header.size() >= 2 && header[1] != 3) return "record version major byte is not 3";
  if (header.size() < kTlsRecordHeaderBytes) return std::nullopt;
  size_t length = static_cast<size_t>(header[3] << 8 | header[4]);
  if (length == 0) return "empty handshake record";
  if (length > kMaxRecordPayload) return "record longer than 2^14 bytes";
  return std::nullopt;
}

// Checks the 4-byte handshake header; returns the whole message length.
std::optional<size_t> HandshakeLength(ByteView message, std::string& error) {
  if (message[0] != kClientHelloType) {
    error = "handshake message type " + std::to_string(message[0]) + " is not client_hello";
    return std::nullopt;
  }
  size_t body = static_cast<size_t>(message[1]) << 16 | static_cast<size_t>(message[2]) << 8 | message[3];
  if (body > kMaxClientHelloBytes - kHandshakeHeaderBytes) {
    error = "ClientHello longer than " + std::to_string(kMaxClientHelloBytes) + " bytes";
    return std::nullopt;
  }
  return kHandshakeHeaderBytes + body;
}

struct Gathered {
  std::optional<ClientHelloResult> decision;  // set unless the message is complete
  Bytes message;                              // the handshake message, complete
  size_t wire_end = 0;
};

// Copies handshake bytes out of the records until the message is complete.
// Appends at most the bytes present, and never past the declared length.
Gathered GatherHandshake(ByteView buffered) {
  Gathered out;
  size_t expected = 0;  // 0 until the handshake header is complete
  size_t offset = 0;
  for (size_t records = 0;; ++records) {
    if (offset == buffered.size()) return {NeedMore()};
    ByteView header = buffered.subspan(offset, std::min(kTlsRecordHeaderBytes, buffered.size() - offset));
    if (auto error = CheckRecordHeader(header, records == 0)) return {Malformed(*error)};
    if (header.size() < kTlsRecordHeaderBytes) return {NeedMore()};
    if (records == kMaxClientHelloRecords) {
      return {Malformed("ClientHello spread over more than " + std::to_string(kMaxClientHelloRecords) +
                        " records")};
    }
    size_t length = static_cast<size_t>(header[3] << 8 | header[4]);
    size_t present = std::min(length, buffered.size() - offset - kTlsRecordHeaderBytes);
    size_t limit = expected != 0 ? expected : kHandshakeHeaderBytes;
    size_t take = std::min(present, limit - std::min(limit, out.message.size()));
    const uint8_t* fragment = buffered.data() + offset + kTlsRecordHeaderBytes;
    out.message.insert(out.message.end(), fragment, fragment + take);
    if (expected == 0 && out.message.size() >= kHandshakeHeaderBytes) {
      std::string error;
      auto total = HandshakeLength(out.message, error);
      if (!total) return {Malformed(error)};
      expected = *total;
      size_t more = std::min(present - take, expected - out.message.size());
      out.message.insert(out.message.end(), fragment + take, fragment + take + more);
      take += more;
    }
    if (expected != 0 && out.message.size() == expected) {
      out.wire_end = offset + kTlsRecordHeaderBytes + take;
      return out;
    }
    if (present < length) return {NeedMore()};
    offset += kTlsRecordHeaderBytes + length;
  }
}

ClientHelloResult ParseServerName(ByteView extension) {
  Reader reader(extension);
  ByteView list;
  if (!reader.Vector16(list) || !reader.empty()) {
    return Malformed("server_name list length does not match its extension");
  }
  if (list.empty()) return Malformed("empty server_name list");
  Reader entries(list);
  std::optional<ByteView> host;
  while (!entries.empty()) {
    uint8_t type = 0;
    ByteView name;
    if (!entries.U8(type) || !entries.Vector16(name)) {
      return Malformed("server_name entry length does not fit its list");
    }
    if (type != kHostNameType) continue;
    if (host) return Malformed("server_name list has two host_name entries");
    host = name;
  }
  if (!host) return Malformed("server_name list has no host_name entry");
  auto normalized = NormalizeHostName(AsStringView(*host));
  if (!normalized.ok()) return Malformed("server_name: " + normalized.status().message());
  ClientHelloResult result;
  result.kind = ClientHelloResult::Kind::kHostName;
  result.host_name = std::move(normalized).value();
  return result;
}

ClientHelloResult ParseExtensions(ByteView extensions) {
  std::bitset<65536> seen;  // 8 KiB on the stack: RFC 8446 §4.2 forbids repeats
  Reader reader(extensions);
  ClientHelloResult result;
  result.kind = ClientHelloResult::Kind::kNoSni;
  while (!reader.empty()) {
    uint16_t type = 0;
    ByteView data;
    if (!reader.U16(type) || !reader.Vector16(data)) {
      return Malformed("extension length does not fit the extensions block");
    }
    if (seen.test(type)) {
      if (type == kServerNameExtension) return Malformed("duplicate server_name extension");
      return Malformed("duplicate extension " + std::to_string(type));
    }
    seen.set(type);
    if (type != kServerNameExtension) continue;
    result = ParseServerName(data);
    if (result.kind == ClientHelloResult::Kind::kMalformed) return result;
  }
  return result;
}

ClientHelloResult ParseBody(ByteView body) {
  Reader reader(body);
  uint16_t version = 0;
  ByteView random, session_id, cipher_suites, compression, extensions;
  if (!reader.U16(version) || !reader.Take(kRandomBytes, random)) {
    return Malformed("ClientHello too short for its version and random");
  }
  if (version >> 8 != 3) return Malformed("ClientHello version major byte is not 3");
  if (!reader.Vector8(session_id) || session_id.size() > kMaxSessionIdBytes) {
    return Malformed("bad legacy_session_id length");
  }
  if (!reader.Vector16(cipher_suites) || cipher_suites.size() < 2 || cipher_suites.size() % 2 != 0) {
    return Malformed("bad cipher_suites length");
  }
  if (!reader.Vector8(compression) || compression.empty()) {
    return Malformed("bad legacy_compression_methods length");
  }
  if (reader.empty()) return ClientHelloResult{.kind = ClientHelloResult::Kind::kNoSni};
  if (!reader.Vector16(extensions)) return Malformed("extensions length does not fit the ClientHello");
  if (!reader.empty()) return Malformed("bytes after the extensions block");
  return ParseExtensions(extensions);
}

}  // namespace

ClientHelloResult ParseClientHello(ByteView buffered) {
  Gathered gathered = GatherHandshake(buffered);
  if (gathered.decision) return std::move(*gathered.decision);
  ByteView message(gathered.message);
  ClientHelloResult result = ParseBody(message.subspan(kHandshakeHeaderBytes));
  if (result.kind != ClientHelloResult::Kind::kMalformed) result.hello_wire_bytes = gathered.wire_end;
  return result;
}

}  // namespace mse::cloud::router
