#include "format/tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "format/package.h"

namespace mse::format {
namespace {

namespace fs = std::filesystem;
using testing::ElementsAre;
using testing::HasSubstr;

struct Member {
  std::string name;
  mode_t type = AE_IFREG;
  std::string data;
  std::string link;  // symlink target or hard-link source
};

// Writes a tar with libarchive, exactly as listed (malicious ones included).
void MakeTar(const std::string& path, const std::vector<Member>& members, bool gzip = false) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) archive_write_add_filter_gzip(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  for (const auto& m : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_filetype(e, m.type);
    archive_entry_set_perm(e, 0644);
    if (m.type == AE_IFLNK) archive_entry_set_symlink(e, m.link.c_str());
    if (m.type == AE_IFREG && !m.link.empty()) archive_entry_set_hardlink(e, m.link.c_str());
    if (m.type == AE_IFCHR) archive_entry_set_rdev(e, makedev(1, 3));
    archive_entry_set_size(e, m.type == AE_IFREG && m.link.empty() ? m.data.size() : 0);
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (!m.data.empty()) archive_write_data(a, m.data.data(), m.data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

// Member names and contents of a tar, in order.
std::vector<std::pair<std::string, std::string>> ReadTar(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  EXPECT_EQ(archive_read_open_filename(a, path.c_str(), 10240), ARCHIVE_OK);
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string data(static_cast<size_t>(archive_entry_size(e)), '\0');
    if (!data.empty()) archive_read_data(a, data.data(), data.size());
    out.emplace_back(archive_entry_pathname(e), data);
  }
  archive_read_free(a);
  return out;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

class TarTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "mse-tar-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string P(const std::string& rel) const { return (dir_ / rel).string(); }
  bool IsEmptyOrAbsent(const std::string& rel) const {
    return !fs::exists(dir_ / rel) || fs::is_empty(dir_ / rel);
  }
  fs::path dir_;
};

TEST_F(TarTest, BuildsSortedTarSkippingHiddenAndExcluded) {
  WriteAll(P("src/b.py"), "b");
  WriteAll(P("src/a-b.py"), "ab");
  WriteAll(P("src/a/z.py"), "z");
  WriteAll(P("src/.hidden"), "h");
  WriteAll(P("src/.git/config"), "g");
  WriteAll(P("src/pkg/.env"), "e");
  WriteAll(P("src/pkg/__pycache__/m.pyc"), "c");
  WriteAll(P("src/pkg/mod.py"), "m");
  fs::create_directories(P("src/empty"));
  fs::create_symlink("b.py", P("src/link.py"));
  ASSERT_TRUE(BuildDirectoryTar(P("src"), P("out.tar"), IsTestsTarExcluded).ok());
  EXPECT_THAT(ReadTar(P("out.tar")), ElementsAre(std::pair<std::string, std::string>{"a/z.py", "z"},
                                                 std::pair<std::string, std::string>{"a-b.py", "ab"},
                                                 std::pair<std::string, std::string>{"b.py", "b"},
                                                 std::pair<std::string, std::string>{"pkg/mod.py", "m"}));
  EXPECT_FALSE(fs::exists(P("out.tar.tmp")));
}

TEST_F(TarTest, BuildWithoutExclusionKeepsPycache) {
  WriteAll(P("src/__pycache__/m.pyc"), "c");
  ASSERT_TRUE(BuildDirectoryTar(P("src"), P("out.tar")).ok());
  EXPECT_EQ(ReadTar(P("out.tar")).size(), 1u);
}

TEST_F(TarTest, BuildFailsOnMissingDirectory) {
  Status s = BuildDirectoryTar(P("nope"), P("out.tar"));
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(P("out.tar")));
}

TEST_F(TarTest, ExtractsPlainAndCompressedTars) {
  for (bool gzip : {false, true}) {
    std::string tar = P(gzip ? "in.tar.gz" : "in.tar");
    MakeTar(
        tar,
        {{"./dir", AE_IFDIR, "", ""}, {"./dir/a.txt", AE_IFREG, "hello", ""}, {"b.txt", AE_IFREG, "", ""}},
        gzip);
    std::string dest = gzip ? "gz" : "plain";
    auto names = ExtractTarSafely(tar, P(dest));
    ASSERT_TRUE(names.ok()) << names.status().ToString();
    EXPECT_THAT(*names, ElementsAre("./dir/", "./dir/a.txt", "b.txt"));
    EXPECT_EQ(ReadAll(P(dest + "/dir/a.txt")), "hello");
    EXPECT_TRUE(fs::is_regular_file(P(dest + "/b.txt")));
    // Only the members: the temporary directory is gone.
    EXPECT_EQ(std::distance(fs::directory_iterator(P(dest)), fs::directory_iterator()), 2);
  }
}

struct MaliciousCase {
  std::string label;
  std::vector<Member> members;
  std::string message;
};

class MaliciousTarTest : public TarTest, public testing::WithParamInterface<MaliciousCase> {};

TEST_P(MaliciousTarTest, RejectedBeforeWritingAnything) {
  MakeTar(P("package.tar"), GetParam().members);
  ExtractLimits limits;
  limits.max_member_size = 1000;
  auto r = ExtractTarSafely(P("package.tar"), P("dest"), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), P("package.tar") + ": " + GetParam().message);
  EXPECT_FALSE(fs::exists(P("dest")));
  EXPECT_FALSE(fs::exists(P("x")));
}

TEST_P(MaliciousTarTest, RejectedInMemoryToo) {
  MakeTar(P("upload.tar"), GetParam().members);
  ExtractLimits limits;
  limits.max_member_size = 1000;
  auto r = ValidateTarInMemory(ReadAll(P("upload.tar")), "upload", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "upload: " + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Members, MaliciousTarTest,
    testing::Values(
        MaliciousCase{"dotdot",
                      {{"ok", AE_IFREG, "1", ""}, {"../x", AE_IFREG, "x", ""}},
                      "member '../x' escapes the destination directory"},
        MaliciousCase{"inner_dotdot",
                      {{"a/../../x", AE_IFREG, "x", ""}},
                      "member 'a/../../x' escapes the destination directory"},
        MaliciousCase{"absolute", {{"/etc/x", AE_IFREG, "x", ""}}, "member '/etc/x' has an absolute path"},
        MaliciousCase{"symlink_then_write",
                      {{"link", AE_IFLNK, "", "/etc"}, {"link/x", AE_IFREG, "x", ""}},
                      "member 'link' is a symbolic link"},
        MaliciousCase{"hardlink",
                      {{"a", AE_IFREG, "1", ""}, {"b", AE_IFREG, "", "/etc/passwd"}},
                      "member 'b' is a hard link"},
        MaliciousCase{"device", {{"null", AE_IFCHR, "", ""}}, "member 'null' is a device, FIFO or socket"},
        MaliciousCase{"fifo", {{"pipe", AE_IFIFO, "", ""}}, "member 'pipe' is a device, FIFO or socket"},
        MaliciousCase{"too_large",
                      {{"big", AE_IFREG, std::string(1001, 'a'), ""}},
                      "member 'big' is 1001 bytes, over the limit of 1000"}),
    [](const auto& info) { return info.param.label; });

TEST_F(TarTest, InMemoryValidationAcceptsPlainTarsOnly) {
  MakeTar(P("ok.tar"), {{"app.py.enc", AE_IFREG, "x", ""}, {"pkg/mod.py.enc", AE_IFREG, "y", ""}});
  auto names = ValidateTarInMemory(ReadAll(P("ok.tar")), "upload");
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_THAT(*names, ElementsAre("app.py.enc", "pkg/mod.py.enc"));
  MakeTar(P("gz.tar"), {{"a", AE_IFREG, "x", ""}}, /*gzip=*/true);
  EXPECT_FALSE(ValidateTarInMemory(ReadAll(P("gz.tar")), "upload").ok());
  EXPECT_FALSE(ValidateTarInMemory(std::string(700, 'z'), "upload").ok());
  EXPECT_FALSE(ValidateTarInMemory("", "upload").ok());
}

TEST_F(TarTest, RejectsGarbageAndRefusesToOverwrite) {
  WriteAll(P("garbage.tar"), std::string(700, 'z'));
  auto r = ExtractTarSafely(P("garbage.tar"), P("dest"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("libarchive"));
  EXPECT_FALSE(fs::exists(P("dest")));

  MakeTar(P("in.tar"), {{"new", AE_IFREG, "n", ""}, {"a.txt", AE_IFREG, "new", ""}});
  WriteAll(P("dest/a.txt"), "old");
  r = ExtractTarSafely(P("in.tar"), P("dest"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadAll(P("dest/a.txt")), "old");
  EXPECT_FALSE(fs::exists(P("dest/new")));
  EXPECT_EQ(std::distance(fs::directory_iterator(P("dest")), fs::directory_iterator()), 1);
}

TEST_F(TarTest, DestinationThroughSymlinkIsFine) {
  fs::create_directories(P("real"));
  fs::create_directory_symlink("real", P("link"));
  MakeTar(P("in.tar"), {{"a", AE_IFREG, "hi", ""}});
  auto r = ExtractTarSafely(P("in.tar"), P("link/out"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(ReadAll(P("real/out/a")), "hi");
}

TEST_F(TarTest, TotalLimit) {
  MakeTar(P("in.tar"), {{"a", AE_IFREG, "12345", ""}, {"b", AE_IFREG, "12345", ""}});
  ExtractLimits limits;
  limits.max_total_size = 9;
  auto r = ExtractTarSafely(P("in.tar"), P("dest"), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_TRUE(IsEmptyOrAbsent("dest"));
}

TEST_F(TarTest, PackageRoundTrip) {
  WriteAll(P("tests/test_app.py"), "def test(): pass\n");
  WriteAll(P("work/app.tar"), "APP");
  ASSERT_TRUE(BuildDirectoryTar(P("tests"), P("work/tests.tar"), IsTestsTarExcluded).ok());
  WriteAll(P("work/image.tar"), std::string(300000, 'i'));
  WriteAll(P("work/mse.toml"), "name = \"x\"\n");
  std::string package = P(PackageFileName("x", 1700000000123456789));
  EXPECT_EQ(fs::path(package).filename(), "package_x_1700000000123456789.tar");
  EXPECT_EQ(PackageKeyFileName("x", 5), "package_x_5.key");
  ASSERT_TRUE(
      WritePackage({P("work/app.tar"), P("work/image.tar"), P("work/tests.tar"), P("work/mse.toml")}, package)
          .ok());
  auto members = ReadTar(package);
  ASSERT_EQ(members.size(), 4u);
  EXPECT_EQ(members[0].first, "app.tar");
  EXPECT_EQ(members[1].first, "image.tar");
  EXPECT_EQ(members[1].second.size(), 300000u);
  EXPECT_EQ(members[2].first, "tests.tar");
  EXPECT_EQ(members[3].first, "mse.toml");

  auto extracted = ExtractPackage(package, P("out"));
  ASSERT_TRUE(extracted.ok()) << extracted.status().ToString();
  EXPECT_EQ(ReadAll(extracted->files.mse_toml), "name = \"x\"\n");
  EXPECT_EQ(ReadAll(extracted->files.app_tar), "APP");
  EXPECT_EQ(ReadAll(fs::path(extracted->tests_dir) / "test_app.py"), "def test(): pass\n");
}

TEST_F(TarTest, PackageMissingMember) {
  MakeTar(P("p.tar"), {{"app.tar", AE_IFREG, "a", ""}, {"tests.tar", AE_IFREG, "t", ""}});
  auto r = ExtractPackage(P("p.tar"), P("out"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), P("p.tar") + ": 'image.tar' was not found in the MSE package");
}

// Package limits (issue 13): a tar through one libarchive write filter.
void MakeFilteredTar(const std::string& path, int filter, const std::string& name, const std::string& data) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  ASSERT_EQ(archive_write_add_filter(a, filter), ARCHIVE_OK) << archive_error_string(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, name.c_str());
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
}

TEST_F(TarTest, CompressionBombIsStoppedWhileRead) {
  MakeFilteredTar(P("bomb.tar.gz"), ARCHIVE_FILTER_GZIP, "zeros", std::string(8 << 20, '\0'));
  ExtractLimits limits;
  limits.ratio_floor_bytes = 1 << 20;
  limits.max_compression_ratio = 50;
  auto r = ExtractTarSafely(P("bomb.tar.gz"), P("dest"), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_THAT(r.status().message(), HasSubstr("refused as a compression bomb"));
  EXPECT_FALSE(fs::exists(P("dest")));
  // The same archive within the default ratio extracts.
  ASSERT_TRUE(ExtractTarSafely(P("bomb.tar.gz"), P("ok")).ok());
}

TEST_F(TarTest, OnlyGzipBzip2AndXzAreAccepted) {
  for (int filter : {ARCHIVE_FILTER_GZIP, ARCHIVE_FILTER_BZIP2, ARCHIVE_FILTER_XZ}) {
    std::string tar = P("f" + std::to_string(filter) + ".tar");
    MakeFilteredTar(tar, filter, "a", "x");
    EXPECT_TRUE(ExtractTarSafely(tar, P("d" + std::to_string(filter))).ok()) << filter;
    // Source trees are written uncompressed: their limits refuse any filter.
    EXPECT_FALSE(ExtractTarSafely(tar, P("c" + std::to_string(filter)), CodeTreeExtractLimits()).ok());
  }
  MakeFilteredTar(P("z.tar.Z"), ARCHIVE_FILTER_COMPRESS, "a", "x");
  auto r = ExtractTarSafely(P("z.tar.Z"), P("z"));
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(fs::exists(P("z/a")));
}

TEST_F(TarTest, DefaultsAreSizedForPackagesAndCodeTrees) {
  ExtractLimits package;
  EXPECT_EQ(package.max_members, 64u);
  EXPECT_EQ(package.max_member_size, uint64_t{8} << 30);
  ExtractLimits code = CodeTreeExtractLimits();
  EXPECT_EQ(code.max_member_size, uint64_t{256} << 20);
  EXPECT_FALSE(code.allow_compression);
  std::vector<Member> many;
  for (int i = 0; i < 65; ++i) many.push_back({"m" + std::to_string(i), AE_IFREG, "x", ""});
  MakeTar(P("many.tar"), many);
  auto r = ExtractTarSafely(P("many.tar"), P("many"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("64 members"));
  EXPECT_TRUE(ExtractTarSafely(P("many.tar"), P("many2"), CodeTreeExtractLimits()).ok());
}

}  // namespace
}  // namespace mse::format
