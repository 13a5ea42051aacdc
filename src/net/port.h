// Whether a TCP port can be bound, to refuse `spawn` on a busy port early.
#ifndef MSE_NET_PORT_H_
#define MSE_NET_PORT_H_

#include <string>

#include "base/status.h"

namespace mse::net {

// OK when `host:port` (an IPv4/IPv6 literal) can be bound now;
// FailedPrecondition "port P on H is already in use" otherwise.
Status CheckPortFree(const std::string& host, int port);

}  // namespace mse::net

#endif  // MSE_NET_PORT_H_
