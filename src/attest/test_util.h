// Helpers for attest tests: read the shared DCAP vectors.
#ifndef MSE_ATTEST_TEST_UTIL_H_
#define MSE_ATTEST_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>

#include "attest/collateral.h"
#include "attest/time_util.h"
#include "base/bytes.h"
#include "base/env.h"

namespace mse::attest::testing {

inline std::string VectorDir(const std::string& set) {
  return std::string(MSE_SHARED_DIR) + "/vectors/dcap/" + set;
}

inline std::string ReadVectorFile(const std::string& set, const std::string& name) {
  std::ifstream in(VectorDir(set) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Bytes ReadQuote(const std::string& set) { return ToBytes(ReadVectorFile(set, "quote.bin")); }

inline Collateral LoadVectorCollateral(const std::string& set) {
  return LoadCollateralDirectory(RealFileSystem(), VectorDir(set) + "/collateral").value();
}

inline UnixSeconds At(const char* rfc3339) { return ParseRfc3339(rfc3339).value(); }

}  // namespace mse::attest::testing

#endif  // MSE_ATTEST_TEST_UTIL_H_
