#include "attest/quote.h"

#include <algorithm>
#include <string>

#include "base/encoding.h"

namespace mse::attest {
namespace {

// Little-endian reads with a bounds check against a cursor.
class Cursor {
 public:
  explicit Cursor(ByteView data, size_t base) : data_(data), base_(base) {}
  size_t offset() const { return base_ + pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  StatusOr<ByteView> Take(size_t n, std::string_view what) {
    if (n > remaining()) {
      return InvalidArgumentError("quote: " + std::string(what) + " at offset " +
                                  std::to_string(offset()) + " needs " + std::to_string(n) +
                                  " bytes, only " + std::to_string(remaining()) + " remain");
    }
    ByteView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  StatusOr<uint32_t> Le(size_t n, std::string_view what) {
    MSE_ASSIGN_OR_RETURN(ByteView b, Take(n, what));
    uint32_t v = 0;
    for (size_t i = n; i-- > 0;) v = (v << 8) | b[i];
    return v;
  }

 private:
  ByteView data_;
  size_t base_;
  size_t pos_ = 0;
};

template <size_t N>
std::array<uint8_t, N> ToArray(ByteView b) {
  std::array<uint8_t, N> out{};
  std::copy_n(b.begin(), N, out.begin());
  return out;
}

uint64_t ReadLe(ByteView b, size_t off, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i-- > 0;) v = (v << 8) | b[off + i];
  return v;
}

Status ParseHeader(ByteView b, Quote* q) {
  q->version = static_cast<uint16_t>(ReadLe(b, 0, 2));
  q->att_key_type = static_cast<uint16_t>(ReadLe(b, 2, 2));
  q->tee_type = static_cast<uint32_t>(ReadLe(b, 4, 4));
  q->qe_svn = static_cast<uint16_t>(ReadLe(b, 8, 2));
  q->pce_svn = static_cast<uint16_t>(ReadLe(b, 10, 2));
  q->qe_vendor_id = ToArray<16>(b.subspan(12));
  q->user_data = ToArray<20>(b.subspan(28));
  if (q->version != 3 && q->version != 4) {
    return InvalidArgumentError("quote: version is " + std::to_string(q->version) +
                                ", expected 3 or 4");
  }
  if (q->att_key_type != 2) {
    return InvalidArgumentError("quote: att_key_type is " + std::to_string(q->att_key_type) +
                                ", expected 2 (ECDSA-256 with P-256)");
  }
  if (q->version == 4 && q->tee_type != 0) {
    return InvalidArgumentError("quote: tee_type is " + std::to_string(q->tee_type) +
                                ", expected 0 (SGX); TDX quotes are not supported");
  }
  if (q->qe_vendor_id != kIntelQeVendorId) {
    return InvalidArgumentError("quote: qe_vendor_id is " + HexEncode(q->qe_vendor_id) +
                                ", expected Intel's " + HexEncode(kIntelQeVendorId));
  }
  return Status::Ok();
}

// Every byte of a length-delimited section must belong to a field.
Status RequireConsumed(const Cursor& c, std::string_view section) {
  if (c.remaining() == 0) return Status::Ok();
  return InvalidArgumentError("quote: " + std::to_string(c.remaining()) + " unparsed bytes at offset " +
                              std::to_string(c.offset()) + " at the end of the " + std::string(section));
}

// Splits the certification data into exactly three PEM certificates.
Status ParseCertData(Quote* q) {
  ByteView data = q->cert_data;
  while (!data.empty() && data.back() == 0) data = data.first(data.size() - 1);
  auto chain = crypto::X509Certificate::ChainFromPem(AsStringView(data));
  if (!chain.ok()) return chain.status().WithContext("quote certification data");
  if (chain->size() != 3) {
    return InvalidArgumentError("quote certification data holds " + std::to_string(chain->size()) +
                                " PEM certificates, expected 3 (PCK leaf, PCK CA, root)");
  }
  q->pck_chain = *std::move(chain);
  return Status::Ok();
}

// QE report ‖ signature ‖ auth data ‖ certification data (type 5).
Status ParseQeSection(Cursor& c, Quote* q) {
  MSE_ASSIGN_OR_RETURN(ByteView qe_report, c.Take(kReportBodySize, "QE report"));
  q->qe_report_raw.assign(qe_report.begin(), qe_report.end());
  q->qe_report = ParseReportBody(qe_report);
  MSE_ASSIGN_OR_RETURN(ByteView qe_sig, c.Take(64, "QE report signature"));
  q->qe_report_signature = ToArray<64>(qe_sig);
  MSE_ASSIGN_OR_RETURN(uint32_t auth_len, c.Le(2, "qe_auth_data_len"));
  MSE_ASSIGN_OR_RETURN(ByteView auth, c.Take(auth_len, "qe_auth_data"));
  q->qe_auth_data.assign(auth.begin(), auth.end());
  MSE_ASSIGN_OR_RETURN(uint32_t type, c.Le(2, "cert_data_type"));
  q->cert_data_type = static_cast<uint16_t>(type);
  if (type != 5) {
    return InvalidArgumentError("quote: cert_data_type is " + std::to_string(type) +
                                ", expected 5 (PEM PCK certificate chain)");
  }
  MSE_ASSIGN_OR_RETURN(uint32_t cert_len, c.Le(4, "cert_data_len"));
  MSE_ASSIGN_OR_RETURN(ByteView cert, c.Take(cert_len, "certification data"));
  q->cert_data.assign(cert.begin(), cert.end());
  return ParseCertData(q);
}

}  // namespace

ReportBody ParseReportBody(ByteView b) {
  ReportBody r;
  r.cpu_svn = ToArray<16>(b.subspan(0));
  r.misc_select = static_cast<uint32_t>(ReadLe(b, 16, 4));
  r.isv_ext_prod_id = ToArray<16>(b.subspan(32));
  r.flags = ReadLe(b, 48, 8);
  r.xfrm = ReadLe(b, 56, 8);
  r.attributes = ToArray<16>(b.subspan(48));
  r.mr_enclave = ToArray<32>(b.subspan(64));
  r.mr_signer = ToArray<32>(b.subspan(128));
  r.config_id = ToArray<64>(b.subspan(192));
  r.isv_prod_id = static_cast<uint16_t>(ReadLe(b, 256, 2));
  r.isv_svn = static_cast<uint16_t>(ReadLe(b, 258, 2));
  r.config_svn = static_cast<uint16_t>(ReadLe(b, 260, 2));
  r.isv_family_id = ToArray<16>(b.subspan(304));
  r.report_data = ToArray<64>(b.subspan(320));
  return r;
}

StatusOr<Quote> ParseQuote(ByteView bytes) {
  if (bytes.size() < kMinQuoteSize) {
    return InvalidArgumentError("quote: " + std::to_string(bytes.size()) +
                                " bytes, a DCAP quote has at least " +
                                std::to_string(kMinQuoteSize));
  }
  Quote q;
  q.raw.assign(bytes.begin(), bytes.end());
  MSE_RETURN_IF_ERROR(ParseHeader(bytes, &q));
  q.isv_report = ParseReportBody(bytes.subspan(kQuoteHeaderSize, kReportBodySize));
  q.signature_data_len = static_cast<uint32_t>(ReadLe(bytes, kSignedRegionSize, 4));
  const size_t remaining = bytes.size() - kSignedRegionSize - 4;
  if (q.signature_data_len > remaining) {
    return InvalidArgumentError("quote: declared signature data length " +
                                std::to_string(q.signature_data_len) + " > remaining " +
                                std::to_string(remaining));
  }
  if (q.signature_data_len < remaining) {
    return InvalidArgumentError("quote: " + std::to_string(remaining - q.signature_data_len) +
                                " bytes after the declared signature data (length " +
                                std::to_string(q.signature_data_len) + "); a quote must end with its signature data");
  }
  Cursor c(bytes.subspan(kSignedRegionSize + 4, q.signature_data_len), kSignedRegionSize + 4);
  MSE_ASSIGN_OR_RETURN(ByteView isv_sig, c.Take(64, "ISV report signature"));
  q.isv_signature = ToArray<64>(isv_sig);
  MSE_ASSIGN_OR_RETURN(ByteView att_key, c.Take(64, "attestation key"));
  q.attestation_key = ToArray<64>(att_key);
  if (q.version == 4) {
    MSE_ASSIGN_OR_RETURN(uint32_t outer_type, c.Le(2, "outer cert_data_type"));
    q.outer_cert_data_type = static_cast<uint16_t>(outer_type);
    if (outer_type != 6) {
      return InvalidArgumentError("quote v4: outer cert_data_type is " +
                                  std::to_string(outer_type) + ", expected 6 (QE report data)");
    }
    MSE_ASSIGN_OR_RETURN(uint32_t outer_len, c.Le(4, "outer cert_data_len"));
    const size_t inner_offset = c.offset();
    MSE_ASSIGN_OR_RETURN(ByteView inner, c.Take(outer_len, "QE report certification data"));
    Cursor inner_cursor(inner, inner_offset);
    MSE_RETURN_IF_ERROR(ParseQeSection(inner_cursor, &q));
    MSE_RETURN_IF_ERROR(RequireConsumed(inner_cursor, "QE report certification data"));
  } else {
    MSE_RETURN_IF_ERROR(ParseQeSection(c, &q));
  }
  MSE_RETURN_IF_ERROR(RequireConsumed(c, "signature data"));
  return q;
}

}  // namespace mse::attest
