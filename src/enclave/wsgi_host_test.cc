#include "enclave/wsgi_host.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "base/env.h"
#include "enclave/python_test_environment.h"

namespace mse::enclave {
namespace {

constexpr char kFlaskApp[] = R"PY(
import os
from flask import Flask, Response, request

app = Flask(__name__)

@app.route("/health")
def health():
    return "OK"

@app.route("/echo", methods=["POST"])
def echo():
    return {"body": request.get_data(as_text=True), "type": request.content_type,
            "q": request.args.get("q"), "path": request.path, "remote": request.remote_addr,
            "scheme": request.scheme, "header": request.headers.get("X-Test")}

@app.route("/env")
def env():
    names = ["HOME", "SECRETS_PATH", "SEALED_SECRETS_PATH", "TMP_PATH", "MODULE_PATH",
             "KEY_PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"]
    return {name: os.environ.get(name) for name in names}

@app.route("/boom")
def boom():
    raise RuntimeError("boom from the app")

@app.route("/stream")
def stream():
    def parts():
        for i in range(3):
            yield "part%d;" % i
    return Response(parts(), mimetype="text/plain")
)PY";

constexpr char kRawApps[] = R"PY(
closed = []

class Body:
    def __init__(self, chunks):
        self.chunks = chunks
    def __iter__(self):
        return iter(self.chunks)
    def close(self):
        closed.append(True)

def with_write(environ, start_response):
    write = start_response("201 Created", [("Content-Type", "text/plain"), ("X-A", "1")])
    write(b"w;")
    return Body([b"a;", b"", b"b;", b"c;"])

def environ_dump(environ, start_response):
    keys = ["wsgi.version", "wsgi.url_scheme", "wsgi.multithread", "wsgi.multiprocess",
            "wsgi.run_once", "PATH_INFO", "SERVER_PORT"]
    text = repr([environ[k] for k in keys]) + "|" + environ["wsgi.input"].read().decode()
    text += "|" + type(environ["wsgi.errors"]).__name__
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [text.encode()]

def error_after_start(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    try:
        raise ValueError("late failure")
    except ValueError:
        import sys
        start_response("500 Oops", [("Content-Type", "text/plain")], sys.exc_info())
    return Body([b"handled"])

def str_chunk(environ, start_response):
    start_response("200 OK", [])
    return Body(["not bytes"])

def no_start(environ, start_response):
    return Body([])

def closed_count(environ, start_response):
    start_response("200 OK", [])
    return [str(len(closed)).encode()]

def raises(environ, start_response):
    raise KeyError("raised before start_response")

def fails_while_streaming(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"one;"
    yield b"two;"
    raise RuntimeError("broken generator")

not_callable = 42
)PY";

class WsgiHostTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = *RealFileSystem().MakeTempDirectory("/tmp", "mse-wsgi-test");
    ASSERT_TRUE(RealFileSystem().WriteFile(JoinPath(dir_, "wsgi_flask_app.py"), kFlaskApp).ok());
    ASSERT_TRUE(RealFileSystem().WriteFile(JoinPath(dir_, "wsgi_raw_apps.py"), kRawApps).ok());
  }
  static void TearDownTestSuite() { (void)RealFileSystem().RemoveAll(dir_); }

  std::shared_ptr<WsgiHost> Load(const std::string& application) {
    WsgiAppOptions options{dir_, application, {"enclave.test", 7443, "https"}};
    auto host = WsgiHost::Load(testing::Runtime(), options);
    EXPECT_TRUE(host.ok()) << host.status().ToString();
    return host.ok() ? *host : nullptr;
  }

  static net::ServerRequest Request(std::string method, std::string target, std::string body = "") {
    net::ServerRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    request.remote_address = "127.0.0.1";
    request.remote_port = 5555;
    request.headers = {{"Host", "enclave.test:7443"}};
    return request;
  }

  // Runs the producer to the end, as the server would.
  static std::string Drain(net::ServerResponse& response, bool* failed = nullptr) {
    if (!response.stream) return response.body;
    std::string out;
    while (true) {
      auto chunk = response.stream();
      if (!chunk.ok()) {
        if (failed) *failed = true;
        return out;
      }
      if (!chunk->has_value()) return out;
      out += **chunk;
    }
  }

  static inline std::string dir_;
};

