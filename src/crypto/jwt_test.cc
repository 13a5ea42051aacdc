#include "crypto/jwt.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "base/env.h"
#include "base/fake_env.h"
#include "crypto/ecdsa.h"
#include "crypto/hash.h"
#include "crypto/p256.h"

namespace mse::crypto {
namespace {

constexpr char kClaims[] = R"({"sub":"user-1","exp":1700003600,"iss":"http://127.0.0.1:8080"})";
constexpr char kSortedClaims[] = R"({"exp":1700003600,"iss":"http://127.0.0.1:8080","sub":"user-1"})";

struct Parts {
  std::string header, claims, signature;
};

Parts Split(const std::string& token) {
  const size_t a = token.find('.'), b = token.find('.', a + 1);
  return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

std::string Join(const Parts& p) { return p.header + "." + p.claims + "." + p.signature; }
std::string B64(std::string_view text) { return Base64UrlEncode(AsBytes(text)); }

class JwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = GenerateJwtSigningKeyPem(RealRandom());
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    private_pem_ = ToString(key->view());
    auto pub = JwtPublicKeyPem(private_pem_);
    ASSERT_TRUE(pub.ok()) << pub.status().ToString();
    public_pem_ = *pub;
  }

  std::string Sign(std::string_view claims = kClaims) {
    auto token = SignJwtEs256(claims, private_pem_, "key-1");
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    return token.ok() ? *token : "";
  }

  void ExpectRefused(const std::string& token, std::string_view why_fragment = "") {
    auto claims = VerifyJwtEs256(token, public_pem_);
    ASSERT_FALSE(claims.ok()) << "accepted: " << token;
    EXPECT_EQ(claims.status().code(), StatusCode::kUnauthenticated) << claims.status().ToString();
    EXPECT_NE(claims.status().message().find(why_fragment), std::string::npos) << claims.status().ToString();
  }

