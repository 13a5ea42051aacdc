// The Python side of WsgiHost. Every function here runs with the GIL held
// unless it says otherwise; Python objects are released under the GIL.
#include "enclave/wsgi_host.h"

#include <pybind11/embed.h>

#include <cstdio>
#include <optional>

#include "enclave/python_errors.h"

namespace py = pybind11;

namespace mse::enclave {
namespace {

py::str Latin1(std::string_view text) {
  PyObject* str = PyUnicode_DecodeLatin1(text.data(), static_cast<Py_ssize_t>(text.size()), nullptr);
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

// A WSGI native string back to bytes (PEP 3333: latin-1 only).
std::string NativeString(const py::handle& value, const char* what) {
  if (!PyUnicode_Check(value.ptr())) throw py::type_error(std::string(what) + " must be a str");
  py::object bytes = py::reinterpret_steal<py::object>(PyUnicode_AsLatin1String(value.ptr()));
  if (!bytes) throw py::error_already_set();
  return bytes.cast<std::string>();
}

std::string BodyBytes(const py::handle& chunk) {
  if (!PyBytes_Check(chunk.ptr()) && !PyByteArray_Check(chunk.ptr())) {
    throw py::type_error("WSGI application yielded a non-bytes chunk: " +
                         std::string(py::str(py::type::of(chunk))));
  }
  return py::bytes(py::reinterpret_borrow<py::object>(chunk)).cast<std::string>();
}

void LogError(const std::string& context, py::error_already_set& e) {
  std::string text = "wsgi: " + context + "\n" + DescribePythonError(e) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

// What start_response and write() record for one request.
struct ResponseState {
  bool called = false;
  bool headers_sent = false;
  int status = 0;
  net::HeaderList headers;
  std::optional<uint64_t> content_length;
  std::string written;  // bytes given to write(), not yet sent
};

void ParseHeaders(const py::handle& headers, ResponseState& state) {
  state.headers.clear();
  state.content_length.reset();
  for (const auto& item : headers) {
    py::tuple pair = py::reinterpret_borrow<py::tuple>(item);
    if (pair.size() != 2) throw py::value_error("a WSGI header must be a (name, value) tuple");
    std::string name = NativeString(pair[0], "header name");
    std::string value = NativeString(pair[1], "header value");
    if (net::FindHeader({{name, ""}}, "Content-Length")) {
      try {
        state.content_length = std::stoull(value);
      } catch (...) {
        throw py::value_error("invalid Content-Length header: " + value);
      }
    }
    state.headers.emplace_back(std::move(name), std::move(value));
  }
}

py::cpp_function MakeStartResponse(std::shared_ptr<ResponseState> state) {
  auto start_response = [state](py::object status, py::object headers, py::object exc_info) {
    if (!exc_info.is_none()) {
      if (state->headers_sent) {
        py::tuple info = exc_info;
        py::object type = info[0], value = info[1], trace = info[2];
        PyErr_Restore(type.release().ptr(), value.release().ptr(), trace.release().ptr());
        throw py::error_already_set();
      }
    } else if (state->called) {
      throw py::value_error("start_response called a second time without exc_info");
    }
    std::string line = NativeString(status, "status");
    if (line.size() < 3 || line.find_first_not_of("0123456789") < 3) {
      throw py::value_error("invalid WSGI status line: '" + line + "'");
    }
    ParseHeaders(headers, *state);
    state->status = std::stoi(line.substr(0, 3));
    state->called = true;
    return py::cpp_function([state](py::bytes data) { state->written += std::string(data); });
  };
  return py::cpp_function(start_response, py::arg("status"), py::arg("headers"),
                          py::arg("exc_info") = py::none());
}

// The application's iterable; close() is called exactly once.
struct PyStream {
  py::object iterable;
  py::object iterator;
  bool closed = false;
  std::string context;

  void Close() {
    if (closed || !iterable) return;
    closed = true;
    try {
      if (py::hasattr(iterable, "close")) iterable.attr("close")();
    } catch (py::error_already_set& e) {
      LogError(context + ": close() failed", e);
    }
  }
  // Next non-empty chunk, or nullopt (and close()) at the end.
  std::optional<std::string> Next() {
    while (true) {
      PyObject* item = PyIter_Next(iterator.ptr());
      if (item == nullptr) {
        if (PyErr_Occurred()) throw py::error_already_set();
        Close();
        return std::nullopt;
      }
      std::string bytes = BodyBytes(py::reinterpret_steal<py::object>(item));
      if (!bytes.empty()) return bytes;
    }
  }
  ~PyStream() {
    if (!iterable && !iterator) return;
    py::gil_scoped_acquire gil;
    Close();
    iterator = py::object();
    iterable = py::object();
  }
};

}  // namespace

struct WsgiHost::App {
  py::object callable;
  py::object bytes_io;
  py::object sys;
  ~App() {
    py::gil_scoped_acquire gil;
    callable = bytes_io = sys = py::object();
  }
};

namespace {

py::dict MakeEnviron(WsgiHost::App& app, const CgiEnviron& cgi, const std::string& body,
                     const WsgiServerInfo& server) {
  py::dict environ;
  for (const auto& [name, value] : cgi) environ[Latin1(name)] = Latin1(value);
  environ["wsgi.version"] = py::make_tuple(1, 0);
  environ["wsgi.url_scheme"] = Latin1(server.url_scheme);
  environ["wsgi.input"] = app.bytes_io(py::bytes(body));
  environ["wsgi.errors"] = app.sys.attr("stderr");
  environ["wsgi.multithread"] = true;
  environ["wsgi.multiprocess"] = false;
  environ["wsgi.run_once"] = false;
  environ["wsgi.input_terminated"] = true;
  return environ;
}

net::ServerResponse InternalServerError() {
  return net::ServerResponse::Text(500, "Internal Server Error\n");
}

}  // namespace

WsgiHost::WsgiHost(std::unique_ptr<App> app, WsgiServerInfo server)
    : app_(std::move(app)), server_(std::move(server)) {}

WsgiHost::~WsgiHost() = default;

namespace {

// The rest of a streamed body; runs on a worker thread per chunk.
net::ChunkProducer MakeProducer(std::shared_ptr<PyStream> stream,
                                std::shared_ptr<ResponseState> state, std::string first) {
  return [stream, state, first = std::move(first)]() mutable
             -> StatusOr<std::optional<std::string>> {
    if (!first.empty()) return std::optional<std::string>(std::move(first));
    py::gil_scoped_acquire gil;
    if (!state->written.empty()) return std::optional<std::string>(std::move(state->written));
    try {
      return stream->Next();
    } catch (py::error_already_set& e) {
      LogError(stream->context + " (while streaming)", e);
      stream->Close();
      return InternalError("the WSGI application failed while streaming its body");
    } catch (const std::exception& e) {
      stream->Close();
      return InternalError(std::string("WSGI body: ") + e.what());
    }
  };
}

// Calls the app and reads up to two non-empty chunks: a body that ends by
// then is sent whole (with Content-Length), anything longer is streamed.
// Returns false (after logging) when the app failed before its headers.
bool StartApp(WsgiHost::App& app, const WsgiServerInfo& server, const net::ServerRequest& request,
              const CgiEnviron& cgi, const std::shared_ptr<ResponseState>& state,
              PyStream& stream, std::string* collected, bool* exhausted) {
  try {
    py::dict environ = MakeEnviron(app, cgi, request.body, server);
    stream.iterable = app.callable(environ, MakeStartResponse(state));
    stream.iterator = py::iter(stream.iterable);
    for (int chunks = 0; chunks < 2 && !*exhausted; ++chunks) {
      std::optional<std::string> chunk = stream.Next();
      if (chunk) *collected += *chunk;
      *exhausted = !chunk;
    }
    if (!state->called) throw py::value_error("the application did not call start_response");
    return true;
  } catch (py::error_already_set& e) {
    LogError(stream.context, e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wsgi: %s: %s\n", stream.context.c_str(), e.what());
  }
  stream.Close();
  return false;
}

}  // namespace

net::ServerResponse WsgiHost::Handle(const net::ServerRequest& request) {
  CgiEnviron cgi = BuildCgiEnviron(request, server_);  // no GIL needed
  py::gil_scoped_acquire gil;
  auto state = std::make_shared<ResponseState>();
  auto stream = std::make_shared<PyStream>();
  stream->context = request.method + " " + request.target.substr(0, request.target.find('?'));
  std::string collected;
  bool exhausted = false;
  if (!StartApp(*app_, server_, request, cgi, state, *stream, &collected, &exhausted)) {
    return InternalServerError();
  }
  state->headers_sent = true;
  net::ServerResponse response;
  response.status = state->status;
  response.headers = std::move(state->headers);
  response.content_length = state->content_length;
  std::string first = std::move(state->written) + collected;
  state->written.clear();
  if (exhausted) {
    response.body = std::move(first);
  } else {
    response.stream = MakeProducer(stream, state, std::move(first));
  }
  return response;
}

StatusOr<std::shared_ptr<WsgiHost>> WsgiHost::Load(PythonRuntime&, const WsgiAppOptions& options) {
  size_t colon = options.application.find(':');
  std::string module = options.application.substr(0, colon);
  std::string variable = colon == std::string::npos ? "" : options.application.substr(colon + 1);
  auto valid = [](const std::string& s) {
    return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789_.") == std::string::npos;
  };
  if (!valid(module) || !valid(variable)) {
    return InvalidArgumentError("application '" + options.application +
                                "': expected 'module:variable', e.g. 'app:app'");
  }
  py::gil_scoped_acquire gil;
  auto app = std::make_unique<App>();
  try {
    app->sys = py::module_::import("sys");
    py::list path = app->sys.attr("path");
    if (!path.contains(options.module_path)) path.insert(0, options.module_path);
    py::module_::import("importlib").attr("invalidate_caches")();
    app->bytes_io = py::module_::import("io").attr("BytesIO");
    py::object target = py::module_::import(module.c_str());
    for (size_t start = 0; start <= variable.size();) {
      size_t dot = std::min(variable.find('.', start), variable.size());
      target = target.attr(variable.substr(start, dot - start).c_str());
      start = dot + 1;
    }
    app->callable = target;
  } catch (py::error_already_set& e) {
    return NotFoundError("cannot load the application '" + options.application + "' from " +
                         options.module_path + ":\n" + DescribePythonError(e));
  }
  if (!PyCallable_Check(app->callable.ptr())) {
    return InvalidArgumentError("application '" + options.application + "' is not callable");
  }
  return std::shared_ptr<WsgiHost>(new WsgiHost(std::move(app), options.server));
}

namespace {

bool Below(const py::handle& path, const std::string& prefix) {
  if (!PyUnicode_Check(path.ptr())) return false;
  return path.cast<std::string>().rfind(prefix, 0) == 0;
}

bool ImportedFrom(const py::handle& module, const std::string& prefix) {
  py::object file = py::getattr(module, "__file__", py::none());
  if (!file.is_none() && Below(file, prefix)) return true;
  py::object paths = py::getattr(module, "__path__", py::none());
  if (paths.is_none()) return false;
  for (const auto& entry : paths) {
    if (Below(entry, prefix)) return true;
  }
  return false;
}

}  // namespace

void ForgetModulesUnder(const std::string& dir) {
  std::string prefix = dir;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  prefix += '/';
  py::gil_scoped_acquire gil;
  try {
    py::dict modules = py::module_::import("sys").attr("modules");
    py::list names;
    for (const auto& [name, module] : modules) {
      if (ImportedFrom(module, prefix)) names.append(name);
    }
    for (const auto& name : names) {
      if (PyDict_DelItem(modules.ptr(), name.ptr()) != 0) PyErr_Clear();
    }
    py::module_::import("importlib").attr("invalidate_caches")();
  } catch (py::error_already_set& e) {
    LogError("forgetting the modules of " + dir, e);
  }
}

}  // namespace mse::enclave
