// DNS host names as the router compares them: the SNI of a ClientHello and
// the keys of the route table go through the same normalization, so a route
// set for "App.Example.COM" matches a client asking for "app.example.com".
#ifndef MSE_CLOUD_ROUTER_HOST_NAME_H_
#define MSE_CLOUD_ROUTER_HOST_NAME_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mse::cloud::router {

inline constexpr size_t kMaxHostNameLength = 253;
inline constexpr size_t kMaxLabelLength = 63;

// Returns `name` lowercased, without one trailing dot (RFC 6066 §3 says SNI
// carries no trailing dot; "a.example." names the same host, so it is
// accepted and stripped). Then the name must be 1..253 characters of labels
// of 1..63 characters in [a-z0-9-], no label starting or ending with '-',
// and a last label that is not all digits (so IPv4 literals, which RFC 6066
// forbids in SNI, are refused). InvalidArgument says which rule failed.
StatusOr<std::string> NormalizeHostName(std::string_view name);

}  // namespace mse::cloud::router

#endif  // MSE_CLOUD_ROUTER_HOST_NAME_H_