  std::string private_pem_;
  std::string public_pem_;
};

TEST_F(JwtTest, SignThenVerifyRoundTrip) {
  const std::string token = Sign();
  auto claims = VerifyJwtEs256(token, public_pem_);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(*claims, kSortedClaims);
  auto header = Base64UrlDecode(Split(token).header);
  ASSERT_TRUE(header.ok());
  const std::string text = ToString(*header);
  EXPECT_NE(text.find(R"("alg":"ES256")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("kid":"key-1")"), std::string::npos) << text;
  EXPECT_EQ(Base64UrlDecode(Split(token).signature)->size(), 64u);
}

TEST_F(JwtTest, NoKidWhenKeyIdEmpty) {
  auto token = SignJwtEs256(kClaims, private_pem_, "");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(ToString(*Base64UrlDecode(Split(*token).header)).find("kid"), std::string::npos);
}

TEST_F(JwtTest, KeyFromInjectedRandomIsDeterministic) {
  FakeRandom a, b;
  auto pem_a = GenerateJwtSigningKeyPem(a);
  auto pem_b = GenerateJwtSigningKeyPem(b);
  ASSERT_TRUE(pem_a.ok() && pem_b.ok());
  EXPECT_EQ(ToString(pem_a->view()), ToString(pem_b->view()));
  EXPECT_NE(ToString(pem_a->view()), private_pem_);
  EXPECT_EQ(ToString(pem_a->view()).rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
}

TEST_F(JwtTest, TamperedClaimsRefused) {
  Parts p = Split(Sign());
  p.claims = B64(R"({"exp":1700003600,"iss":"http://127.0.0.1:8080","sub":"admin"})");
  ExpectRefused(Join(p), "does not verify");
}

TEST_F(JwtTest, TamperedHeaderRefused) {
  Parts p = Split(Sign());
  p.header = B64(R"({"alg":"ES256","kid":"key-2","typ":"JWT"})");
  ExpectRefused(Join(p), "does not verify");
}

TEST_F(JwtTest, TamperedSignatureRefused) {
  Parts p = Split(Sign());
  p.signature[40] = p.signature[40] == 'A' ? 'B' : 'A';
  ExpectRefused(Join(p), "does not verify");
  Parts swapped = Split(Sign());  // s ‖ r instead of r ‖ s
  swapped.signature = swapped.signature.substr(43) + swapped.signature.substr(0, 43);
  ExpectRefused(Join(swapped));
}

// 86 characters carry 516 bits for 512: the last character's low 4 bits
// are unused. Setting them changes no decoded byte, so a lenient decoder
// would accept a second spelling of the same token.
TEST_F(JwtTest, NonCanonicalBase64UrlRefused) {
  Parts p = Split(Sign());
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const size_t value = alphabet.find(p.signature.back());
  ASSERT_EQ(value & 0x0f, 0u) << "we sign in canonical form";
  p.signature.back() = alphabet[value | 0x01];
  ExpectRefused(Join(p), "canonical");
}

TEST_F(JwtTest, DerSignatureRefused) {
  Parts p = Split(Sign());
  auto der = RawEcdsaSignatureToDer(*Base64UrlDecode(p.signature));
  ASSERT_TRUE(der.ok());
  p.signature = Base64UrlEncode(*der);
  ExpectRefused(Join(p), "64-byte");
}

TEST_F(JwtTest, AlgNoneRefused) {
  Parts p = Split(Sign());
  p.header = B64(R"({"alg":"none","typ":"JWT"})");
  const std::string keep_signature = Join(p);
  p.signature.clear();
  ExpectRefused(Join(p));
  ExpectRefused(keep_signature);
}

// The classic key-confusion attack: HMAC keyed with the public key's PEM.
// HS512 gives a 64-byte tag, so the token has the shape of an ES256 one and
// only the algorithm check stands in the way (libjwt alone accepts it).
TEST_F(JwtTest, HmacWithPublicKeyAsSecretRefused) {
  for (const char* alg : {"HS256", "HS512"}) {
    Parts p;
    p.header = B64(std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})");
    p.claims = B64(kClaims);
    const std::string input = p.header + "." + p.claims;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(std::string_view(alg) == "HS256" ? EVP_sha256() : EVP_sha512(), public_pem_.data(),
         static_cast<int>(public_pem_.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), mac, &mac_len);
    p.signature = Base64UrlEncode(ByteView(mac, mac_len));
    ExpectRefused(Join(p), std::string_view(alg) == "HS512" ? "HS512" : "64-byte");
  }
}

TEST_F(JwtTest, OtherKeyRefused) {
  auto other = GenerateJwtSigningKeyPem(RealRandom());
  ASSERT_TRUE(other.ok());
  auto token = SignJwtEs256(kClaims, ToString(other->view()), "key-1");
  ASSERT_TRUE(token.ok());
  ExpectRefused(*token, "does not verify");
}

TEST_F(JwtTest, MalformedTokensRefused) {
  const std::string token = Sign();
  ExpectRefused("", "three");
  ExpectRefused("a.b", "three");
  ExpectRefused(token + ".x", "three");
  ExpectRefused("." + Split(token).claims + "." + Split(token).signature, "base64url");
  ExpectRefused(token + "=", "base64url");
  ExpectRefused(" " + token, "base64url");
}

TEST_F(JwtTest, OversizedTokenRefusedEvenWhenSigned) {
  const std::string big = R"({"pad":")" + std::string(kMaxJwtBytes, 'x') + R"("})";
  ExpectRefused(Sign(big), "longer than 8192");
}

TEST_F(JwtTest, BadKeysAndClaimsAreInvalidArgument) {
  const std::string token = Sign();
  EXPECT_EQ(VerifyJwtEs256(token, private_pem_).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyJwtEs256(token, "junk").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SignJwtEs256(kClaims, public_pem_, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SignJwtEs256("[1,2]", private_pem_, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SignJwtEs256("{not json", private_pem_, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SignJwtEs256(std::string("{}\0{", 4), private_pem_, "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(JwtPublicKeyPem(public_pem_).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(JwtTest, P384KeysRefused) {
  EVP_PKEY* key = EVP_EC_gen("P-384");
  ASSERT_NE(key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PUBKEY(bio, key), 1);
  char* data = nullptr;
  const std::string pem(data, static_cast<size_t>(BIO_get_mem_data(bio, &data)));
  BIO_free(bio);
  EVP_PKEY_free(key);
  auto result = VerifyJwtEs256(Sign(), pem);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("P-256"), std::string::npos) << result.status().ToString();
}

// Our own verifier (src/crypto/ecdsa.h) agrees with libjwt's signatures,
// over enough tokens that r or s below 2^248 (zero-padded) occurs.
TEST_F(JwtTest, SignaturesCheckWithOurEcdsaVerifier) {
  auto key = P256PrivateKey::FromPkcs8Pem(private_pem_);
  ASSERT_TRUE(key.ok());
  const P256Point point = key->PublicPoint();
  for (int i = 0; i < 300; ++i) {
    const Parts p = Split(Sign(R"({"n":)" + std::to_string(i) + "}"));
    auto signature = Base64UrlDecode(p.signature);
    ASSERT_TRUE(signature.ok());
    Status s = VerifyEcdsaP256Sha256(point, AsBytes(p.header + "." + p.claims), *signature);
    ASSERT_TRUE(s.ok()) << i << ": " << s.ToString();
  }
}

// RFC 7515 Appendix A.3: an ES256 JWS made with the RFC's published key.
constexpr char kRfc7515A3PublicKey[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7\n"
    "6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==\n"
    "-----END PUBLIC KEY-----\n";
constexpr char kRfc7515A3Token[] =
    "eyJhbGciOiJFUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

TEST(JwtKnownAnswerTest, Rfc7515AppendixA3Verifies) {
  // The key is the RFC's JWK (x, y) as an SPKI.
  auto x = Base64UrlDecode("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
  auto y = Base64UrlDecode("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
  Bytes xy = *x;
  xy.insert(xy.end(), y->begin(), y->end());
  auto point = P256PointFromXY(xy);
  ASSERT_TRUE(point.ok());
  const std::string spki_b64 = Base64Encode(P256PointToSpki(*point));
  EXPECT_NE(std::string(kRfc7515A3PublicKey).find(spki_b64.substr(0, 64)), std::string::npos);

  auto claims = VerifyJwtEs256(kRfc7515A3Token, kRfc7515A3PublicKey);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(*claims, R"({"exp":1300819380,"http://example.com/is_root":true,"iss":"joe"})");
  std::string tampered = kRfc7515A3Token;
  tampered[30] = tampered[30] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyJwtEs256(tampered, kRfc7515A3PublicKey).ok());
}

// Interoperability with Python's `cryptography` (Debian's python3-cryptography)
// through /usr/bin/python3: it verifies our tokens, and we verify its.
constexpr char kPython[] = "/usr/bin/python3";
constexpr std::string_view kInteropScript = R"PY(
import base64, sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
def b64d(s): return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
def b64e(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
op, key_path, io_path = sys.argv[1:4]
key_pem = open(key_path, "rb").read()
if op == "sign":
    key = serialization.load_pem_private_key(key_pem, None)
    head = b64e(b'{"alg":"ES256","typ":"JWT","kid":"py"}')
    body = b64e(b'{"iss":"python","sub":"user-9","exp":1700003600}')
    r, s = utils.decode_dss_signature(key.sign((head + "." + body).encode(), ec.ECDSA(hashes.SHA256())))
    open(io_path, "w").write(head + "." + body + "." + b64e(r.to_bytes(32, "big") + s.to_bytes(32, "big")))
elif op == "verify":
    key = serialization.load_pem_public_key(key_pem)
    head, body, sig = open(io_path).read().split(".")
    raw = b64d(sig)
    der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.verify(der, (head + "." + body).encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        sys.exit(3)
)PY";

class JwtInteropTest : public JwtTest {
 protected:
  void SetUp() override {
    JwtTest::SetUp();
    auto dir = fs_.MakeTempDirectory("/tmp", "mse-jwt-xtest-");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = *dir;
    ASSERT_TRUE(fs_.WriteFile(Path("x.py"), kInteropScript).ok());
    ASSERT_TRUE(fs_.WriteFile(Path("priv.pem"), private_pem_, FileMode::kSecret).ok());
    ASSERT_TRUE(fs_.WriteFile(Path("pub.pem"), public_pem_).ok());
  }
  void TearDown() override { (void)fs_.RemoveAll(dir_); }

  std::string Path(std::string_view name) const { return JoinPath(dir_, name); }

  // Exit status of the script; its output (stderr too) in *out.
  int Python(const std::string& args, std::string* out) {
    const std::string command = std::string(kPython) + " " + Path("x.py") + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    char buffer[4096];
    out->clear();
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out->append(buffer, n);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  FileSystem& fs_ = RealFileSystem();
  std::string dir_;
};

TEST_F(JwtInteropTest, PythonVerifiesOurTokens) {
  std::string out;
  ASSERT_TRUE(fs_.WriteFile(Path("token"), Sign()).ok());
  ASSERT_EQ(Python("verify " + Path("pub.pem") + " " + Path("token"), &out), 0)
      << "python3 (with python3-cryptography) refused our token:\n"
      << out;
  Parts p = Split(Sign());
  p.claims = B64(R"({"sub":"admin"})");
  ASSERT_TRUE(fs_.WriteFile(Path("token"), Join(p)).ok());
  EXPECT_EQ(Python("verify " + Path("pub.pem") + " " + Path("token"), &out), 3) << out;
}

TEST_F(JwtInteropTest, WeVerifyPythonTokens) {
  std::string out;
  ASSERT_EQ(Python("sign " + Path("priv.pem") + " " + Path("token"), &out), 0)
      << "python3 (with python3-cryptography) could not sign:\n"
      << out;
  auto token = fs_.ReadFile(Path("token"));
  ASSERT_TRUE(token.ok());
  auto claims = VerifyJwtEs256(*token, public_pem_);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(*claims, R"({"exp":1700003600,"iss":"python","sub":"user-9"})");
}

}  // namespace
}  // namespace mse::crypto