TEST_F(WsgiHostTest, ServesFlaskRoute) {
  auto host = Load("wsgi_flask_app:app");
  ASSERT_NE(host, nullptr);
  auto response = host->Handle(Request("GET", "/health"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Drain(response), "OK");
  EXPECT_EQ(response.content_length, 2u);
  EXPECT_EQ(net::FindHeader(response.headers, "content-type").value_or(""),
            "text/html; charset=utf-8");
  EXPECT_EQ(host->Handle(Request("GET", "/missing")).status, 404);
}

TEST_F(WsgiHostTest, PassesRequestDetailsToFlask) {
  auto host = Load("wsgi_flask_app:app");
  auto request = Request("POST", "/echo?q=v%20w", "hello");
  request.headers.emplace_back("Content-Type", "text/plain");
  request.headers.emplace_back("X-Test", "yes");
  auto response = host->Handle(request);
  ASSERT_EQ(response.status, 200);
  std::string body = Drain(response);
  for (const char* expected :
       {"\"body\":\"hello\"", "\"type\":\"text/plain\"", "\"q\":\"v w\"", "\"path\":\"/echo\"",
        "\"remote\":\"127.0.0.1\"", "\"scheme\":\"https\"", "\"header\":\"yes\""}) {
    EXPECT_NE(body.find(expected), std::string::npos) << expected << " in " << body;
  }
}

TEST_F(WsgiHostTest, AppSeesTheEnclaveEnvironment) {
  auto host = Load("wsgi_flask_app:app");
  auto response = host->Handle(Request("GET", "/env"));
  std::string body = Drain(response);
  EXPECT_NE(body.find("\"MODULE_PATH\":\"" + testing::kTestModulePath + "\""), std::string::npos)
      << body;
  EXPECT_NE(body.find("\"PYTHONDONTWRITEBYTECODE\":\"1\""), std::string::npos) << body;
  EXPECT_NE(body.find("\"KEY_PATH\":\"/tmp/mse-test-key\""), std::string::npos) << body;
}

TEST_F(WsgiHostTest, ExceptionGives500AndHostKeepsServing) {
  auto host = Load("wsgi_flask_app:app");
  // Flask turns the exception into its own 500 page.
  EXPECT_EQ(host->Handle(Request("GET", "/boom")).status, 500);
  auto raw = Load("wsgi_raw_apps:str_chunk");
  EXPECT_EQ(raw->Handle(Request("GET", "/")).status, 500);
  auto no_start = Load("wsgi_raw_apps:no_start");
  EXPECT_EQ(no_start->Handle(Request("GET", "/")).status, 500);
  auto response = host->Handle(Request("GET", "/health"));
  EXPECT_EQ(Drain(response), "OK");
}

TEST_F(WsgiHostTest, RawAppExceptionGives500WithTraceback) {
  auto host = Load("wsgi_raw_apps:raises");
  ::testing::internal::CaptureStderr();
  auto response = host->Handle(Request("GET", "/x"));
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(log.find("Traceback (most recent call last)"), std::string::npos) << log;
  EXPECT_NE(log.find("KeyError: 'raised before start_response'"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /x"), std::string::npos) << log;
}

TEST_F(WsgiHostTest, ExceptionWhileStreamingFailsTheProducer) {
  auto host = Load("wsgi_raw_apps:fails_while_streaming");
  ::testing::internal::CaptureStderr();
  auto response = host->Handle(Request("GET", "/"));
  EXPECT_EQ(response.status, 200);
  bool failed = false;
  EXPECT_EQ(Drain(response, &failed), "one;two;");
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(failed);
  EXPECT_NE(log.find("RuntimeError: broken generator"), std::string::npos) << log;
}

TEST_F(WsgiHostTest, StreamsGeneratorBodies) {
  auto host = Load("wsgi_flask_app:app");
  auto response = host->Handle(Request("GET", "/stream"));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(static_cast<bool>(response.stream));
  EXPECT_FALSE(response.content_length.has_value());
  EXPECT_EQ(Drain(response), "part0;part1;part2;");
}

TEST_F(WsgiHostTest, WriteCallableAndCloseAreHonoured) {
  auto host = Load("wsgi_raw_apps:with_write");
  auto counter = Load("wsgi_raw_apps:closed_count");
  std::string before = Drain(*std::make_unique<net::ServerResponse>(counter->Handle(Request("GET", "/"))));
  {
    auto response = host->Handle(Request("GET", "/"));
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(net::FindHeader(response.headers, "X-A").value_or(""), "1");
    EXPECT_EQ(Drain(response), "w;a;b;c;");
  }
  auto after_response = counter->Handle(Request("GET", "/"));
  EXPECT_EQ(std::stoi(Drain(after_response)), std::stoi(before) + 1);
  {
    // A client that goes away mid-stream: close() still runs.
    auto response = host->Handle(Request("GET", "/"));
    ASSERT_TRUE(static_cast<bool>(response.stream));
  }
  auto last = counter->Handle(Request("GET", "/"));
  EXPECT_EQ(std::stoi(Drain(last)), std::stoi(before) + 2);
}

TEST_F(WsgiHostTest, EnvironHasWsgiKeys) {
  auto host = Load("wsgi_raw_apps:environ_dump");
  auto response = host->Handle(Request("PUT", "/x%41", "payload"));
  EXPECT_EQ(Drain(response),
            "[(1, 0), 'https', True, False, False, '/xA', '7443']|payload|TextIOWrapper");
}

TEST_F(WsgiHostTest, ExcInfoReplacesStatusBeforeHeadersAreSent) {
  auto host = Load("wsgi_raw_apps:error_after_start");
  auto response = host->Handle(Request("GET", "/"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(Drain(response), "handled");
}

TEST_F(WsgiHostTest, ConcurrentRequestsFromManyThreads) {
  auto host = Load("wsgi_flask_app:app");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto response = host->Handle(Request("GET", "/health"));
        if (response.status == 200 && Drain(response) == "OK") ok++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok, 100);
}

TEST_F(WsgiHostTest, LoadFailuresAreReported) {
  WsgiAppOptions options{dir_, "no_colon", {}};
  EXPECT_EQ(WsgiHost::Load(testing::Runtime(), options).status().code(),
            StatusCode::kInvalidArgument);
  options.application = "missing_module_xyz:app";
  auto missing = WsgiHost::Load(testing::Runtime(), options);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("ModuleNotFoundError"), std::string::npos);
  options.application = "wsgi_raw_apps:nothing_here";
  EXPECT_EQ(WsgiHost::Load(testing::Runtime(), options).status().code(), StatusCode::kNotFound);
  options.application = "wsgi_raw_apps:not_callable";
  EXPECT_EQ(WsgiHost::Load(testing::Runtime(), options).status().code(),
            StatusCode::kInvalidArgument);
}

// After a failed configuration the corrected code must be imported afresh,
// not taken from sys.modules (issue 13, item 1).
TEST(ForgetModulesTest, ACorrectedModuleIsImportedAgain) {
  std::string dir = *RealFileSystem().MakeTempDirectory("/tmp", "mse-forget-test");
  ASSERT_TRUE(RealFileSystem().CreateDirectories(JoinPath(dir, "forgetpkg"), FileMode::kNormal).ok());
  ASSERT_TRUE(RealFileSystem().WriteFile(JoinPath(dir, "forgetpkg/__init__.py"), "").ok());
  ASSERT_TRUE(RealFileSystem().WriteFile(JoinPath(dir, "forgetpkg/web.py"), "app = 1\n").ok());
  WsgiAppOptions options{dir, "forgetpkg.web:app", {"enclave.test", 7443, "https"}};
  auto first = WsgiHost::Load(testing::Runtime(), options);
  EXPECT_EQ(first.status().code(), StatusCode::kInvalidArgument);  // 1 is not callable
  ASSERT_TRUE(RealFileSystem().WriteFile(JoinPath(dir, "forgetpkg/web.py"),
                                         "def app(environ, start_response):\n"
                                         "    start_response('200 OK', [])\n"
                                         "    return [b'fresh']\n").ok());
  EXPECT_FALSE(WsgiHost::Load(testing::Runtime(), options).ok());  // still the cached module
  ForgetModulesUnder(dir + "/");
  auto second = WsgiHost::Load(testing::Runtime(), options);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  net::ServerRequest request;
  request.method = "GET";
  request.target = "/";
  EXPECT_EQ((*second)->Handle(request).body, "fresh");
  second->reset();
  ForgetModulesUnder(dir);
  (void)RealFileSystem().RemoveAll(dir);
}

}  // namespace
}  // namespace mse::enclave
