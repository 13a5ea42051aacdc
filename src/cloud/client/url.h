// URL helpers of the cloud client on top of net/url_form.h (RFC 3986
// percent-encoding, application/x-www-form-urlencoded): the login
// callback's query as a map, and base URLs without a trailing '/'.
#ifndef MSE_CLOUD_CLIENT_URL_H_
#define MSE_CLOUD_CLIENT_URL_H_

#include <map>
#include <string>
#include <string_view>

#include "net/url_form.h"

namespace mse::cloud {

// The query of a request target ("/?code=x&state=y") decoded ('+' is a
// space); a repeated name keeps its first value. A malformed query (bad
// escape, too many fields) gives an empty map: nothing in it is trusted.
std::map<std::string, std::string> ParseQuery(std::string_view target);

// "http://h:1/" → "http://h:1" (every trailing '/' removed).
std::string WithoutTrailingSlash(std::string_view url);

}  // namespace mse::cloud

#endif  // MSE_CLOUD_CLIENT_URL_H_
