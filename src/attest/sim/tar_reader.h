// Sim-internal: streaming tar reading with libarchive over any byte source
// (a FileSystem file, or the data of an entry of an enclosing tar), and
// streaming file hashing. Used by the measurement builders.
#ifndef MSE_ATTEST_SIM_TAR_READER_H_
#define MSE_ATTEST_SIM_TAR_READER_H_

#include <functional>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "crypto/hash.h"

namespace mse::attest::sim {

// Reads up to buffer.size() bytes; 0 at the end.
using ByteSource = std::function<StatusOr<size_t>(MutableByteView buffer)>;

struct TarEntry {
  enum class Type { kFile, kDirectory, kSymlink, kHardlink, kOther };
  std::string path;  // as stored in the archive
  Type type = Type::kOther;
  std::string link_target;  // symlink or hard-link target as stored
};

// Calls `visit` for each entry; `data` reads the entry's content (the
// visitor may leave it unread). InvalidArgument "<what>: libarchive: ..."
// for a malformed archive; a visitor error stops and is returned.
using TarVisitor = std::function<Status(const TarEntry& entry, const ByteSource& data)>;
Status ForEachTarEntry(const ByteSource& source, const std::string& what, const TarVisitor& visit);

// A ByteSource over a file of `fs` (kept open by the returned function).
StatusOr<ByteSource> FileSource(FileSystem& fs, const std::string& path);

crypto::Sha256Digest HashSource(const ByteSource& source, Status* error);
StatusOr<crypto::Sha256Digest> HashFile(FileSystem& fs, const std::string& path);
// Reads at most `limit` bytes; InvalidArgument naming `what` when longer.
StatusOr<std::string> ReadSource(const ByteSource& source, size_t limit, const std::string& what);

// "/a/./b/../c" → "/a/c"; relative input is taken from "/". Never escapes "/".
std::string NormalizeAbsolute(std::string_view path);

}  // namespace mse::attest::sim

#endif  // MSE_ATTEST_SIM_TAR_READER_H_
