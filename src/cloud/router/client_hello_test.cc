#include "cloud/router/client_hello.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <random>

#include "cloud/router/host_name.h"
#include "cloud/router/testing/router_testing.h"

namespace mse::cloud::router {
namespace {

using Kind = ClientHelloResult::Kind;
using testing::BuildHelloMessage;
using testing::CaptureClientHello;
using testing::FrameRecords;
using testing::ServerNameData;
using testing::TestExtension;

constexpr uint16_t kServerName = 0;

Bytes CapturedHello(std::optional<std::string> sni, int max_version = 0) {
  Bytes hello = CaptureClientHello({.sni = std::move(sni), .max_version = max_version});
  EXPECT_GT(hello.size(), 100u);
  return hello;
}

// The handshake message inside a single-record capture.
Bytes MessageOf(const Bytes& single_record) { return Bytes(single_record.begin() + 5, single_record.end()); }

Bytes WithServerName(const std::vector<std::pair<uint8_t, std::string>>& entries) {
  return FrameRecords(BuildHelloMessage(std::vector<TestExtension>{{kServerName, ServerNameData(entries)}}));
}

// Offset of the extensions block length in a single-record ClientHello.
size_t ExtensionsLengthOffset(const Bytes& hello) {
  size_t at = 5 + 4 + 2 + 32;
  at += 1 + hello[at];                                 // legacy_session_id
  at += 2 + (size_t{hello[at]} << 8 | hello[at + 1]);  // cipher_suites
  at += 1 + hello[at];                                 // compression methods
  return at;
}

// Adds `delta` to the big-endian field of `width` bytes at `at`.
void AddToField(Bytes& bytes, size_t at, size_t width, int delta) {
  uint32_t value = 0;
  for (size_t i = 0; i < width; ++i) value = value << 8 | bytes[at + i];
  value = static_cast<uint32_t>(static_cast<int64_t>(value) + delta);
  for (size_t i = width; i-- > 0; value >>= 8) bytes[at + i] = static_cast<uint8_t>(value);
}

void ExpectMalformed(const Bytes& bytes, std::string_view reason_part) {
  ClientHelloResult result = ParseClientHello(bytes);
  ASSERT_EQ(result.kind, Kind::kMalformed) << "expected a refusal mentioning: " << reason_part;
  EXPECT_NE(result.reason.find(reason_part), std::string::npos) << result.reason;
}

TEST(ClientHelloTest, CapturedHelloWithSniGivesTheLowercasedHost) {
  Bytes hello = CapturedHello("App.Example.COM");
  ClientHelloResult result = ParseClientHello(hello);
  ASSERT_EQ(result.kind, Kind::kHostName) << result.reason;
  EXPECT_EQ(result.host_name, "app.example.com");
  EXPECT_EQ(result.hello_wire_bytes, hello.size());
}

TEST(ClientHelloTest, CapturedTls12HelloWithSni) {
  ClientHelloResult result = ParseClientHello(CapturedHello("a1b2c3d4e5f6a7b8.localhost", TLS1_2_VERSION));
  ASSERT_EQ(result.kind, Kind::kHostName) << result.reason;
  EXPECT_EQ(result.host_name, "a1b2c3d4e5f6a7b8.localhost");
}

TEST(ClientHelloTest, CapturedHelloWithoutSni) {
  Bytes hello = CapturedHello(std::nullopt);
  ClientHelloResult result = ParseClientHello(hello);
  EXPECT_EQ(result.kind, Kind::kNoSni) << result.reason;
  EXPECT_EQ(result.hello_wire_bytes, hello.size());
}

TEST(ClientHelloTest, EveryTruncationAsksForMoreWithinTheCap) {
  for (const auto& sni : {std::optional<std::string>("app.test"), std::optional<std::string>()}) {
    Bytes hello = CapturedHello(sni);
    for (size_t n = 0; n < hello.size(); ++n) {
      ClientHelloResult result = ParseClientHello(ByteView(hello.data(), n));
      ASSERT_EQ(result.kind, Kind::kNeedMore) << "prefix of " << n << " bytes: " << result.reason;
      ASSERT_EQ(result.max_total_bytes, kMaxClientHelloWireBytes);
    }
  }
}

TEST(ClientHelloTest, HelloSplitInTwoRecordsAtEveryByteBoundary) {
  Bytes message = MessageOf(CapturedHello("split.example"));
  for (size_t cut = 1; cut < message.size(); ++cut) {
    Bytes wire = FrameRecords(ByteView(message.data(), cut));
    Bytes second = FrameRecords(ByteView(message.data() + cut, message.size() - cut));
    wire.insert(wire.end(), second.begin(), second.end());
    ClientHelloResult result = ParseClientHello(wire);
    ASSERT_EQ(result.kind, Kind::kHostName) << "cut at " << cut << ": " << result.reason;
    ASSERT_EQ(result.host_name, "split.example");
    ASSERT_EQ(result.hello_wire_bytes, wire.size());
  }
}

TEST(ClientHelloTest, SixteenSmallRecordsAreEnoughAndEveryPrefixWaits) {
  Bytes message = MessageOf(CapturedHello("many.records.example"));
  size_t record_size = (message.size() + kMaxClientHelloRecords - 1) / kMaxClientHelloRecords;
  Bytes wire = FrameRecords(message, record_size);
  for (size_t n = 0; n < wire.size(); ++n) {
    ASSERT_EQ(ParseClientHello(ByteView(wire.data(), n)).kind, Kind::kNeedMore) << n;
  }
  ClientHelloResult result = ParseClientHello(wire);
  ASSERT_EQ(result.kind, Kind::kHostName) << result.reason;
  EXPECT_EQ(result.host_name, "many.records.example");
}

TEST(ClientHelloTest, MoreThanSixteenRecordsAreRefused) {
  Bytes message = MessageOf(CapturedHello("app.test"));
  ExpectMalformed(FrameRecords(message, message.size() / (kMaxClientHelloRecords + 1)),
                  "more than 16 records");
}

TEST(ClientHelloTest, BytesAfterTheHelloAreNotCounted) {
  Bytes hello = CapturedHello("app.test");
  Bytes wire = hello;
  wire.insert(wire.end(), {20, 3, 3, 0, 1, 1});  // a ChangeCipherSpec record follows
  ClientHelloResult result = ParseClientHello(wire);
  ASSERT_EQ(result.kind, Kind::kHostName);
  EXPECT_EQ(result.hello_wire_bytes, hello.size());
}

TEST(ClientHelloTest, RefusesWhatIsNotATlsHandshakeOnItsFirstByte) {
  ExpectMalformed(ToBytes("G"), "not a TLS handshake record (content type 71)");
  ExpectMalformed(ToBytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), "not a TLS handshake record");
  ExpectMalformed(Bytes{23, 3, 3, 0, 1, 0}, "content type 23");
  // SSLv2-compatible hello: 2-byte length with the high bit set, then type 1.
  ExpectMalformed(Bytes{0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15}, "SSLv2");
}

TEST(ClientHelloTest, RefusesBadRecordHeaders) {
  ExpectMalformed(Bytes{22, 2}, "major byte is not 3");
  ExpectMalformed(Bytes{22, 3, 1, 0, 0}, "empty handshake record");
  ExpectMalformed(Bytes{22, 3, 1, 0x40, 0x01}, "longer than 2^14");
}

TEST(ClientHelloTest, RefusesOtherHandshakeMessagesAndOversizedHellos) {
  ExpectMalformed(Bytes{22, 3, 1, 0, 4, 2, 0, 0, 0}, "type 2 is not client_hello");
  // Declares one byte more than the cap allows: refused before the bytes come.
  ExpectMalformed(Bytes{22, 3, 1, 0, 4, 1, 0, 0x3f, 0xfd}, "longer than 16384");
}

TEST(ClientHelloTest, AHelloOfExactlyTheCapIsAccepted) {
  auto build = [](size_t padding) {
    return BuildHelloMessage(std::vector<TestExtension>{{kServerName, ServerNameData({{0, "big.example"}})},
                                                        {21, Bytes(padding, 0)}});
  };
  size_t base = build(0).size();
  Bytes at_cap = build(kMaxClientHelloBytes - base);
  ASSERT_EQ(at_cap.size(), kMaxClientHelloBytes);
  Bytes wire = FrameRecords(at_cap);
  ClientHelloResult result = ParseClientHello(wire);
  ASSERT_EQ(result.kind, Kind::kHostName) << result.reason;
  EXPECT_LE(wire.size(), kMaxClientHelloWireBytes);
  ExpectMalformed(FrameRecords(build(kMaxClientHelloBytes - base + 1)), "longer than 16384");
}

TEST(ClientHelloTest, RefusesARecordOfAnotherTypeInsideTheHello) {
  Bytes message = MessageOf(CapturedHello("app.test"));
  Bytes wire = FrameRecords(ByteView(message.data(), 10));
  Bytes rest = FrameRecords(ByteView(message.data() + 10, message.size() - 10));
  rest[0] = 23;
  wire.insert(wire.end(), rest.begin(), rest.end());
  ExpectMalformed(wire, "record of content type 23 inside the ClientHello");
}

TEST(ClientHelloTest, MutatedLengthsInACapturedHello) {
  Bytes hello = CapturedHello("app.test");
  Bytes longer = hello;  // handshake claims one more byte: wait for it
  AddToField(longer, 6, 3, +1);
  EXPECT_EQ(ParseClientHello(longer).kind, Kind::kNeedMore);
  Bytes shorter = hello;  // claims one byte less: the extensions overrun
  AddToField(shorter, 6, 3, -1);
  ExpectMalformed(shorter, "extensions length does not fit");
  size_t at = ExtensionsLengthOffset(hello);
  Bytes ext_short = hello;
  AddToField(ext_short, at, 2, -1);
  EXPECT_EQ(ParseClientHello(ext_short).kind, Kind::kMalformed);
  Bytes ext_long = hello;
  AddToField(ext_long, at, 2, +1);
  ExpectMalformed(ext_long, "extensions length does not fit");
  Bytes session = hello;
  session[5 + 4 + 2 + 32] = 33;
  EXPECT_EQ(ParseClientHello(session).kind, Kind::kMalformed);
}

TEST(ClientHelloTest, RefusesBadFixedFields) {
  Bytes message = BuildHelloMessage(std::nullopt);
  Bytes version = message;
  version[4] = 2;
  ExpectMalformed(FrameRecords(version), "version major byte is not 3");
  Bytes session = message;
  session[4 + 2 + 32] = 33;
  session.insert(session.begin() + 4 + 2 + 32 + 1, 0x22);
  AddToField(session, 1, 3, +1);
  ExpectMalformed(FrameRecords(session), "legacy_session_id");
  Bytes suites = message;
  suites[4 + 2 + 32 + 1 + 32 + 1] = 3;  // odd cipher_suites length
  ExpectMalformed(FrameRecords(suites), "cipher_suites");
  ExpectMalformed(FrameRecords(Bytes{1, 0, 0, 3, 3, 3, 0}), "too short");
}

TEST(ClientHelloTest, NoOrEmptyExtensionsMeanNoSni) {
  EXPECT_EQ(ParseClientHello(FrameRecords(BuildHelloMessage(std::nullopt))).kind, Kind::kNoSni);
  EXPECT_EQ(ParseClientHello(FrameRecords(BuildHelloMessage(std::vector<TestExtension>{}))).kind,
            Kind::kNoSni);
  Bytes trailing = BuildHelloMessage(std::vector<TestExtension>{});
  trailing.push_back(0);
  AddToField(trailing, 1, 3, +1);
  ExpectMalformed(FrameRecords(trailing), "bytes after the extensions block");
}

TEST(ClientHelloTest, RefusesDuplicateExtensions) {
  Bytes sni = ServerNameData({{0, "app.test"}});
  ExpectMalformed(FrameRecords(BuildHelloMessage(std::vector<TestExtension>{{0, sni}, {0, sni}})),
                  "duplicate server_name extension");
  ExpectMalformed(FrameRecords(BuildHelloMessage(std::vector<TestExtension>{{10, {}}, {0, sni}, {10, {}}})),
                  "duplicate extension 10");
}

TEST(ClientHelloTest, ServerNameListRules) {
  ExpectMalformed(WithServerName({{1, "opaque"}}), "no host_name entry");
  ExpectMalformed(WithServerName({{0, "a.test"}, {0, "b.test"}}), "two host_name entries");
  ExpectMalformed(FrameRecords(BuildHelloMessage(std::vector<TestExtension>{{0, {0, 0}}})),
                  "empty server_name list");
  ExpectMalformed(FrameRecords(BuildHelloMessage(std::vector<TestExtension>{{0, {0, 5, 0, 0, 1, 'a'}}})),
                  "list length does not match");
  ExpectMalformed(FrameRecords(BuildHelloMessage(std::vector<TestExtension>{{0, {0, 4, 0, 0, 9, 'a'}}})),
                  "entry length does not fit");
  ClientHelloResult mixed = ParseClientHello(WithServerName({{1, "opaque"}, {0, "Mixed.Test"}}));
  ASSERT_EQ(mixed.kind, Kind::kHostName) << mixed.reason;
  EXPECT_EQ(mixed.host_name, "mixed.test");
}

TEST(ClientHelloTest, HostNamesAreValidated) {
  ExpectMalformed(WithServerName({{0, "bad_name.test"}}), "server_name:");
  ExpectMalformed(WithServerName({{0, "127.0.0.1"}}), "all-digit");
  ExpectMalformed(WithServerName({{0, ""}}), "empty host name");
  ExpectMalformed(WithServerName({{0, std::string(64, 'a') + ".test"}}), "label longer");
  ExpectMalformed(
      WithServerName({{0, std::string(250, 'a').replace(60, 1, ".").replace(120, 1, ".") + ".test"}}),
      "longer than 253");
  ExpectMalformed(WithServerName({{0, std::string("a\0b.test", 8)}}), "outside");
  ClientHelloResult dotted = ParseClientHello(WithServerName({{0, "app.test."}}));
  ASSERT_EQ(dotted.kind, Kind::kHostName);
  EXPECT_EQ(dotted.host_name, "app.test");
}

// Not a fuzzer (fuzz/cloud/fuzz_client_hello.cc is), but every build runs
// a few thousand seeded mutations of a real hello through the parser.
TEST(ClientHelloTest, SeededMutationsGiveConsistentOutcomes) {
  Bytes hello = CapturedHello("mutation.example");
  std::mt19937 random(1234);
  for (int i = 0; i < 5000; ++i) {
    Bytes mutated = hello;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int f = 0; f < flips; ++f) mutated[random() % mutated.size()] = static_cast<uint8_t>(random());
    if (random() % 4 == 0) mutated.resize(random() % mutated.size());
    ClientHelloResult result = ParseClientHello(mutated);
    if (result.kind == Kind::kHostName) {
      auto again = NormalizeHostName(result.host_name);
      ASSERT_TRUE(again.ok()) << result.host_name;
      ASSERT_EQ(*again, result.host_name);
    }
    if (result.kind == Kind::kMalformed) {
      ASSERT_FALSE(result.reason.empty());
    }
    ASSERT_LE(result.hello_wire_bytes, mutated.size());
  }
}

}  // namespace
}  // namespace mse::cloud::router
