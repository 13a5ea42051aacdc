#include "cloud/router/route_table.h"

#include <boost/asio/ip/address.hpp>
#include <mutex>

#include "cloud/router/host_name.h"
#include "crypto/x509.h"

namespace mse::cloud::router {
namespace {

Status ValidateRoute(const Route& route) {
  if (route.app_id.empty()) return InvalidArgumentError("route: empty app id");
  boost::system::error_code ec;
  boost::asio::ip::make_address(route.host, ec);
  if (ec) return InvalidArgumentError("route: host '" + route.host + "' is not an IP address");
  if (route.port == 0) return InvalidArgumentError("route: port 0");
  if (route.terminate_tls) {
    // Parsed here so a bad pin fails the caller, not every client later.
    auto pinned = crypto::X509Certificate::FromPem(route.pinned_certificate_pem);
    if (!pinned.ok()) return pinned.status().WithContext("route: pinned certificate");
  }
  return Status::Ok();
}

}  // namespace

Status RouteTable::Set(std::string_view host_name, Route route) {
  MSE_ASSIGN_OR_RETURN(std::string key, NormalizeHostName(host_name));
  MSE_RETURN_IF_ERROR(ValidateRoute(route));
  auto entry = std::make_shared<const Route>(std::move(route));
  std::unique_lock lock(mu_);
  routes_[std::move(key)] = std::move(entry);
  return Status::Ok();
}

bool RouteTable::Remove(std::string_view host_name) {
  auto key = NormalizeHostName(host_name);
  if (!key.ok()) return false;
  std::unique_lock lock(mu_);
  return routes_.erase(*key) > 0;
}

std::shared_ptr<const Route> RouteTable::Lookup(std::string_view host_name) const {
  auto key = NormalizeHostName(host_name);
  if (!key.ok()) return nullptr;
  std::shared_lock lock(mu_);
  auto it = routes_.find(*key);
  return it == routes_.end() ? nullptr : it->second;
}

void RouteTable::Clear() {
  std::map<std::string, std::shared_ptr<const Route>, std::less<>> old;
  std::unique_lock lock(mu_);
  old.swap(routes_);
  lock.unlock();  // the routes die outside the lock
}

std::map<std::string, Route> RouteTable::Snapshot() const {
  std::shared_lock lock(mu_);
  std::map<std::string, Route> out;
  for (const auto& [key, route] : routes_) out.emplace(key, *route);
  return out;
}

size_t RouteTable::size() const {
  std::shared_lock lock(mu_);
  return routes_.size();
}

}  // namespace mse::cloud::router
