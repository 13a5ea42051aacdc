#include "docker/engine.h"

#include <deque>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/fake_env.h"

namespace mse::docker {
namespace {

// Replays canned responses and records the requests it saw.
class FakeTransport : public Transport {
 public:
  struct Canned {
    long status;
    std::string body;
  };
  explicit FakeTransport(std::deque<Canned> canned) : canned_(std::move(canned)) {}
  StatusOr<Response> Send(const Request& request, const ChunkSink& sink) override {
    requests.push_back(request);
    if (request.body_stream != nullptr) {
      uint8_t buffer[256];
      while (true) {
        auto n = request.body_stream->Read(buffer);
        if (!n.ok() || *n == 0) break;
        uploaded.append(reinterpret_cast<char*>(buffer), *n);
      }
    }
    Canned c = canned_.front();
    canned_.pop_front();
    if (sink && c.status >= 200 && c.status < 300) {
      // Deliver in two pieces to exercise the stream decoders' buffering.
      size_t half = c.body.size() / 2;
      MSE_RETURN_IF_ERROR(sink(std::string_view(c.body).substr(0, half)));
      MSE_RETURN_IF_ERROR(sink(std::string_view(c.body).substr(half)));
      return Response{c.status, ""};
    }
    return Response{c.status, c.body};
  }
  std::string Endpoint() const override { return "fake://"; }

  std::vector<Request> requests;
  std::string uploaded;

 private:
  std::deque<Canned> canned_;
};

struct Harness {
  explicit Harness(std::deque<FakeTransport::Canned> canned) {
    auto t = std::make_unique<FakeTransport>(std::move(canned));
    transport = t.get();
    engine = std::make_unique<Engine>(std::move(t));
  }
  FakeTransport* transport;
  std::unique_ptr<Engine> engine;
};

TEST(EngineTest, InspectImageGivesIdAndTags) {
  Harness h({{200, R"({"Id":"sha256:0123","RepoTags":["mse-base:0.1.0","x:1"],"Size":42})"},
             {404, R"({"message":"No such image: nope:1"})"}});
  auto info = h.engine->InspectImage("mse-base:0.1.0");
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->id, "sha256:0123");
  EXPECT_EQ(info->repo_tags, (std::vector<std::string>{"mse-base:0.1.0", "x:1"}));
  EXPECT_EQ(info->size, 42);
  EXPECT_EQ(h.transport->requests.at(0).target, "/images/mse-base%3A0.1.0/json");
  auto missing = h.engine->InspectImage("nope:1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(EngineTest, CreateContainerSendsTheFullSpec) {
  Harness h({{201, R"({"Id":"abc123","Warnings":[]})"}});
  ContainerSpec spec;
  spec.name = "app name";
  spec.image = "example:1";
  spec.entrypoint = {"mse-run"};
  spec.cmd = {"--size", "4096M"};
  spec.labels = {{"mse-home", "1"}};
  spec.mounts = {{"/work/pkg", "/opt/input", false}};
  spec.devices = {"/dev/sgx_enclave"};
  spec.network_mode = "host";
  spec.ports = {{"443/tcp", "127.0.0.1", "7777"}};
  auto id = h.engine->CreateContainer(spec);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(*id, "abc123");
  const Request& r = h.transport->requests.at(0);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/containers/create?name=app%20name");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["Entrypoint"][0], "mse-run");
  EXPECT_EQ(body["Cmd"][1], "4096M");
  EXPECT_EQ(body["Labels"]["mse-home"], "1");
  EXPECT_EQ(body["HostConfig"]["Binds"][0], "/work/pkg:/opt/input");
  EXPECT_EQ(body["HostConfig"]["NetworkMode"], "host");
  EXPECT_EQ(body["HostConfig"]["Devices"][0]["PathOnHost"], "/dev/sgx_enclave");
  EXPECT_EQ(body["HostConfig"]["PortBindings"]["443/tcp"][0]["HostPort"], "7777");
}

TEST(EngineTest, NameConflictIsAlreadyExistsWithEngineMessage) {
  Harness h({{409, R"({"message":"Conflict. The container name \"/x\" is already in use"})"}});
  auto id = h.engine->CreateContainer(ContainerSpec{.name = "x", .image = "i"});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(id.status().message().find("already in use"), std::string::npos);
  EXPECT_NE(id.status().message().find("HTTP 409"), std::string::npos);
}

TEST(EngineTest, InspectParsesWhatLaterCommandsNeed) {
  Harness h({{200, R"({"Id":"c1","Name":"/app","Config":{"Image":"example:1","Cmd":["--size","4096M","--san","localhost"],
     "Labels":{"mse-home":"1","healthcheck_endpoint":"/health"}},
     "State":{"Status":"running","Running":true,"ExitCode":0,"StartedAt":"2026-01-01T00:00:00Z"},
     "Mounts":[{"Source":"/w/pkg","Destination":"/opt/input","RW":true}],
     "HostConfig":{"NetworkMode":"host","PortBindings":{"443/tcp":[{"HostIp":"0.0.0.0","HostPort":"7777"}]}}})"}});
  auto info = h.engine->InspectContainer("app");
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->name, "app");
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->cmd.size(), 4u);
  EXPECT_EQ(info->labels.at("healthcheck_endpoint"), "/health");
  ASSERT_EQ(info->mounts.size(), 1u);
  EXPECT_EQ(info->mounts[0].destination, "/opt/input");
  ASSERT_EQ(info->ports.size(), 1u);
  EXPECT_EQ(info->ports[0].host_port, "7777");
  EXPECT_EQ(info->network_mode, "host");
}

TEST(EngineTest, InspectUnknownIsNotFound) {
  Harness h({{404, R"({"message":"No such container: nope"})"}});
  auto info = h.engine->InspectContainer("nope");
  EXPECT_EQ(info.status().code(), StatusCode::kNotFound);
  EXPECT_NE(info.status().message().find("no container named 'nope'"), std::string::npos);
}

TEST(EngineTest, BuildStreamsContextAndReportsBuilderErrors) {
  Harness h({{200, "{\"stream\":\"Step 1/2 : FROM x\\n\"}\r\n{\"errorDetail\":{\"message\":\"boom\"},"
                   "\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}\r\n"}});
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/ctx.tar", "TARBYTES").ok());
  auto file = fs.OpenForRead("/ctx.tar");
  std::vector<std::string> lines;
  Status s = h.engine->BuildImage(**file, 8, "example:1", "Dockerfile",
                                  [&](const std::string& l) { lines.push_back(l); });
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("non-zero code"), std::string::npos);
  EXPECT_EQ(h.transport->uploaded, "TARBYTES");
  EXPECT_NE(h.transport->requests[0].target.find("t=example%3A1"), std::string::npos);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "Step 1/2 : FROM x");
}

