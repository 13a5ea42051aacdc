#include "crypto/pki_openssl.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>

#include <openssl/err.h>

#include <ctime>

namespace mse::crypto::pki_internal {

std::string OpenSslError() {
  unsigned long code = ERR_get_error();  // NOLINT(runtime/int): OpenSSL's type
  if (code == 0) return "OpenSSL: unknown error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  ERR_clear_error();
  return std::string("OpenSSL: ") + buf;
}

EvpPkeyPtr PkeyFromSpki(ByteView spki) {
  const unsigned char* p = spki.data();
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())));  // NOLINT
  if (key != nullptr && p != spki.data() + spki.size()) return nullptr;
  return key;
}

namespace {

using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;

EvpPkeyPtr BuildP256Key(ByteView point) {
  // One key-management context per thread: fetching the EC provider by
  // name costs more than building the key.
  thread_local PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<uint8_t*>(point.data()), point.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return EvpPkeyPtr(key);
}

// A few recently used keys per thread, shared through EVP_PKEY's refcount.
struct KeyCache {
  static constexpr size_t kSize = 16;
  std::array<std::pair<std::array<uint8_t, 65>, EvpPkeyPtr>, kSize> entries;
  size_t next = 0;
};

}  // namespace

EvpPkeyPtr PkeyFromP256Point(ByteView point) {
  if (point.size() != 65 || point[0] != 0x04) return nullptr;
  thread_local KeyCache cache;
  for (auto& [cached_point, key] : cache.entries) {
    if (key != nullptr && std::equal(point.begin(), point.end(), cached_point.begin())) {
      EVP_PKEY_up_ref(key.get());
      return EvpPkeyPtr(key.get());
    }
  }
  EvpPkeyPtr key = BuildP256Key(point);
  if (key == nullptr) return nullptr;
  auto& slot = cache.entries[cache.next++ % KeyCache::kSize];
  std::copy(point.begin(), point.end(), slot.first.begin());
  EVP_PKEY_up_ref(key.get());
  slot.second.reset(key.get());
  return key;
}

bool Asn1TimeToUnix(const ASN1_TIME* time, int64_t* out) {
  struct tm tm {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return false;
  *out = static_cast<int64_t>(timegm(&tm));
  return true;
}

std::string NameToString(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || name == nullptr) return "";
  const unsigned long flags =  // NOLINT(runtime/int)
      (XN_FLAG_RFC2253 & ~XN_FLAG_DN_REV & ~ASN1_STRFLGS_ESC_MSB);
  if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return "";
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);  // NOLINT(runtime/int)
  return std::string(data, static_cast<size_t>(len));
}

std::string CommonName(const X509_NAME* name) {
  if (name == nullptr) return "";
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, index);
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(entry);
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, value);
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

}  // namespace mse::crypto::pki_internal
