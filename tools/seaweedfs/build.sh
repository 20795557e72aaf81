#!/usr/bin/env bash
# Builds SeaweedFS's weed command (the S3 server of the media tests) into a
# cache folder outside the clone, once per pinned version: about ten
# minutes and 230 MB the first time, nothing after. Prints the binary's path.
#
# Usage: tools/seaweedfs/build.sh   (DATELINE_TOOLS_CACHE, default ~/.cache/dateline-tools)
set -euo pipefail
cd "$(dirname "$0")"
version="$(awk '$1 == "require" && $2 == "github.com/seaweedfs/seaweedfs" {print $3}' go.mod)"
[ -n "$version" ] || { echo "tools/seaweedfs: no pinned version in go.mod" >&2; exit 1; }
cache="${DATELINE_TOOLS_CACHE:-$HOME/.cache/dateline-tools}/seaweedfs-$version"
if [ ! -x "$cache/weed" ]; then
  mkdir -p "$cache"
  echo "tools/seaweedfs: building weed $version into $cache (about ten minutes, once)" >&2
  go build -trimpath -o "$cache/weed.tmp" github.com/seaweedfs/seaweedfs/weed
  mv "$cache/weed.tmp" "$cache/weed"
fi
echo "$cache/weed"
