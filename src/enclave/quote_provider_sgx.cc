// Quotes from SGX hardware through Gramine's documented pseudo-files
// (/dev/attestation): write the 64-byte user_report_data, read the quote.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "enclave/quote_provider.h"

namespace mse::enclave {
namespace {

constexpr char kReportData[] = "/dev/attestation/user_report_data";
constexpr char kQuote[] = "/dev/attestation/quote";
// Gramine's MRENCLAVE-policy seal key (the key of its encrypted mounts).
constexpr char kSealKey[] = "/dev/attestation/keys/_sgx_mrenclave";
constexpr size_t kSealKeySize = 16;

class GramineQuoteProvider : public QuoteProvider {
 public:
  StatusOr<Bytes> GetQuote(const ReportData& report_data) override {
    int out = ::open(kReportData, O_WRONLY | O_CLOEXEC);
    if (out < 0) return ErrnoError(std::string("cannot open ") + kReportData, errno);
    ssize_t written = ::write(out, report_data.data(), report_data.size());
    int write_error = errno;
    ::close(out);
    if (written != static_cast<ssize_t>(report_data.size())) {
      return ErrnoError(std::string("cannot write ") + kReportData, write_error);
    }
    int in = ::open(kQuote, O_RDONLY | O_CLOEXEC);
    if (in < 0) return ErrnoError(std::string("cannot open ") + kQuote, errno);
    Bytes quote;
    uint8_t buffer[8192];
    while (true) {
      ssize_t n = ::read(in, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int err = errno;
        ::close(in);
        return ErrnoError(std::string("cannot read ") + kQuote, err);
      }
      if (n == 0) break;
      quote.insert(quote.end(), buffer, buffer + n);
    }
    ::close(in);
    if (quote.empty()) return DataLossError(std::string(kQuote) + " returned an empty quote");
    return quote;
  }

  StatusOr<SecretBytes> GetSealKey() override {
    int in = ::open(kSealKey, O_RDONLY | O_CLOEXEC);
    if (in < 0) return ErrnoError(std::string("cannot open ") + kSealKey, errno);
    SecretBytes key(kSealKeySize);
    ssize_t n = ::read(in, key.data(), key.size());
    int read_error = errno;
    ::close(in);
    if (n != static_cast<ssize_t>(kSealKeySize)) {
      if (n < 0) return ErrnoError(std::string("cannot read ") + kSealKey, read_error);
      return DataLossError(std::string(kSealKey) + ": expected 16 bytes, read " + std::to_string(n));
    }
    return key;
  }
};

}  // namespace

StatusOr<std::unique_ptr<QuoteProvider>> MakeGramineQuoteProvider() {
  if (::access(kReportData, W_OK) != 0) {
    return FailedPreconditionError(std::string(kReportData) +
                                   " is not available: not running inside a Gramine SGX enclave");
  }
  return std::unique_ptr<QuoteProvider>(new GramineQuoteProvider());
}

}  // namespace mse::enclave