TEST(EngineTest, LoadReturnsLoadedTags) {
  Harness h({{200, "{\"stream\":\"Loaded image: example:1683\\n\"}\n"}});
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/image.tar", "IMG").ok());
  auto file = fs.OpenForRead("/image.tar");
  auto tags = h.engine->LoadImage(**file, 3, nullptr);
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  EXPECT_EQ(*tags, std::vector<std::string>{"example:1683"});
}

TEST(EngineTest, ListFiltersByLabel) {
  Harness h({{200, R"([{"Id":"1","Names":["/a"],"Image":"i","State":"exited","Labels":{"mse-home":"1"}}])"}});
  auto list = h.engine->ListContainers("mse-home");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "a");
  EXPECT_FALSE((*list)[0].running);
  EXPECT_NE(h.transport->requests[0].target.find("filters="), std::string::npos);
}

TEST(LogDemuxerTest, SplitsFramesAcrossChunks) {
  std::string out;
  LogDemuxer demux([&](std::string_view s) {
    out.append(s);
    return Status::Ok();
  });
  std::string frames = std::string("\x01\0\0\0\0\0\0\x05", 8) + "hello" + std::string("\x02\0\0\0\0\0\0\x03", 8) + "err";
  ASSERT_TRUE(demux.Feed(frames.substr(0, 6)).ok());
  ASSERT_TRUE(demux.Feed(frames.substr(6, 9)).ok());
  ASSERT_TRUE(demux.Feed(frames.substr(15)).ok());
  EXPECT_EQ(out, "helloerr");
}

TEST(TransportTest, DockerHostParsing) {
  EXPECT_EQ(*SocketPathFromDockerHost(nullptr), "/var/run/docker.sock");
  EXPECT_EQ(*SocketPathFromDockerHost("unix:///tmp/d.sock"), "/tmp/d.sock");
  EXPECT_FALSE(SocketPathFromDockerHost("tcp://10.0.0.1:2375").ok());
}

TEST(TransportTest, UnreachableEngineSaysSo) {
  Engine engine(NewUnixSocketTransport("/nonexistent/docker.sock"));
  Status s = engine.Ping();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("cannot reach the Docker engine at unix:///nonexistent/docker.sock: is dockerd running?"),
            std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace mse::docker
