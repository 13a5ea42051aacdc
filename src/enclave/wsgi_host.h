// WsgiHost: serves a user's WSGI application (PEP 3333), e.g. an unmodified
// Flask app, in-process through the embedded interpreter. No fork, no
// subprocess. See docs/enclave-runtime.md.
//
// Per request: environ = BuildCgiEnviron + wsgi.version (1, 0),
// wsgi.url_scheme, wsgi.input (io.BytesIO over the body), wsgi.errors
// (sys.stderr), wsgi.multithread True, wsgi.multiprocess False,
// wsgi.run_once False, wsgi.input_terminated True. start_response accepts
// exc_info (re-raised once headers are sent) and returns write(). The
// iterable is drained into one body when it ends before yielding more than
// one non-empty chunk; otherwise the rest is streamed chunk by chunk. close()
// is called in every case (also when the client goes away). The GIL is held
// only while Python runs. An exception before the headers are sent gives 500
// and a traceback on stderr; after, the connection is aborted.
#ifndef MSE_ENCLAVE_WSGI_HOST_H_
#define MSE_ENCLAVE_WSGI_HOST_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "enclave/python_runtime.h"
#include "enclave/wsgi_environ.h"
#include "net/http_server.h"

namespace mse::enclave {

struct WsgiAppOptions {
  std::string module_path;  // put first on sys.path (MODULE_PATH)
  std::string application;  // "module:variable", e.g. "app:app" or "pkg.web:api"
  WsgiServerInfo server;
};

// Thread-safe; not copyable.
class WsgiHost : public net::HttpHandler {
 public:
  // Imports the application. Fails with InvalidArgument for a malformed
  // "module:variable", NotFound when the import or the attribute fails
  // (message holds the Python traceback), InvalidArgument when the object
  // is not callable. `runtime` must outlive the host.
  static StatusOr<std::shared_ptr<WsgiHost>> Load(PythonRuntime& runtime,
                                                  const WsgiAppOptions& options);
  ~WsgiHost() override;

  net::ServerResponse Handle(const net::ServerRequest& request) override;

  struct App;  // Python objects, defined in wsgi_host.cc

 private:
  WsgiHost(std::unique_ptr<App> app, WsgiServerInfo server);
  std::unique_ptr<App> app_;
  WsgiServerInfo server_;
};

// Removes from sys.modules every module imported from under `dir` (its
// __file__, or a package's __path__ entry, below it) and invalidates the
// import caches, so that the next Load imports fresh files (a corrected
// configuration after a failed one). Takes the GIL; never fails (Python
// errors are logged).
void ForgetModulesUnder(const std::string& dir);

}  // namespace mse::enclave

#endif  // MSE_ENCLAVE_WSGI_HOST_H_
