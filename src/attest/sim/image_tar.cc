// TrustedFilesFromImageTar and CodeFilesFromTar (docs/measurement.md §3-§4):
// the union filesystem of a `docker save` archive rebuilt in memory as
// path → (digest | link target), then the trusted paths selected from it.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "attest/sim/measurement.h"
#include "attest/sim/tar_reader.h"

namespace mse::attest::sim {
namespace {

constexpr size_t kMaxSmallFile = 1 << 20;  // manifest.json, trusted-paths
constexpr char kWhiteoutPrefix[] = ".wh.";
constexpr char kOpaqueMarker[] = ".wh..wh..opq";

struct Node {
  bool symlink = false;
  crypto::Sha256Digest digest{};
  std::string target;   // symlink target as stored
  std::string content;  // kept for the trusted-paths manifest only
};

using Tree = std::map<std::string, Node>;

// One layer's changes: deletions apply to the layers below, then additions.
struct LayerDelta {
  std::vector<std::string> opaque_dirs;
  std::vector<std::string> whiteouts;
  std::vector<std::pair<std::string, Node>> adds;
  std::vector<std::string> dirs;
};

void EraseSubtree(Tree& tree, const std::string& path, bool keep_self) {
  if (!keep_self) tree.erase(path);
  const std::string prefix = path == "/" ? "/" : path + "/";
  for (auto it = tree.lower_bound(prefix); it != tree.end() && it->first.starts_with(prefix);) {
    it = tree.erase(it);
  }
}

void Apply(const LayerDelta& d, Tree& tree) {
  for (const std::string& dir : d.opaque_dirs) EraseSubtree(tree, dir, /*keep_self=*/true);
  for (const std::string& path : d.whiteouts) EraseSubtree(tree, path, false);
  for (const std::string& dir : d.dirs) tree.erase(dir);  // a directory replaces a file
  for (const auto& [path, node] : d.adds) {
    EraseSubtree(tree, path, false);
    tree[path] = node;
  }
}

StatusOr<LayerDelta> ReadLayer(const ByteSource& source, const std::string& name) {
  LayerDelta d;
  std::map<std::string, size_t> added;  // path → index in d.adds, for hard links
  Status st =
      ForEachTarEntry(source, "layer " + name, [&](const TarEntry& e, const ByteSource& data) -> Status {
        const std::string path = NormalizeAbsolute(e.path);
        const size_t slash = path.rfind('/');
        const std::string dir = slash == 0 ? "/" : path.substr(0, slash);
        const std::string base = path.substr(slash + 1);
        if (base == kOpaqueMarker) {
          d.opaque_dirs.push_back(dir);
        } else if (base.starts_with(kWhiteoutPrefix)) {
          d.whiteouts.push_back(NormalizeAbsolute(dir + "/" + base.substr(4)));
        } else if (e.type == TarEntry::Type::kDirectory) {
          d.dirs.push_back(path);
        } else if (e.type == TarEntry::Type::kSymlink) {
          d.adds.push_back({path, Node{true, {}, e.link_target, {}}});
        } else if (e.type == TarEntry::Type::kHardlink) {
          auto it = added.find(NormalizeAbsolute(e.link_target));
          if (it == added.end()) {
            return InvalidArgumentError("layer " + name + ": hard link " + path + " to " + e.link_target +
                                        ", which the layer does not contain");
          }
          d.adds.push_back({path, d.adds[it->second].second});
        } else if (e.type == TarEntry::Type::kFile) {
          Node node;
          if (path == kTrustedPathsFile) {
            MSE_ASSIGN_OR_RETURN(node.content, ReadSource(data, kMaxSmallFile, path));
            node.digest = crypto::Sha256(AsBytes(node.content));
          } else {
            Status error;
            node.digest = HashSource(data, &error);
            MSE_RETURN_IF_ERROR(error);
          }
          added[path] = d.adds.size();
          d.adds.push_back({path, std::move(node)});
        }
        return Status::Ok();
      });
  if (!st.ok()) return st;
  return d;
}

// Follows symbolic links in every component (as open(2) does), at most 40.
StatusOr<const Node*> Resolve(const Tree& tree, const std::string& path) {
  std::string current = NormalizeAbsolute(path);
  for (int hops = 0; hops < 40; ++hops) {
    bool substituted = false;
    for (size_t end = 1; end <= current.size(); ++end) {
      if (end != current.size() && current[end] != '/') continue;
      auto it = tree.find(current.substr(0, end));
      if (it == tree.end() || !it->second.symlink) continue;
      const std::string prefix = current.substr(0, end);
      const std::string parent = prefix.substr(0, prefix.rfind('/'));
      const std::string& t = it->second.target;
      current = NormalizeAbsolute((t.starts_with("/") ? t : parent + "/" + t) + current.substr(end));
      substituted = true;
      break;
    }
    if (!substituted) {
      auto it = tree.find(current);
      if (it == tree.end()) return NotFoundError(path);
      return &it->second;
    }
  }
  return FailedPreconditionError("too many levels of symbolic links at " + path);
}

StatusOr<std::vector<std::string>> ReadManifestLayers(FileSystem& fs, const std::string& tar) {
  MSE_ASSIGN_OR_RETURN(ByteSource source, FileSource(fs, tar));
  std::optional<std::string> manifest;
  MSE_RETURN_IF_ERROR(ForEachTarEntry(source, tar, [&](const TarEntry& e, const ByteSource& data) {
    if (NormalizeAbsolute(e.path) != "/manifest.json") return Status::Ok();
    auto text = ReadSource(data, kMaxSmallFile, tar + ": manifest.json");
    if (!text.ok()) return text.status();
    manifest = *std::move(text);
    return Status::Ok();
  }));
  if (!manifest) {
    return FailedPreconditionError(tar + " has no manifest.json: not a `docker save` archive");
  }
  auto json = nlohmann::json::parse(*manifest, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array() || json.empty() || !json[0].is_object() || !json[0].contains("Layers") ||
      !json[0]["Layers"].is_array()) {
    return InvalidArgumentError(tar + ": manifest.json is not an array of images with \"Layers\"");
  }
  std::vector<std::string> layers;
  for (const auto& layer : json[0]["Layers"]) {
    if (!layer.is_string()) return InvalidArgumentError(tar + ": a layer name is not a string");
    layers.push_back(NormalizeAbsolute(layer.get<std::string>()));
  }
  return layers;
}

}  // namespace

StatusOr<TrustedFileSet> TrustedFilesFromImageTar(FileSystem& fs, const std::string& image_tar) {
  MSE_ASSIGN_OR_RETURN(std::vector<std::string> layers, ReadManifestLayers(fs, image_tar));
  const std::set<std::string> wanted(layers.begin(), layers.end());
  std::map<std::string, LayerDelta> deltas;
  MSE_ASSIGN_OR_RETURN(ByteSource source, FileSource(fs, image_tar));
  MSE_RETURN_IF_ERROR(
      ForEachTarEntry(source, image_tar, [&](const TarEntry& e, const ByteSource& data) -> Status {
        const std::string name = NormalizeAbsolute(e.path);
        if (e.type != TarEntry::Type::kFile || !wanted.count(name) || deltas.count(name)) {
          return Status::Ok();
        }
        MSE_ASSIGN_OR_RETURN(deltas[name], ReadLayer(data, image_tar + ":" + name.substr(1)));
        return Status::Ok();
      }));
  Tree tree;
  for (const std::string& layer : layers) {
    auto it = deltas.find(layer);
    if (it == deltas.end()) {
      return InvalidArgumentError(image_tar + ": manifest.json lists layer " + layer.substr(1) +
                                  ", which the archive does not contain");
    }
    Apply(it->second, tree);
  }
  auto manifest = Resolve(tree, kTrustedPathsFile);
  if (!manifest.ok()) {
    return FailedPreconditionError("the image in " + image_tar + " has no " + kTrustedPathsFile +
                                   ": it is not an MSE base image");
  }
  MSE_ASSIGN_OR_RETURN(std::vector<std::string> paths, ParseTrustedPaths((*manifest)->content));
  TrustedFileSet set;
  for (const std::string& path : paths) {
    auto node = Resolve(tree, path);
    if (!node.ok()) {
      return FailedPreconditionError("trusted path " + path + " listed in " + kTrustedPathsFile +
                                     " is missing from the image (or is not a file)");
    }
    set[path] = (*node)->digest;
  }
  return set;
}

StatusOr<CodeFileSet> CodeFilesFromTar(FileSystem& fs, const std::string& app_tar) {
  MSE_ASSIGN_OR_RETURN(ByteSource source, FileSource(fs, app_tar));
  CodeFileSet set;
  MSE_RETURN_IF_ERROR(
      ForEachTarEntry(source, app_tar, [&](const TarEntry& e, const ByteSource& data) -> Status {
        if (e.type != TarEntry::Type::kFile) return Status::Ok();
        Status error;
        set[NormalizeAbsolute(e.path).substr(1)] = HashSource(data, &error);
        return error;
      }));
  return set;
}

}  // namespace mse::attest::sim
