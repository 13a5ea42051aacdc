// A bounded parser for the first flight of a TLS client: the ClientHello
// (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2) carried in one or more TLS records of
// type handshake (22), and its server_name extension (RFC 6066 §3).
//
// The router calls ParseClientHello on everything it has buffered so far,
// after every read, until the outcome is not kNeedMore. The parser keeps no
// state, reads only `buffered`, and allocates at most the bytes actually
// present (never what a length field claims), so feeding it attacker bytes
// costs O(bytes buffered).
#ifndef MSE_CLOUD_ROUTER_CLIENT_HELLO_H_
#define MSE_CLOUD_ROUTER_CLIENT_HELLO_H_

#include <cstddef>
#include <string>

#include "base/bytes.h"

namespace mse::cloud::router {

// The handshake message (4-byte header + body) may be at most this long.
inline constexpr size_t kMaxClientHelloBytes = 16 * 1024;
// It may be spread over at most this many records...
inline constexpr size_t kMaxClientHelloRecords = 16;
inline constexpr size_t kTlsRecordHeaderBytes = 5;
// ...so a caller never needs to buffer more than this before a decision.
inline constexpr size_t kMaxClientHelloWireBytes =
    kMaxClientHelloBytes + kMaxClientHelloRecords * kTlsRecordHeaderBytes;

struct ClientHelloResult {
  enum class Kind {
    kNeedMore,   // a valid prefix so far: read more (up to max_total_bytes in all)
    kHostName,   // a complete ClientHello with a valid server_name host_name
    kNoSni,      // a complete ClientHello without a server_name extension
    kMalformed,  // not a TLS ClientHello, or one we refuse; see `reason`
  };
  Kind kind = Kind::kNeedMore;
  // kHostName: lowercased and validated by NormalizeHostName.
  std::string host_name;
  // kMalformed: what was wrong, in words; never contains input bytes.
  std::string reason;
  // kNeedMore: the caller may hold at most this many bytes in total
  // (kMaxClientHelloWireBytes); at that size the parser always decides.
  size_t max_total_bytes = kMaxClientHelloWireBytes;
  // kHostName / kNoSni: how many bytes of `buffered`, from the start, it
  // took to carry the ClientHello (record headers included). Bytes after it
  // are whatever the client sent next.
  size_t hello_wire_bytes = 0;
};

// Refused as kMalformed: a first byte that is not 22 (including SSLv2
// hellos, whose first byte has the high bit set), a record of another type
// before the hello is complete, a record version whose major byte is not 3,
// an empty record or one over 2^14 bytes, more than kMaxClientHelloRecords
// records, a handshake message that is not client_hello (1) or longer than
// kMaxClientHelloBytes, any vector whose length does not fit its container,
// trailing bytes in the hello, duplicate extensions (of any type, so also a
// second server_name), a server_name list that is empty, has no host_name
// entry or two of them, and a host name NormalizeHostName refuses.
ClientHelloResult ParseClientHello(ByteView buffered);

}  // namespace mse::cloud::router

#endif  // MSE_CLOUD_ROUTER_CLIENT_HELLO_H_
