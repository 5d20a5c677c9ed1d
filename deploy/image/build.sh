#!/usr/bin/env bash
# Builds the webhook image deploy/ runs, offline: a self-contained publish of palisade, the libraries it loads, and
# deploy/image/Containerfile built by Debian's buildah (its own storage in a temporary folder, nothing pulled).
# Usage: deploy/image/build.sh [OUT.tar]   (default: palisade-image.tar; an existing file is kept unless --force)
#   writes an OCI archive tagged ghcr.io/palisade-dev/palisade:VERSION (VERSION from Directory.Build.props).
# Push it:     skopeo copy oci-archive:OUT.tar docker://REGISTRY/palisade:VERSION
# Load it:     ctr -n k8s.io images import OUT.tar        (containerd on a node, no registry)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
force=0 out=""
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    *) out="$arg" ;;
  esac
done
out="$(realpath -m "${out:-palisade-image.tar}")"
if [ -e "$out" ] && [ "$force" -ne 1 ]; then
  echo "build.sh: $out exists; pass --force to replace it" >&2
  exit 2
fi
command -v buildah >/dev/null || { echo "build.sh: buildah is not installed: apt-get install -y buildah" >&2; exit 3; }

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)"
image="ghcr.io/palisade-dev/palisade:$version"
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
work="$(mktemp -d /tmp/palisade-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/context/rootfs"
mkdir -p "$rootfs/app" "$rootfs/tmp" "$rootfs/etc"
chmod 1777 "$rootfs/tmp"

echo "build.sh: publishing palisade $version ($rid, self-contained)..." >&2
# Its own build folders (--artifacts-path): nothing shared with ./palisade's or the tests' builds running meanwhile.
dotnet publish "$root/src/Palisade.Cli/Palisade.Cli.csproj" -c Release -r "$rid" --self-contained true --artifacts-path "$work/artifacts" \
  -p:InvariantGlobalization=true -p:DebugType=none -o "$rootfs/app" --nologo -v quiet >&2
# The debugger's and tracing's libraries are not needed to serve (and createdump cannot run without a shell anyway).
rm -f "$rootfs/app/libmscordaccore.so" "$rootfs/app/libmscordbi.so" "$rootfs/app/createdump" "$rootfs/app/libcoreclrtraceptprovider.so"

# Every library the binaries link, plus the OpenSSL libraries .NET opens with dlopen (ldd does not list those).
libs=$( { for f in "$rootfs/app/palisade" "$rootfs"/app/*.so; do ldd "$f" 2>/dev/null || true; done; } \
        | awk '/=> \// {print $3} /^\t\/[^ ]*ld-linux/ {print $1}' | sort -u)
for name in libssl.so.3 libcrypto.so.3; do
  libs+=$'\n'"$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64|AArch64/ {print $NF; exit}')"
done
for lib in $libs; do
  [ -n "$lib" ] || continue
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
# Names for the nonroot user (Kestrel and .NET look the user up; nothing logs in).
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
cp "$root/deploy/image/Containerfile" "$work/context/Containerfile"

echo "build.sh: building $image with buildah..." >&2
store=(--root "$work/storage" --runroot "$work/run" --storage-driver vfs)
buildah "${store[@]}" bud --quiet --layers=false --pull-never -f "$work/context/Containerfile" -t "$image" "$work/context" >&2
buildah "${store[@]}" push --quiet "$image" "oci-archive:$work/image.tar:$image" >&2
mv -f "$work/image.tar" "$out"
echo "build.sh: wrote $out ($image, $(du -h "$out" | cut -f1))" >&2
echo "$image"
