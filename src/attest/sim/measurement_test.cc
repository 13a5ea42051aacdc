#include "attest/sim/measurement.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include "base/fake_env.h"

namespace mse::attest::sim {
namespace {

struct Member {
  std::string path;
  std::string content;
  char type = 'f';  // 'f' file, 'd' directory, 'l' symlink, 'h' hard link
  std::string link;
};

// A tar archive built with libarchive (pax format), as docker save writes.
std::string Tar(const std::vector<Member>& members, bool gzip = false) {
  std::string out(8 << 20, '\0');
  size_t used = 0;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) archive_write_add_filter_gzip(a);
  archive_write_open_memory(a, out.data(), out.size(), &used);
  for (const Member& m : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.path.c_str());
    archive_entry_set_perm(e, 0644);
    if (m.type == 'd') archive_entry_set_filetype(e, AE_IFDIR);
    if (m.type == 'f') {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_size(e, static_cast<la_int64_t>(m.content.size()));
    }
    if (m.type == 'l') {
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_symlink(e, m.link.c_str());
    }
    if (m.type == 'h') {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_hardlink(e, m.link.c_str());
    }
    archive_write_header(a, e);
    if (m.type == 'f') archive_write_data(a, m.content.data(), m.content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  out.resize(used);
  return out;
}

crypto::Sha256Digest H(std::string_view s) { return crypto::Sha256(AsBytes(s)); }

constexpr char kTrusted[] = "# trusted files\n/usr/bin/python3\n/usr/lib/python3/os.py\n\n/opt/dir/b\n";

std::vector<Member> Layer1() {
  return {{"etc/", "", 'd'},
          {"etc/mse/trusted-paths", "/usr/bin/python3\n"},
          {"usr/bin/python3", "python v1"},
          {"usr/lib/python3/os.py", "import posix"},
          {"usr/lib/python3/gone.py", "x"},
          {"opt/dir/a", "a"}};
}

std::vector<Member> Layer2() {
  return {{"./etc/mse/trusted-paths", kTrusted},
          {"usr/bin/python3", "python v2"},
          {"usr/lib/python3/.wh.gone.py", ""},
          {"opt/dir/.wh..wh..opq", ""},
          {"opt/dir/b", "b"}};
}

// manifest.json last and layers stored out of order: the order must come
// from the manifest.
std::string Image(const std::vector<Member>& l1, const std::vector<Member>& l2) {
  return Tar(
      {{"bbb/layer.tar", Tar(l2)},
       {"aaa/layer.tar", Tar(l1)},
       {"aaa.json", "{}"},
       {"manifest.json",
        R"([{"Config":"aaa.json","RepoTags":["app:1"],"Layers":["aaa/layer.tar","bbb/layer.tar"]}])"}});
}

SpawnArgs Args() {
  return {"CN=app.example.com",
          "app.example.com",
          1735689600,
          4096,
          "2f0c7f4e-4b7a-4c43-9a57-7d1e0b6f3a21",
          "app:app"};
}

TEST(SimMeasurementTest, EncodingIsTheDocumentedByteLayout) {
  TrustedFileSet trusted = {{"/a", H("x")}};
  SpawnArgs args{"S", "N", std::nullopt, 2, "I", "m:v"};
  CodeFileSet code;
  std::string expected = "mse-sim-measurement-v2\ntrusted-files\n";
  expected += std::string("\0\0\0\0\0\0\0\x01", 8) + std::string("\0\0\0\0\0\0\0\x02", 8) + "/a";
  expected.append(reinterpret_cast<const char*>(H("x").data()), 32);
  expected += "enclave-size-mb\n" + std::string("\0\0\0\0\0\0\0\x02", 8);
  expected += "spawn-args\n" + std::string("\0\0\0\0\0\0\0\x01", 8) + "S" +
              std::string("\0\0\0\0\0\0\0\x01", 8) + "N" + std::string(1, '\0') +
              std::string("\0\0\0\0\0\0\0\x01", 8) + "I" + std::string("\0\0\0\0\0\0\0\x03", 8) + "m:v";
  expected += "tls-mode\n" + std::string("\0\0\0\0\0\0\0\x0b", 8) + "certificate";
  expected += "provider-key\n" + std::string(1, '\0');
  expected += "code-files\n" + std::string(8, '\0');
  EXPECT_EQ(EncodeSimMeasurement(trusted, args, code), expected);
  EXPECT_EQ(ComputeSimMrEnclave(trusted, args, code), H(expected));
}

TEST(SimMeasurementTest, TlsModeAndProviderKeyAreMeasured) {
  SpawnArgs args{"S", "N", 7, 2, "I", "m:v"};
  EXPECT_EQ(EffectiveTlsMode(args), "ratls");
  args.expiration_date.reset();
  EXPECT_EQ(EffectiveTlsMode(args), "certificate");
  args.tls_mode = kTlsModeNoSsl;
  EXPECT_EQ(EffectiveTlsMode(args), "no-ssl");
  args.provider_key = "ed25519:" + std::string(64, 'a');
  std::string encoded = EncodeSimMeasurement({}, args, {});
  std::string tail = "tls-mode\n" + std::string("\0\0\0\0\0\0\0\x06", 8) + "no-ssl" + "provider-key\n" +
                     std::string(1, '\x01') + std::string("\0\0\0\0\0\0\0\x48", 8) + *args.provider_key +
                     "code-files\n" + std::string(8, '\0');
  EXPECT_EQ(encoded.substr(encoded.size() - tail.size()), tail);
  const auto with_key = ComputeSimMrEnclave({}, args, {});
  args.provider_key = "ed25519:" + std::string(64, 'b');
  EXPECT_NE(with_key, ComputeSimMrEnclave({}, args, {}));
  args.provider_key.reset();
  EXPECT_NE(with_key, ComputeSimMrEnclave({}, args, {}));
  const auto no_ssl = ComputeSimMrEnclave({}, args, {});
  args.tls_mode.clear();  // derived: "certificate" (no expiration)
  EXPECT_NE(no_ssl, ComputeSimMrEnclave({}, args, {}));
}

TEST(SimMeasurementTest, EveryInputChangesTheValue) {
  const TrustedFileSet trusted = {{"/usr/bin/python3", H("py")}};
  const CodeFileSet code = {{"app.py", H("print")}};
  const auto base = ComputeSimMrEnclave(trusted, Args(), code);
  EXPECT_EQ(base, ComputeSimMrEnclave(trusted, Args(), code));
  CodeFileSet other_code = {{"app.py", H("print!")}};
  EXPECT_NE(base, ComputeSimMrEnclave(trusted, Args(), other_code));
  TrustedFileSet other_lib = {{"/usr/bin/python3", H("py2")}};
  EXPECT_NE(base, ComputeSimMrEnclave(other_lib, Args(), code));
  SpawnArgs a = Args();
  a.size = 2048;
  EXPECT_NE(base, ComputeSimMrEnclave(trusted, a, code));
  a = Args();
  a.expiration_date = std::nullopt;
  EXPECT_NE(base, ComputeSimMrEnclave(trusted, a, code));
  a = Args();
  a.application = "app:other";
  EXPECT_NE(base, ComputeSimMrEnclave(trusted, a, code));
  a = Args();
  a.subject = "CN=app.example.co";
  a.subject_alternative_name = "mapp.example.com";  // no ambiguity across fields
  EXPECT_NE(base, ComputeSimMrEnclave(trusted, a, code));
}

TEST(SimMeasurementTest, TrustedPathsManifestIsStrict) {
  auto ok = ParseTrustedPaths("# c\n/a\r\n\n/b/c\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, (std::vector<std::string>{"/a", "/b/c"}));
  auto bad = ParseTrustedPaths("/a\nrelative\n");
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseTrustedPaths("/a/../etc/shadow\n").ok());
}

TEST(SimMeasurementTest, ImageTarAndTreeBuildersAgree) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("/pkg", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/pkg/image.tar", Image(Layer1(), Layer2())).ok());
  auto from_image = TrustedFilesFromImageTar(fs, "/pkg/image.tar");
  ASSERT_TRUE(from_image.ok()) << from_image.status().message();
  // The same final tree, unpacked.
  ASSERT_TRUE(fs.CreateDirectories("/root/etc/mse", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.CreateDirectories("/root/usr/bin", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.CreateDirectories("/root/usr/lib/python3", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.CreateDirectories("/root/opt/dir", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/root/etc/mse/trusted-paths", std::string_view(kTrusted)).ok());
  ASSERT_TRUE(fs.WriteFile("/root/usr/bin/python3", std::string_view("python v2")).ok());
  ASSERT_TRUE(fs.WriteFile("/root/usr/lib/python3/os.py", std::string_view("import posix")).ok());
  ASSERT_TRUE(fs.WriteFile("/root/opt/dir/b", std::string_view("b")).ok());
  auto from_tree = TrustedFilesFromTree(fs, "/root");
  ASSERT_TRUE(from_tree.ok()) << from_tree.status().message();
  EXPECT_EQ(*from_image, *from_tree);
  ASSERT_EQ(from_image->size(), 3u);
  EXPECT_EQ(from_image->at("/usr/bin/python3"), H("python v2"));  // upper layer wins
}

TEST(SimMeasurementTest, CompressedLayersGiveTheSameSet) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/plain.tar", Image(Layer1(), Layer2())).ok());
  const std::string manifest = R"([{"Layers":["blobs/sha256/11","blobs/sha256/22"]}])";
  ASSERT_TRUE(fs.WriteFile("/oci.tar", Tar({{"manifest.json", manifest},
                                            {"blobs/sha256/22", Tar(Layer2(), true)},
                                            {"blobs/sha256/11", Tar(Layer1(), true)}}))
                  .ok());
  auto plain = TrustedFilesFromImageTar(fs, "/plain.tar");
  auto oci = TrustedFilesFromImageTar(fs, "/oci.tar");
  ASSERT_TRUE(plain.ok() && oci.ok()) << oci.status().message();
  EXPECT_EQ(*plain, *oci);
}

TEST(SimMeasurementTest, WhiteoutRemovesAFileFromTheImage) {
  std::vector<Member> l2 = Layer2();
  l2[0].content = std::string(kTrusted) + "/usr/lib/python3/gone.py\n";
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/image.tar", Image(Layer1(), l2)).ok());
  auto set = TrustedFilesFromImageTar(fs, "/image.tar");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("/usr/lib/python3/gone.py"), std::string::npos);
  // Without the whiteout the file is there.
  l2.erase(l2.begin() + 2);
  ASSERT_TRUE(fs.WriteFile("/image.tar", Image(Layer1(), l2)).ok());
  set = TrustedFilesFromImageTar(fs, "/image.tar");
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->at("/usr/lib/python3/gone.py"), H("x"));
}

TEST(SimMeasurementTest, OpaqueDirectoryHidesLowerLayerContent) {
  std::vector<Member> l2 = Layer2();
  l2[0].content = std::string(kTrusted) + "/opt/dir/a\n";
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/image.tar", Image(Layer1(), l2)).ok());
  auto set = TrustedFilesFromImageTar(fs, "/image.tar");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("/opt/dir/a"), std::string::npos);
}

TEST(SimMeasurementTest, SymlinksAndHardLinksAreFollowed) {
  std::vector<Member> l2 = Layer2();
  l2[0].content = std::string(kTrusted) + "/lib/libc.so\n/usr/bin/py\n";
  l2.push_back({"usr/lib/libc.so", "libc"});
  l2.push_back({"lib", "", 'l', "usr/lib"});  // merged /usr, as in Debian
  l2.push_back({"usr/bin/py", "", 'h', "usr/lib/libc.so"});
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/image.tar", Image(Layer1(), l2)).ok());
  auto set = TrustedFilesFromImageTar(fs, "/image.tar");
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->at("/lib/libc.so"), H("libc"));
  EXPECT_EQ(set->at("/usr/bin/py"), H("libc"));
}

TEST(SimMeasurementTest, BrokenImagesAreReportedClearly) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/no-manifest.tar", Tar({{"x", "y"}})).ok());
  EXPECT_NE(TrustedFilesFromImageTar(fs, "/no-manifest.tar").status().message().find("no manifest.json"),
            std::string::npos);
  ASSERT_TRUE(
      fs.WriteFile("/missing-layer.tar", Tar({{"manifest.json", R"([{"Layers":["zzz/layer.tar"]}])"}})).ok());
  EXPECT_NE(TrustedFilesFromImageTar(fs, "/missing-layer.tar").status().message().find("zzz"),
            std::string::npos);
  ASSERT_TRUE(fs.WriteFile("/garbage.tar", std::string_view("not a tar at all")).ok());
  EXPECT_FALSE(TrustedFilesFromImageTar(fs, "/garbage.tar").ok());
  ASSERT_TRUE(fs.WriteFile("/plain.tar", Image({{"usr/bin/x", "x"}}, {{"usr/bin/y", "y"}})).ok());
  EXPECT_EQ(TrustedFilesFromImageTar(fs, "/plain.tar").status().code(), StatusCode::kFailedPrecondition);
}

TEST(SimMeasurementTest, CodeFilesFromTarMatchTheDirectory) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/app.tar", Tar({{"./", "", 'd'},
                                            {"./app.py", "print(1)"},
                                            {"./templates/", "", 'd'},
                                            {"./templates/i.html", "<p>"}}))
                  .ok());
  auto from_tar = CodeFilesFromTar(fs, "/app.tar");
  ASSERT_TRUE(from_tar.ok()) << from_tar.status().message();
  ASSERT_TRUE(fs.CreateDirectories("/app/templates", FileMode::kNormal).ok());
  ASSERT_TRUE(fs.WriteFile("/app/app.py", std::string_view("print(1)")).ok());
  ASSERT_TRUE(fs.WriteFile("/app/templates/i.html", std::string_view("<p>")).ok());
  auto from_dir = CodeFilesFromDirectory(fs, "/app");
  ASSERT_TRUE(from_dir.ok()) << from_dir.status().message();
  EXPECT_EQ(*from_tar, *from_dir);
  EXPECT_EQ(from_tar->size(), 2u);
  EXPECT_EQ(from_tar->at("templates/i.html"), H("<p>"));
}

}  // namespace
}  // namespace mse::attest::sim
